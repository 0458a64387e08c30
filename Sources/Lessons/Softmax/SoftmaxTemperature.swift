import Book
import CNN

extension Lessons {
    /// The same logits through softmax at several temperatures.
    static let softmaxTemperature = StepDefinition(
        "softmaxTemperature",
        summary: "Show how dividing the logits by a temperature sharpens or flattens softmax",
        parameters: [
            .integer("index", default: 460, in: 400...499, help: "which held-out digit (#400-#499 of the shipped 500)"),
            // From 0.01 (logits/T stays far inside Float's range) to 1000 (every p ≈ 0.1).
            .numbers("temperatures", default: [0.5, 1, 2, 5], count: 1...12, each: 0.01...1000, help: "temperatures T"),
        ],
        data: .sample
    ) { cell in
        let sample = try Datasets.sample(cell).normalized()  // as the model was trained
        let model = try cell.state.get(Sequential.self, "sampleModel")
        let index = try SampleSplit(sample).heldOut(try cell.arguments.integer("index"), in: sample)
        let activations = model.activations(for: sample.image(at: index))
        let logits = activations[activations.count - 2].scalars

        var charts: [Output] = []
        for T in try cell.arguments.numbers("temperatures") {
            let p = softmax(logits.map { $0 / Float(T) })
            charts.append(.barChart(BarChart(caption: "T = \(Format.short(T)): top p = \(Format.fixed(Double(p[Prediction.best(p)]), digits: 3))",
                                             labels: (0..<10).map(String.init), values: p.map(Double.init),
                                             highlighted: [sample.label(at: index)])))
        }
        cell.show(.gallery(charts))
    }
}
