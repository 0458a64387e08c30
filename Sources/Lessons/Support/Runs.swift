import Book
import CNN

/// One full training run of chapter 6, as the comparison table needs it.
struct RunSummary: Codable {
    var name: String
    var pixels: String
    var history: History
    var test: Evaluation
    var parameterCount: Int
    /// How it was trained, for the comparison's caption.
    var settings: TrainingSettings
}

/// How a run was trained (always with Adam, as the reference run).
struct TrainingSettings: Codable, Equatable {
    var epochs: Int
    var batchSize: Int
    var validationSplit: Double
    /// How many images the split held out. (A run saved by an older `Runs` is never decoded by
    /// this one: editing this file changes the cache key of every step that reaches it.)
    var heldOut: Int

    /// "5 epochs of Adam, batches of 64, the last 12000 images (20%) held out": the count, as the
    /// percent alone rounds (a split of 0.001 held out 60 images, not "0%").
    var description: String {
        "\(epochs) epoch\(epochs == 1 ? "" : "s") of Adam, batches of \(batchSize), " + heldOutText
    }

    private var heldOutPercent: String {
        let percent = validationSplit * 100
        return percent == percent.rounded() ? "\(Int(percent))%" : Format.percent(validationSplit, digits: 2)
    }

    private var heldOutText: String {
        heldOut == 0 ? "nothing held out" : "the last \(heldOut) image\(heldOut == 1 ? "" : "s") (\(heldOutPercent)) held out"
    }
}

enum Runs {
    static let stateKey = "runs"
    /// The reference model's convolution filters (the Keras run's `Conv2D(4, ...)`).
    static let referenceFilters = 4

    /// The runs so far in this chapter, in the order they were trained.
    static func all(_ cell: CellContext) throws -> [RunSummary] {
        let runs = cell.state.has(stateKey) ? try cell.state.get([RunSummary].self, stateKey) : []
        // Every run trained at least one epoch (see `StoredState`).
        if let empty = runs.first(where: { $0.history.epochs.isEmpty }) {
            throw StoredState.unexpected(stateKey, "the run '\(empty.name)' with no epoch", expected: "runs of at least one epoch")
        }
        return runs
    }

    /// Records a run after those before it. A run named as an earlier one (two cells training the
    /// same model) is told apart by its number, "CNN, run 2": every run of the chapter is compared.
    static func record(_ run: RunSummary, _ cell: CellContext) throws {
        let runs = try all(cell)
        var recorded = run
        let earlier = runs.filter { $0.name == run.name || $0.name.hasPrefix(run.name + ", run ") }.count
        if earlier > 0 { recorded.name = "\(run.name), run \(earlier + 1)" }
        try cell.state.set(stateKey, runs + [recorded])
    }

    /// A run's name from its model: "CNN", with its filters when not the reference's 4, and how
    /// its pixels were fed when `pixels` (the variants compare that).
    static func name(dense: Bool, filters: Int, normalize: Bool, sayPixels: Bool) -> String {
        var name = dense ? "Dense only" : "CNN"
        if !dense && filters != referenceFilters { name += filters == 1 ? ", 1 filter" : ", \(filters) filters" }
        if sayPixels { name += normalize ? ", pixels / 255" : ", raw pixels" }
        return name
    }

    /// Trains `model` as the reference experiment does and shows its log, table and curves.
    static func train(_ model: inout Sequential, name: String, normalize: Bool, _ cell: CellContext) throws -> RunSummary {
        let training = try Datasets.training(cell).normalized(normalize)
        let test = try Datasets.test(cell).normalized(normalize)
        let validationSplit = try cell.arguments.number("validationSplit")
        let trainCount = Sequential.trainingCount(of: training.count, validationSplit: validationSplit)
        // A batch larger than the images trained on is all of them: say the size it really has.
        let settings = TrainingSettings(epochs: try cell.arguments.integer("epochs"),
                                        batchSize: min(try cell.arguments.integer("batchSize"), max(trainCount, 1)),
                                        validationSplit: validationSplit, heldOut: training.count - trainCount)
        guard trainCount > 0 else {
            throw StepError.failed("validationSplit=\(ParameterValue.number(settings.validationSplit).sourceText) leaves none of the "
                                   + "\(Datasets.describe(training.count)) to train on")
        }
        guard test.count > 0 else { throw StepError.failed("the test set holds no images to evaluate on") }
        cell.show(.text("\(name): \(settings.description), learning from \(trainCount) of the \(training.count) training images, "
                        + (normalize ? "pixels divided by 255." : "raw pixels from 0 to 255.")))
        var batches = 0  // per epoch, as fit counts them
        // The loss so far, every `every` batches, at its fraction of the epochs: drawn live as it
        // grows. Past 200 points every other one is dropped and `every` doubles, so a long run on
        // small batches draws a chart of at most 200 points, as often as a short one, not one
        // that grows (and is sent again) with every batch.
        var soFar: (x: [Double], loss: [Double]) = ([], [])
        var every = 50
        let history = try model.fit(training, epochs: settings.epochs, batchSize: settings.batchSize,
                                validationSplit: settings.validationSplit, seed: cell.seed,
                                throwingOnBatch: { progress in
                                    try cell.stopIfNobodyWaits()  // in `tutor serve`, a reader who left
                                    batches = progress.batches
                                    if progress.batch % every == 0 || progress.batch == progress.batches {
                                        cell.progress("\(name): epoch \(progress.epoch)/\(progress.epochs), "
                                                      + "batch \(progress.batch)/\(progress.batches), loss \(Format.fixed(progress.loss, digits: 4))")
                                        soFar.x.append(Double(progress.epoch - 1) + Double(progress.batch) / Double(progress.batches))
                                        soFar.loss.append(progress.loss)
                                        if soFar.x.count > 200 {
                                            let kept = stride(from: 1, to: soFar.x.count, by: 2)
                                            soFar = (kept.map { soFar.x[$0] }, kept.map { soFar.loss[$0] })
                                            every *= 2
                                        }
                                        if soFar.x.count >= 2, soFar.loss.allSatisfy(\.isFinite) {
                                            cell.showProvisional(.lineChart(LineChart(
                                                caption: "\(name): loss so far (mean over the epoch's batches)", xLabel: "epoch", yLabel: "loss",
                                                x: soFar.x, series: [.init(name: "training", values: soFar.loss)])))
                                        }
                                    }
                                })
        guard history.epochs.allSatisfy({ $0.metrics.allSatisfy { $0?.isFinite ?? true } }) else {
            throw StepError.failed("\(name): training diverged, the loss is no longer a finite number")
        }
        cell.show(.preformatted(history.epochs.map { KerasLog.epoch($0, of: settings.epochs, batches: batches, time: MeasuredTime.mark) }.joined(separator: "\n")))
        // With nothing held out there is no validation to show: a dash, not a made-up number.
        let optional = { (value: Double?, format: (Double) -> String) in value.map(format) ?? "—" }
        cell.show(.table(Table(caption: "\(name): history", header: ["epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"],
                               rows: history.epochs.map { e in
                                   ["\(e.epoch)", Format.measured(e.loss), Format.percent(e.accuracy),
                                    optional(e.validationLoss) { Format.measured($0) }, optional(e.validationAccuracy) { Format.percent($0) },
                                    MeasuredTime.mark(Format.fixed(e.seconds, digits: 2))]
                               })))
        let x = history.epochs.map { Double($0.epoch) }
        let validated = history.validationLoss.count == x.count
        cell.show(.gallery([
            .lineChart(LineChart(caption: "\(name): loss", xLabel: "epoch", yLabel: "loss", x: x,
                                 series: [.init(name: "training", values: history.loss)]
                                     + (validated ? [.init(name: "validation", values: history.validationLoss)] : []))),
            .lineChart(LineChart(caption: "\(name): accuracy", xLabel: "epoch", yLabel: "accuracy", x: x,
                                 series: [.init(name: "training", values: history.accuracy)]
                                     + (validated ? [.init(name: "validation", values: history.validationAccuracy)] : []))),
        ]))
        let evaluation = model.evaluate(test)
        cell.show(.text("\(name): trained in \(MeasuredTime.mark(Format.fixed(history.seconds, digits: 2) + " s")) on this machine. "
                        + "The times (this one, the seconds column and the log's times per step) change from build to build. "
                        + "Test accuracy on the \(test.count) test digits: \(Format.percent(evaluation.accuracy))."))
        // Said where the figure is published, as `tutor train` says it (found by an exploration).
        if training.holdsTheSameImages(as: test) {
            cell.show(.text("The test file holds the same \(test.count) images as the training file: this accuracy measures what "
                            + "the network saw in training, not how it reads digits it has not seen. `tutor data` checks the files "
                            + "against MNIST's own."))
        }
        if let swapped = DataAdvice.swappedSets(training: training.count, test: test.count) {
            cell.show(.text("Note: " + swapped))
        }
        let run = RunSummary(name: name, pixels: normalize ? "divided by 255" : "raw 0…255", history: history,
                             test: evaluation, parameterCount: model.parameterCount, settings: settings)
        try record(run, cell)
        return run
    }
}
