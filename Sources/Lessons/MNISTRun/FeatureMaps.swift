import Book
import CNN

extension Lessons {
    /// One test digit through each learned kernel and ReLU.
    static let featureMaps = StepDefinition(
        "featureMaps",
        summary: "Show the feature maps of one test digit after the learned convolution and ReLU",
        parameters: [.integer("index", default: 0, in: 0...9999, help: "which test digit")],
        data: .mnist,
        needs: [TrainedModel.stateKey],
        checkData: { arguments, data in
            _ = try Datasets.checked(try arguments.integer("index"), in: try Datasets.test(data), "the test set")
        }
    ) { cell in
        let trained = try StoredState.trainedModel(cell)
        let (model, test) = (trained.model, try trained.testDigits(cell))
        let index = try Datasets.checked(try cell.arguments.integer("index"), in: test, "the test set")
        let activations = model.activations(for: test.image(at: index))
        let maps = activations[1]  // after conv and ReLU: [26, 26, filters]
        let p = activations[activations.count - 1].scalars
        let predicted = Prediction.best(p)
        let pictures = try (0..<maps.shape[2]).map { o in
            Output.image(try Pictures.grayMap(maps, channel: o, caption: "map \(o + 1) (kernel \(o + 1))"))
        }
        cell.show(.gallery([.image(Pictures.digit(test, index, caption: "test #\(index), label \(test.label(at: index))"))] + pictures))
        cell.show(.text("Dark is a strong response, white none (ReLU removed the negatives). "
                        + "The network reads these maps and answers \(predicted) with probability \(Format.probability(Double(p[predicted]), digits: 1))."))
    }
}
