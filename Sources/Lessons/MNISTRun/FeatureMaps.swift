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
        // One scale for every map, so that a kernel that barely responds looks it: each map's own
        // largest value drawn black would make a map of its bias alone look like a strong response.
        let filters = maps.shape[2]
        let largest = maps.scalars.filter(\.isFinite).max() ?? 0
        let pictures = try (0..<filters).map { o in
            Output.image(try Pictures.grayMap(maps, channel: o, top: largest, caption: "map \(o + 1) (kernel \(o + 1))"))
        }
        cell.show(.gallery([.image(Pictures.digit(test, index, caption: "test #\(index), label \(test.label(at: index))"))] + pictures))
        let scale = largest > 0
            ? "All maps share one scale: black is the largest response of any of them, \(Format.compact(Double(largest))), and white none "
                + "(ReLU removed the negatives). "
            : "Every map is 0 everywhere (ReLU removed the negatives): white, no response at all. "
        let label = test.label(at: index)
        cell.show(.text(scale + "The network reads these maps and answers \(predicted) with probability \(Format.probability(Double(p[predicted]), digits: 1))"
                        + Prediction.verdict(answer: predicted, label: label)))
    }
}
