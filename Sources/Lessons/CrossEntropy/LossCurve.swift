import Book
import CNN
import Foundation

extension Lessons {
    /// The cross-entropy of one digit as a function of the probability given to the right class.
    static let lossCurve = StepDefinition(
        "lossCurve",
        summary: "Plot the loss -log p against the probability p of the right class",
        parameters: [.integer("points", default: 100, in: 10...1000, help: "points on the curve")]
    ) { cell in
        let count = try cell.arguments.integer("points")
        // From p = 1/points to p = 1; the library clips p to [1e-7, 1 - 1e-7] as Keras does.
        let p = (1...count).map { Double($0) / Double(count) }
        // The library's loss of one digit whose right class (0) has probability p.
        func loss(_ p: Double) -> Double {
            Double(sparseCategoricalCrossEntropy(probabilities: [Float(p), Float(1 - p)], label: 0))
        }
        let losses = p.map(loss)
        cell.show(.lineChart(LineChart(caption: "L = −log p_y", xLabel: "p_y, the probability of the right class",
                                       yLabel: "loss", x: p, series: [.init(name: "−log p_y", values: losses)])))
        let (atOne, atHalf, ceiling) = (loss(1), loss(0.5), loss(0))
        // Not 1e-7: 1 − 1e-7 is rounded to a Float, whose spacing below 1 is 2^-24; the nearest is 1 − 2^-23.
        let clippedGap = 1 - Double(Float(1 - 1e-7))
        cell.show(.text("At p = 1 the loss is \(Format.measured(atOne, digits: 4)), not 0: p is clipped to 1 − ε, and the Float "
                        + "nearest to 1 − 10⁻⁷ is 1 − \(Format.measured(clippedGap, digits: 4)). "
                        + "At p = 0.5 it is \(Format.fixed(atHalf, digits: 4)) = log 2."))
        // Keras clips p to [1e-7, 1 − 1e-7]: the clipped loss is −log 1e-7 = 7 log 10 ≈ 16.118.
        try cell.claim(abs(ceiling - 7 * log(10.0)) < 1e-3 && losses.allSatisfy { $0 <= ceiling },
                       "A probability of exactly 0 is clipped to 1e-7 and costs \(Format.fixed(ceiling, digits: 4)), the most one digit can cost.",
                       otherwise: "a probability of 0 costs \(ceiling), not −log 1e-7 ≈ 16.1181, or a point of the curve costs more")
    }
}
