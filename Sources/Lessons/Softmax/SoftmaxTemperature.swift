import Book
import CNN

extension Lessons {
    /// The logits of the digit `softmaxDigit` showed, through softmax at several temperatures.
    static let softmaxTemperature = StepDefinition(
        "softmaxTemperature",
        summary: "Show how dividing the logits by a temperature sharpens or flattens softmax",
        parameters: [
            // From 0.01 (logits/T stays far inside Float's range) to 1000 (every p ≈ 0.1).
            .numbers("temperatures", default: [0.5, 1, 2, 5], count: 1...12, each: 0.01...1000, help: "temperatures T"),
        ],
        needs: ["logits", "label"]
    ) { cell in
        // The digit of the softmaxDigit cell before: its logits, and its true class.
        let (logits, label) = (try StoredState.logits(cell), try StoredState.label(cell))

        var charts: [Output] = []
        for T in try cell.arguments.numbers("temperatures") {
            let p = softmax(logits.map { $0 / Float(T) })
            charts.append(.barChart(BarChart(caption: "T = \(Format.short(T)): top p = \(Format.fixed(Double(p[Prediction.best(p)]), digits: 3))",
                                             labels: p.indices.map(String.init), values: p.map(Double.init),
                                             highlighted: [label])))
        }
        cell.show(.gallery(charts))
    }
}
