import Book
import CNN

extension Lessons {
    /// The chapter's training runs side by side.
    static let compareRuns = StepDefinition(
        "compareRuns",
        summary: "Compare the chapter's training runs: accuracy, loss and size",
        needs: [Runs.stateKey]
    ) { cell in
        let runs = try Runs.all(cell)
        guard !runs.isEmpty else { throw StepError.missingState(Runs.stateKey) }
        // The caption says how the runs were trained only if they all were trained the same way.
        let shared = Set(runs.map(\.settings.description))
        let caption = shared.count == 1 ? "every run: \(runs[0].settings.description)" : "the runs, each trained as its row says"
        // A column the caption already gives for every row is left out.
        let trainingColumn = shared.count > 1
        cell.show(.table(Table(caption: caption,
                               header: ["model", "pixels"] + (trainingColumn ? ["training"] : [])
                                   + ["parameters", "train acc.", "val acc.", "test acc.", "test loss"],
                               rows: runs.map { run in
                                   let last = run.history.epochs[run.history.epochs.count - 1]
                                   return [run.name, run.pixels] + (trainingColumn ? [run.settings.description] : [])
                                       + ["\(run.parameterCount)", Format.percent(last.accuracy),
                                          last.validationAccuracy.map { Format.percent($0) } ?? "—", Format.percent(run.test.accuracy),
                                          Format.measured(run.test.loss)]
                               })))
        // Only runs with a validation accuracy for every epoch of the first run share its x axis.
        let x = runs[0].history.epochs.map { Double($0.epoch) }
        let comparable = runs.filter { $0.history.validationAccuracy.count == x.count }
        if !comparable.isEmpty {
            cell.show(.lineChart(LineChart(caption: "validation accuracy per epoch", xLabel: "epoch", yLabel: "accuracy", x: x,
                                           series: comparable.map { .init(name: $0.name, values: $0.history.validationAccuracy) })))
        }
        // A run left off the chart is named, with the reason, not dropped in silence.
        let leftOff = runs.filter { $0.history.validationAccuracy.count != x.count }.map { run in
            let measured = run.history.validationAccuracy.count
            return measured == 0 ? "\(run.name) (it held nothing out for validation)"
                : "\(run.name) (\(measured) epoch\(measured == 1 ? "" : "s") of validation, where the chart's axis has the \(x.count) of \(runs[0].name))"
        }
        if !leftOff.isEmpty {
            cell.show(.text((comparable.isEmpty ? "No run is charted: " : "Not on the chart: ") + leftOff.joined(separator: "; ") + "."))
        }
        let cnn = runs.first { $0.name.hasPrefix("CNN") }, dense = runs.first { $0.name.hasPrefix("Dense") }
        if let cnn, let dense {
            let errorsCNN = 1 - cnn.test.accuracy, errorsDense = 1 - dense.test.accuracy
            let same = cnn.settings == dense.settings && cnn.pixels == dense.pixels
            cell.show(.text("On the test set the CNN (\(cnn.pixels)) makes \(Format.percent(errorsCNN)) errors and the dense-only network "
                            + "(\(dense.pixels)) \(Format.percent(errorsDense)): "
                            + (errorsCNN < errorsDense
                               ? "the CNN makes \(Format.percent((errorsDense - errorsCNN) / errorsDense, digits: 0)) fewer mistakes."
                               : errorsCNN == errorsDense ? "the same number of mistakes." : "here the CNN makes more mistakes.")
                            + (same ? "" : " (They were not trained the same way: see the table.)")))
        }
    }
}
