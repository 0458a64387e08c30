import Book
import CNN
import Foundation

extension Lessons {
    /// The fused softmax-cross-entropy gradient p - onehot(y), against finite differences.
    static let gradientCheck = StepDefinition(
        "gradientCheck",
        summary: "Check dL/dz = p - onehot(y) against finite differences",
        parameters: [
            .integer("label", default: 3, in: 0...9, help: "the true class y"),
            .integer("seed", default: 7, in: 0...1_000_000, help: "seed for the random logits"),
        ]
    ) { cell in
        let y = try cell.arguments.integer("label")
        var generator = Xoshiro256StarStar(seed: UInt64(try cell.arguments.integer("seed")))
        let z = (0..<10).map { _ in generator.nextUniform(-3, 3) }

        // The library's gradient of the mean loss, for a batch of one digit.
        let gradient = softmaxCrossEntropyGradient(logits: Tensor(shape: [1, 10], scalars: z), labels: [y]).scalars
        let p = softmax(z)

        // L(z) = -log softmax(z)[y] in Double; central differences with step h.
        func loss(_ z: [Double]) -> Double {
            let m = z.max()!
            return -(z[y] - m - log(z.map { exp($0 - m) }.reduce(0, +)))
        }
        let h = 1e-5
        let numeric = (0..<10).map { k -> Double in
            var plus = z.map(Double.init), minus = plus
            plus[k] += h
            minus[k] -= h
            return (loss(plus) - loss(minus)) / (2 * h)
        }
        let differences = (0..<10).map { abs(Double(gradient[$0]) - numeric[$0]) }
        cell.show(.table(Table(caption: "random logits z (seed \(try cell.arguments.integer("seed"))), true class y = \(y)",
                               header: ["k", "z_k", "p_k", "p_k − [k = y] (library)", "finite difference", "|difference|"],
                               rows: (0..<10).map { k in
                                   ["\(k)", Format.measured(Double(z[k]), digits: 3), Format.measured(Double(p[k]), digits: 5),
                                    Format.measured(Double(gradient[k]), digits: 6), Format.measured(numeric[k], digits: 6),
                                    Format.short(differences[k])]
                               })))
        // Float keeps about 7 digits; the gradient's entries are at most 1 in size.
        let tolerance = 1e-5, largest = differences.max() ?? 0
        try cell.claim(largest < tolerance,
                       "Largest difference: \(Format.short(largest)), within Float rounding (below \(Format.short(tolerance))): "
                       + "the library's gradient is p − onehot(y).",
                       otherwise: "the library's gradient and the finite differences differ by up to \(Format.short(largest)), "
                       + "more than Float rounding (\(Format.short(tolerance)))")
        let negative = (0..<10).filter { gradient[$0] < 0 }
        try cell.claim(negative == [y],
                       "Only class \(y)'s entry is negative (p_\(y) − 1); every other entry is p_k − 0 > 0.",
                       otherwise: "the negative entries are those of classes \(negative), not just the true class \(y)")
    }
}
