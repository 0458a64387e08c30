import Book
import CNN

extension Lessons {
    /// The chapter's training runs side by side.
    static let compareRuns = StepDefinition(
        "compareRuns",
        summary: "Compare the chapter's training runs: accuracy, loss and size"
    ) { cell in
        let runs = try Runs.all(cell)
        guard !runs.isEmpty else { throw StepError.missingState(Runs.stateKey) }
        cell.show(.table(Table(caption: "every run: 5 epochs of Adam, batch 64, the last 20% held out",
                               header: ["model", "pixels", "parameters", "train acc.", "val acc.", "test acc.", "test loss"],
                               rows: runs.map { run in
                                   let last = run.history.epochs.last!
                                   return [run.name, run.pixels, "\(run.parameterCount)", Format.percent(last.accuracy),
                                           Format.percent(last.validationAccuracy ?? .nan), Format.percent(run.test.accuracy),
                                           Format.fixed(run.test.loss)]
                               })))
        let x = runs[0].history.epochs.map { Double($0.epoch) }
        let comparable = runs.filter { $0.history.epochs.count == x.count }
        cell.show(.lineChart(LineChart(caption: "validation accuracy per epoch", xLabel: "epoch", yLabel: "accuracy", x: x,
                                       series: comparable.map { .init(name: $0.name, values: $0.history.validationAccuracy) })))
        let cnn = runs.first { $0.name.hasPrefix("CNN") }, dense = runs.first { $0.name.hasPrefix("Dense") }
        if let cnn, let dense {
            let errorsCNN = 1 - cnn.test.accuracy, errorsDense = 1 - dense.test.accuracy
            cell.show(.text("On the test set the CNN (\(cnn.pixels)) makes \(Format.percent(errorsCNN)) errors and the dense-only network "
                            + "(\(dense.pixels)) \(Format.percent(errorsDense)): "
                            + (errorsCNN < errorsDense
                               ? "the convolution removes \(Format.percent((errorsDense - errorsCNN) / errorsDense, digits: 0)) of the dense network's mistakes."
                               : "here the convolution does not help.")))
        }
    }
}
