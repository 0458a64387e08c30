import Book
import CNN

extension Lessons {
    /// Trains the reference network on the digits shipped with the book, for chapters 3-5.
    static let trainSample = StepDefinition(
        "trainSample",
        summary: "Train the reference network briefly on the sample digits (the first 4/5 to train, the last 1/5 held out), pixels / 255",
        parameters: [
            .integer("epochs", default: 15, in: 1...200, help: "passes over the training digits"),
            .integer("batchSize", default: 32, in: 1...400, help: "digits per step"),
        ],
        data: .sample,
        cost: .long,
        makes: ["sampleModel"],
        checkData: { _, data in _ = try SampleSplit(try Datasets.sample(data)) }
    ) { cell in
        // Pixels divided by 255 keep the logits moderate, so softmax has something to show
        // (chapter 4 measures what raw pixels do to them).
        let sample = try Datasets.sample(cell).normalized()
        let split = try SampleSplit(sample)
        let (train, heldOut) = (sample.subset(split.training), sample.subset(split.heldOut))
        var model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: cell.seed)
        // A batch larger than the training digits is simply all of them, as in Keras.
        let history = try model.fit(train, epochs: try cell.arguments.integer("epochs"),
                                    batchSize: try cell.arguments.integer("batchSize"), seed: cell.seed,
                                    throwingOnBatch: { _ in try cell.stopIfNobodyWaits() })  // in `tutor serve`, a reader who left
        guard history.loss.allSatisfy(\.isFinite) else {
            throw StepError.failed("training diverged: the loss stopped being a finite number; try fewer epochs or another batch size")
        }
        let held = model.evaluate(heldOut)
        try cell.state.set("sampleModel", model)

        cell.show(.lineChart(LineChart(caption: "training on \(train.count) sample digits",
                                       xLabel: "epoch", yLabel: "loss", x: history.epochs.map { Double($0.epoch) },
                                       series: [.init(name: "loss", values: history.loss)])))
        let last = history.epochs[history.epochs.count - 1]  // fit runs at least one epoch
        cell.show(.text("After \(last.epoch) epoch\(last.epoch == 1 ? "" : "s") on \(Datasets.describe(train.count)) "
                        + "(\(SampleSplit.describe(split.training))): training accuracy \(Format.percent(last.accuracy)), "
                        + "accuracy on the \(heldOut.count) held-out digit\(heldOut.count == 1 ? "" : "s") "
                        + "(\(SampleSplit.describe(split.heldOut))) \(Format.percent(held.accuracy)). "
                        + "Chapter 6 trains the same network on the full MNIST training set; this one is here to give real logits."))
    }
}
