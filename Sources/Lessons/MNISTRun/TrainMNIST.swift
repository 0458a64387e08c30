import Book
import CNN

extension Lessons {
    /// The reference experiment on the full MNIST training set.
    static let trainMNIST = StepDefinition(
        "trainMNIST",
        summary: "Train Conv2D(filters, 3x3) -> ReLU -> Flatten -> Dense(10) -> softmax on MNIST with Adam",
        parameters: [
            .integer("epochs", default: 5, in: 1...100, help: "passes over the training images"),
            .integer("batchSize", default: 64, in: 1...60000, help: "images per step"),
            .number("validationSplit", default: 0.2, in: 0...0.9, help: "fraction held out, taken from the end"),
            .integer("filters", default: Runs.referenceFilters, in: 1...64, help: "convolution filters"),
            .boolean("normalize", default: false, help: "divide pixels by 255"),
        ],
        data: .mnist,
        cost: .long,
        makes: [TrainedModel.stateKey, Runs.stateKey]
    ) { cell in
        var model = Sequential.referenceModel(filters: try cell.arguments.integer("filters"), kernelSize: 3, seed: cell.seed)
        cell.show(.preformatted(model.summary))
        let normalize = try cell.arguments.boolean("normalize")
        let filters = try cell.arguments.integer("filters")
        _ = try Runs.train(&model, name: Runs.name(dense: false, filters: filters, normalize: normalize, sayPixels: normalize), normalize: normalize, cell)
        try cell.state.set(TrainedModel.stateKey, TrainedModel(model: model, normalized: normalize))
    }
}
