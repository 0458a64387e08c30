import Book
import CNN

extension Lessons {
    /// Trains the reference network on the digits shipped with the book, for chapters 3-5.
    static let trainSample = StepDefinition(
        "trainSample",
        summary: "Train the reference network briefly on the 500 sample digits (400 to train, 100 held out), pixels / 255",
        parameters: [
            .integer("epochs", default: 15, in: 1...200, help: "passes over the 400 training digits"),
            .integer("batchSize", default: 32, in: 1...400, help: "digits per step"),
        ],
        data: .sample
    ) { cell in
        // Pixels divided by 255 keep the logits moderate, so softmax has something to show
        // (chapter 4 measures what raw pixels do to them).
        let sample = try Datasets.sample(cell).normalized()
        let (train, heldOut) = (sample.subset(0..<400), sample.subset(400..<500))
        var model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: cell.seed)
        let history = model.fit(train, epochs: cell.arguments.integer("epochs"),
                                batchSize: cell.arguments.integer("batchSize"), seed: cell.seed)
        let held = model.evaluate(heldOut)
        try cell.state.set("sampleModel", model)

        cell.show(.lineChart(LineChart(caption: "training on 400 sample digits",
                                       xLabel: "epoch", yLabel: "loss", x: history.epochs.map { Double($0.epoch) },
                                       series: [.init(name: "loss", values: history.loss)])))
        let last = history.epochs.last!
        cell.show(.text("After \(last.epoch) epochs: training accuracy \(Format.percent(last.accuracy)), "
                        + "accuracy on the 100 held-out digits (#400-#499) \(Format.percent(held.accuracy)). "
                        + "Far from chapter 6's network, but its logits are real."))
    }
}
