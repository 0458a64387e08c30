import Book
import CNN

extension Lessons {
    /// One digit's logits and probabilities through the sample-trained network.
    static let softmaxDigit = StepDefinition(
        "softmaxDigit",
        summary: "Show a held-out digit's logits and softmax probabilities",
        parameters: [.integer("index", default: 460, in: 400...499, help: "which held-out digit (#400-#499 of the shipped 500)")],
        data: .sample,
        needs: ["sampleModel"],
        makes: ["logits", "label"],
        checkData: { arguments, data in
            let sample = try Datasets.sample(data)
            _ = try SampleSplit(sample).heldOut(try arguments.integer("index"), in: sample)
        }
    ) { cell in
        let sample = try Datasets.sample(cell).normalized()  // as the model was trained
        let model = try StoredState.digitModel(cell, "sampleModel")
        let index = try SampleSplit(sample).heldOut(try cell.arguments.integer("index"), in: sample)
        let label = sample.label(at: index)
        // The layers are conv, relu, flatten, dense, softmax: the dense output is the logits.
        let activations = model.activations(for: sample.image(at: index))
        let (logits, p) = (activations[activations.count - 2].scalars, activations[activations.count - 1].scalars)
        // The later cells of the chapter look at this digit's logits (softmaxOverflow, softmaxTemperature).
        try cell.state.set("logits", logits)
        try cell.state.set("label", label)

        cell.show(.image(Pictures.digit(sample, index, caption: "sample #\(index), label \(label)")))
        cell.show(.table(Table(caption: "logits z and probabilities p = softmax(z)", header: ["class", "z", "p"],
                               rows: (0..<10).map { k in
                                   ["\(k)" + (k == label ? " (true)" : ""), Format.measured(Double(logits[k]), digits: 3),
                                    Format.measured(Double(p[k]), digits: 4)]
                               })))
        cell.show(.barChart(BarChart(caption: "softmax probabilities (the true class highlighted)",
                                     labels: (0..<10).map(String.init), values: p.map(Double.init), highlighted: [label])))
        let total = Double(p.reduce(0, +)), answer = Prediction.best(p)
        // Ten Float probabilities, each rounded once: their sum is 1 to a few ulps.
        try cell.claim(abs(total - 1) < 1e-5,
                       "The probabilities add up to \(Format.fixed(total, digits: 6)); the model's answer is \(answer)"
                       + Prediction.verdict(answer: answer, label: label),
                       otherwise: "the probabilities add up to \(total), not 1")
    }
}
