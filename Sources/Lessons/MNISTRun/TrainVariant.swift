import Book
import CNN

extension Lessons {
    /// The reference experiment again with one thing changed: the model or the pixel scale.
    static let trainVariant = StepDefinition(
        "trainVariant",
        summary: "Train a variant (the CNN or a dense-only network, raw or scaled pixels) the same way",
        parameters: [
            .choice("model", ["cnn", "dense"], default: "cnn", help: "cnn: Conv2D -> ReLU -> Flatten -> Dense; dense: Flatten -> Dense"),
            .boolean("normalize", default: true, help: "divide pixels by 255"),
            .integer("epochs", default: 5, in: 1...100, help: "passes over the training images"),
            .integer("batchSize", default: 64, in: 1...60000, help: "images per step"),
            .number("validationSplit", default: 0.2, in: 0...0.9, help: "fraction held out, taken from the end"),
            .integer("filters", default: Runs.referenceFilters, in: 1...64, help: "convolution filters (cnn only)")
                .only(when: "model", is: "cnn"),
        ],
        data: .mnist,
        cost: .long,
        makes: [Runs.stateKey],
        validate: { arguments in
            // A dense network has no convolution: a filter count other than the default would be
            // silently ignored, and the reader told nothing. (A cell that writes filters with
            // model=dense is refused as it is resolved; this catches a variant's pair of values.)
            if try arguments.string("model") == "dense", try arguments.integer("filters") != Runs.referenceFilters {
                throw StepError.invalidArguments("filters sets the convolution of model=cnn; model=dense has none: "
                                                 + "leave filters out, or train model=cnn", parameter: "filters")
            }
        }
    ) { cell in
        let normalize = try cell.arguments.boolean("normalize")
        let dense = try cell.arguments.string("model") == "dense"
        var model = dense ? Sequential.denseModel(seed: cell.seed)
                          : Sequential.referenceModel(filters: try cell.arguments.integer("filters"), kernelSize: 3, seed: cell.seed)
        let name = Runs.name(dense: dense, filters: try cell.arguments.integer("filters"), normalize: normalize, sayPixels: true)
        _ = try Runs.train(&model, name: name, normalize: normalize, cell)
    }
}
