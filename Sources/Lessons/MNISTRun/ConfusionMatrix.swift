import Book
import CNN

extension Lessons {
    /// Counts of true class against predicted class on the test set.
    static let confusionMatrix = StepDefinition(
        "confusionMatrix",
        summary: "Show the 10x10 confusion matrix of the test set",
        data: .mnist,
        needs: [TrainedModel.stateKey]
    ) { cell in
        let trained = try StoredState.trainedModel(cell)
        let (model, test) = (trained.model, try trained.testDigits(cell))
        let p = model.predict(test)
        // counts[r * 10 + c]: digits of class r that the network called c.
        var counts = [Double](repeating: 0, count: 100)
        for n in 0..<test.count {
            counts[test.label(at: n) * 10 + Prediction.best(p.scalars[n * 10 ..< n * 10 + 10])] += 1
        }
        // The right answers (about a thousand per digit) would wash out the mistakes (tens at most),
        // so the mistakes get a map of their own with the diagonal left out.
        let digits = (0..<10).map(String.init)
        let mistakes = (0..<100).map { $0 / 10 == $0 % 10 ? 0 : counts[$0] }
        cell.show(.gallery([
            .heatmap(Heatmap(caption: "every test digit: row = true digit, column = predicted digit", width: 10, height: 10,
                             values: counts, rowLabels: digits, columnLabels: digits, showValues: true, signed: false)),
            .heatmap(Heatmap(caption: "the mistakes only (the diagonal left out)", width: 10, height: 10,
                             values: mistakes, rowLabels: digits, columnLabels: digits, showValues: true, signed: false)),
        ]))
        let right = (0..<10).map { counts[$0 * 11] }.reduce(0, +)
        cell.show(.text("The diagonal holds \(Int(right)) of the \(test.count) test digits; \(mostCommonMistakes(counts))."))
    }
}
