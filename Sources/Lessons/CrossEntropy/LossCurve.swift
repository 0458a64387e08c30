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
        let count = cell.arguments.integer("points")
        // From p = 0.01 to p = 1; the library clips p to [1e-7, 1 - 1e-7] as Keras does.
        let p = (1...count).map { Double($0) / Double(count) }
        let loss = p.map { p in
            var probabilities = [Float](repeating: 0, count: 2)
            probabilities[0] = Float(p)
            return Double(sparseCategoricalCrossEntropy(probabilities: probabilities, label: 0))
        }
        cell.show(.lineChart(LineChart(caption: "L = −log p_y", xLabel: "p_y, the probability of the right class",
                                       yLabel: "loss", x: p, series: [.init(name: "−log p_y", values: loss)])))
        let ceiling = sparseCategoricalCrossEntropy(probabilities: [0, 1], label: 0)
        cell.show(.text("At p = 1 the loss is \(Format.fixed(loss.last!, digits: 4)); at p = 0.5 it is "
                        + "\(Format.fixed(loss[count / 2 - 1], digits: 4)); a probability of exactly 0 is clipped to 1e-7 "
                        + "and costs \(Format.fixed(Double(ceiling), digits: 4)), the most one digit can cost."))
    }
}
