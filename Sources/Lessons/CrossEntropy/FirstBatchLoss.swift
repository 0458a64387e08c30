import Book
import CNN
import Foundation

extension Lessons {
    /// The first batches' loss on raw pixels and on pixels divided by 255, from the same start.
    static let firstBatchLoss = StepDefinition(
        "firstBatchLoss",
        summary: "Measure the loss of the first training batches with raw and with scaled pixels",
        parameters: [
            .integer("batches", default: 7, in: 1...30, help: "how many batches (steps) to train"),
            .integer("batchSize", default: 64, in: 1...64, help: "digits per batch"),
        ],
        data: .sample,
        checkData: Datasets.sampleHoldsBatch
    ) { cell in
        let sample = try Datasets.sample(cell)
        let steps = try cell.arguments.integer("batches")
        let batchSize = try Datasets.checked(batchSize: try cell.arguments.integer("batchSize"), in: sample)
        // One initial model, copied: both runs start from the same weights and see the same batches.
        let initial = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: cell.seed)
        var raw = initial, scaled = initial
        let rawSteps = raw.train(steps: steps, on: sample, batchSize: batchSize, seed: cell.seed)
        let scaledSteps = scaled.train(steps: steps, on: sample.normalized(), batchSize: batchSize, seed: cell.seed)

        if let bad = (rawSteps + scaledSteps).first(where: { !$0.loss.isFinite }) {
            throw StepError.failed("training diverged: the loss of batch \(bad.step) is not a finite number; try fewer batches")
        }
        cell.show(.table(Table(caption: "loss of each batch, measured before that batch's update",
                               header: ["batch", "raw 0…255", "divided by 255"],
                               rows: (0..<steps).map { s in
                                   ["\(s + 1)", Format.measured(rawSteps[s].loss, digits: 3), Format.measured(scaledSteps[s].loss, digits: 3)]
                               })))
        // The even guess drawn as a line of its own, so the caption's yardstick is on the chart.
        cell.show(.lineChart(LineChart(caption: "loss per batch; the flat line is log 10 ≈ \(Format.fixed(log(10.0), digits: 3)), a uniform guess's loss", xLabel: "batch",
                                       yLabel: "loss", x: (1...steps).map(Double.init),
                                       series: [.init(name: "raw pixels", values: rawSteps.map(\.loss)),
                                                .init(name: "pixels / 255", values: scaledSteps.map(\.loss)),
                                                .init(name: "log 10", values: Array(repeating: log(10.0), count: steps))])))
        // Why: the logits of the untrained network on the first digit, both ways.
        let first = initial.activations(for: sample.image(at: 0))
        let firstScaled = initial.activations(for: sample.normalized().image(at: 0))
        // The logit farthest from 0, with its sign (it may be a large negative one).
        let farthest = { (a: [Tensor]) in Double(a[a.count - 2].scalars.max { abs($0) < abs($1) } ?? 0) }
        cell.show(.text("Before any training, the logit of the first digit farthest from 0 is \(Format.fixed(farthest(first), digits: 2)) "
                        + "with raw pixels and \(Format.measured(farthest(firstScaled), digits: 3)) with pixels divided by 255: "
                        + "the same weights, 255 times the input."))
        // The chapter's point, measured: raw pixels start far above an even guess's log 10.
        let (rawFirst, scaledFirst, even) = (rawSteps[0].loss, scaledSteps[0].loss, log(10.0))
        let large = rawFirst > 2 * even && rawFirst > scaledFirst
        // Three decimals, as the table above shows the same losses, or the digits a loss near 0
        // needs (not "0.000").
        let shown = { (value: Double, digits: Int) in value != 0 && abs(value) < 0.001 ? Format.short(value) : Format.fixed(value, digits: digits) }
        let costs = "The first raw-pixel batch costs \(shown(rawFirst, 3)), \(shown(rawFirst / even, 1)) times "
            + "the log 10 ≈ 2.303 of an even guess; with pixels divided by 255 it costs \(shown(scaledFirst, 3))."
        // A batch of a few digits can be confidently right by chance (a loss near 0): the chapter's
        // point is about a batch's mean, so it is held, failing the build if false, only from
        // `heldFrom` digits up; below, the step says what happened instead.
        let heldFrom = 16
        if batchSize >= heldFrom || large {
            try cell.claim(large, costs, otherwise: "the first raw-pixel batch costs \(Format.fixed(rawFirst, digits: 3)) and the scaled one "
                           + "\(Format.fixed(scaledFirst, digits: 3)): not the large loss the chapter explains (more than twice log 10 ≈ 2.303)")
        } else {
            let right = Int((rawSteps[0].accuracy * Double(batchSize)).rounded())
            let guesses = batchSize == 1 ? "its first guess was \(right == 1 ? "right" : "wrong")"
                : "its first guesses were right for \(right) of them"
            cell.show(.text(costs + " With a batch of only \(batchSize) digit\(batchSize == 1 ? "" : "s") (\(guesses)), one batch is "
                            + "too few digits to show what the chapter explains, a raw-pixel loss above twice log 10 and above the scaled one."))
        }
    }
}
