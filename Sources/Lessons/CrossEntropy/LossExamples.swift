import Book
import CNN

extension Lessons {
    /// Worked cross-entropy for a confident right, an unsure and a confident wrong prediction.
    static let lossExamples = StepDefinition(
        "lossExamples",
        summary: "Work out the loss of a confident right, an unsure and a confident wrong prediction",
        parameters: [.integer("label", default: 3, in: 0...9, help: "the true class y")]
    ) { cell in
        let y = try cell.arguments.integer("label")
        /// The class a wrong prediction favours when `truth` is the true one.
        func wrongClass(_ truth: Int) -> Int { (truth + 5) % 10 }
        let wrong = wrongClass(y)
        /// Ten probabilities for the true class `truth`: `right` on it, `other` on its wrong class, the rest shared evenly.
        func prediction(right: Float, other: Float, for truth: Int) -> [Float] {
            let rest = (1 - right - other) / 8
            return (0..<10).map { k in k == truth ? right : k == wrongClass(truth) ? other : rest }
        }
        func examples(for truth: Int) -> [(String, [Float])] {
            [("confident and right", prediction(right: 0.95, other: 0.01, for: truth)),
             ("unsure", prediction(right: 0.40, other: 0.30, for: truth)),
             ("confident and wrong", prediction(right: 0.01, other: 0.90, for: truth))]
        }
        let cases = examples(for: y)
        let losses = cases.map { Double(sparseCategoricalCrossEntropy(probabilities: $0.1, label: y)) }
        // The same predictions for every other true class: the loss reads p_y alone, so these are the same.
        let elsewhere = (0..<10).filter { $0 != y }.map { other in
            examples(for: other).map { Double(sparseCategoricalCrossEntropy(probabilities: $0.1, label: other)) }
        }
        cell.show(.table(Table(caption: "true class y = \(y)", header: ["prediction", "p_y", "p_\(wrong)", "L = −log p_y"],
                               rows: zip(cases, losses).map { example, loss in
                                   let (name, p) = example
                                   return [name, Format.measured(Double(p[y]), digits: 2), Format.measured(Double(p[wrong]), digits: 2),
                                           Format.measured(loss, digits: 4)]
                               })))
        cell.show(.gallery(cases.map { name, p in
            .barChart(BarChart(caption: name, labels: (0..<10).map(String.init), values: p.map(Double.init), highlighted: [y]))
        }))
        let (right, unsure, wrongLoss) = (losses[0], losses[1], losses[2])
        try cell.claim(right < unsure && unsure < wrongLoss,
                       "Being confidently wrong costs \(Format.fixed(wrongLoss, digits: 2)), \(Format.fixed(wrongLoss / unsure, digits: 1)) times "
                       + "the unsure prediction's \(Format.fixed(unsure, digits: 2)); being confidently right costs only \(Format.fixed(right, digits: 2)).",
                       otherwise: "the losses are \(right), \(unsure), \(wrongLoss): they do not grow from right to unsure to wrong")
        try cell.claim(elsewhere.allSatisfy { $0 == losses },
                       "The loss reads only the probability of the true class: with the same probabilities moved to another "
                       + "true class (any of the other nine), the three losses are the same to the last digit.",
                       otherwise: "the same predictions for another true class give other losses: \(elsewhere.first { $0 != losses } ?? [])")
    }
}
