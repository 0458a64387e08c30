import Book
import CNN
import Foundation

extension Lessons {
    /// The naive softmax overflowing on large logits, and the stable form not.
    static let softmaxOverflow = StepDefinition(
        "softmaxOverflow",
        summary: "Compare the naive and the max-subtracted softmax on scaled-up logits",
        parameters: [.number("scale", default: 100, in: 0.001...1_000_000, help: "factor applied to the logits")]
    ) { cell in
        let scale = Float(cell.arguments.number("scale"))
        let z = try cell.state.get([Float].self, "logits").map { $0 * scale }

        // Naive: e^z / Σ e^z, in Float, as written in the formula.
        let exponentials = z.map { expf($0) }
        let naive = exponentials.map { $0 / exponentials.reduce(0, +) }
        // Stable: subtract the largest logit first, so the largest exponent is e^0 = 1.
        let stable = softmax(z)

        cell.show(.table(Table(caption: "logits × \(Format.short(Double(scale))), computed in Float",
                               header: ["class", "z", "naive e^z", "naive p", "stable p"],
                               rows: (0..<z.count).map { k in
                                   ["\(k)", Format.short(Double(z[k])), Format.short(Double(exponentials[k])),
                                    Format.short(Double(naive[k])), Format.short(Double(stable[k]))]
                               })))
        let limit = log(Double(Float.greatestFiniteMagnitude))
        cell.show(.text("The largest Float is \(Format.short(Double(Float.greatestFiniteMagnitude))) = e^\(Format.fixed(limit, digits: 2)): "
                        + "e^z of any larger z is infinite."))
        let broken = naive.filter { !$0.isFinite }.count
        cell.show(.text(broken == 0
            ? "At this scale the naive form still works: every e^z fits in a Float."
            : "The naive form gives \(broken) non-number\(broken == 1 ? "" : "s") (NaN) out of \(z.count): e^z overflowed to infinity, and ∞/∞ is undefined. The stable form still sums to \(Format.fixed(Double(stable.reduce(0, +)), digits: 6))."))
    }
}
