import Book
import CNN

extension Lessons {
    /// Test digits the trained network got wrong.
    static let misclassified = StepDefinition(
        "misclassified",
        summary: "Show test digits the network misclassified, with true and predicted labels",
        parameters: [
            .integer("count", default: 24, in: 1...200, help: "how many to show"),
            .integer("from", default: 0, in: 0...9999, help: "how many mistakes to skip first (0: from the first)"),
        ],
        data: .mnist,
        needs: [TrainedModel.stateKey]
    ) { cell in
        let trained = try StoredState.trainedModel(cell)
        let (model, test) = (trained.model, try trained.testDigits(cell))
        let p = model.predict(test)  // [10000, 10]
        let (count, skip) = (try cell.arguments.integer("count"), try cell.arguments.integer("from"))
        var wrong: [Output] = [], total = 0
        for n in 0..<test.count {
            let row = Array(p.scalars[n * 10 ..< n * 10 + 10])
            let predicted = Prediction.best(row)
            guard predicted != test.label(at: n) else { continue }
            total += 1
            if total > skip && wrong.count < count {
                wrong.append(.image(Pictures.digit(test, n, caption: "#\(n): \(test.label(at: n)) → \(predicted) (\(Format.probability(Double(row[predicted]), digits: 0)))")))
            }
        }
        let misclassified = "\(total) of the \(test.count) test digits \(total == 1 ? "is" : "are") misclassified"
        guard !wrong.isEmpty else {
            cell.show(.text(total == 0 ? "None of the \(test.count) test digits is misclassified: there is nothing to show."
                                       : "\(misclassified): none is left after skipping \(skip)."))
            return
        }
        // The sentence counts what is shown: fewer than asked for when there are fewer mistakes.
        let one = wrong.count == 1
        let shown = wrong.count == total ? (one ? "The one mistake" : "All \(total)")
            : skip == 0 ? (one ? "The first mistake" : "The first \(wrong.count)")
            : one ? "Mistake \(skip + 1)" : "Mistakes \(skip + 1) to \(skip + wrong.count)"
        cell.show(.text("\(misclassified). \(shown)"
                        + ", captioned “true → predicted (probability of the prediction)”:"))
        cell.show(.gallery(wrong))
    }
}
