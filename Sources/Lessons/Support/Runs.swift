import Book
import CNN

/// One full training run of chapter 6, as the comparison table needs it.
struct RunSummary: Codable {
    var name: String
    var pixels: String
    var history: History
    var test: Evaluation
    var parameterCount: Int
}

enum Runs {
    static let stateKey = "runs"

    /// The runs so far in this chapter, in the order they were trained.
    static func all(_ cell: CellContext) throws -> [RunSummary] {
        cell.state.has(stateKey) ? try cell.state.get([RunSummary].self, stateKey) : []
    }

    /// Records a run, replacing an earlier one of the same name.
    static func record(_ run: RunSummary, _ cell: CellContext) throws {
        try cell.state.set(stateKey, try all(cell).filter { $0.name != run.name } + [run])
    }

    /// Trains `model` as the reference experiment does and shows its log, table and curves.
    static func train(_ model: inout Sequential, name: String, normalize: Bool, _ cell: CellContext) throws -> RunSummary {
        let training = try Datasets.training(cell).normalized(normalize)
        let test = try Datasets.test(cell).normalized(normalize)
        let epochs = cell.arguments.integer("epochs"), batchSize = cell.arguments.integer("batchSize")
        var batches = 0  // per epoch, as fit counts them
        let history = model.fit(training, epochs: epochs, batchSize: batchSize,
                                validationSplit: cell.arguments.number("validationSplit"), seed: cell.seed,
                                onBatch: { progress in
                                    batches = progress.batches
                                    if progress.batch % 50 == 0 || progress.batch == progress.batches {
                                        cell.progress("\(name): epoch \(progress.epoch)/\(progress.epochs), "
                                                      + "batch \(progress.batch)/\(progress.batches), loss \(Format.fixed(progress.loss, digits: 4))")
                                    }
                                })
        cell.show(.preformatted(history.epochs.map { KerasLog.epoch($0, of: epochs, batches: batches) }.joined(separator: "\n")))
        cell.show(.table(Table(caption: "\(name): history", header: ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"],
                               rows: history.epochs.map { e in
                                   ["\(e.epoch)", Format.fixed(e.loss), Format.percent(e.accuracy),
                                    Format.fixed(e.validationLoss ?? .nan), Format.percent(e.validationAccuracy ?? .nan),
                                    Format.fixed(e.seconds, digits: 2)]
                               })))
        let x = history.epochs.map { Double($0.epoch) }
        cell.show(.gallery([
            .lineChart(LineChart(caption: "\(name): loss", xLabel: "epoch", yLabel: "loss", x: x,
                                 series: [.init(name: "training", values: history.loss),
                                          .init(name: "validation", values: history.validationLoss)])),
            .lineChart(LineChart(caption: "\(name): accuracy", xLabel: "epoch", yLabel: "accuracy", x: x,
                                 series: [.init(name: "training", values: history.accuracy),
                                          .init(name: "validation", values: history.validationAccuracy)])),
        ]))
        let evaluation = model.evaluate(test)
        cell.show(.text("\(name): trained in \(Format.fixed(history.seconds, digits: 2)) s on this machine "
                        + "(the only figure on this page that changes from build to build). "
                        + "Test accuracy on the 10,000 test digits: \(Format.percent(evaluation.accuracy))."))
        let run = RunSummary(name: name, pixels: normalize ? "divided by 255" : "raw 0…255", history: history,
                             test: evaluation, parameterCount: model.parameterCount)
        try record(run, cell)
        return run
    }
}
