import Book
import CNN

extension Lessons {
    /// The same network trained with SGD and with Adam for the same steps on the sample digits.
    static let sgdVersusAdam = StepDefinition(
        "sgdVersusAdam",
        summary: "Train the same network with SGD and with Adam for the same number of steps",
        parameters: [
            .integer("steps", default: 60, in: 1...2000, help: "optimizer steps for each"),
            .integer("batchSize", default: 32, in: 1...500, help: "digits per step"),
            .number("sgdLearningRate", default: 0.01, in: 0.000001...10, help: "η for SGD (Keras' default)"),
            .number("adamLearningRate", default: 0.001, in: 0.000001...10, help: "η for Adam (Keras' default)"),
        ],
        data: .sample,
        // Up to 2 × 2000 steps of 500 digits: tens of seconds, so `tutor serve` queues it.
        cost: .long,
        checkData: Datasets.sampleHoldsBatch
    ) { cell in
        let sample = try Datasets.sample(cell)  // raw pixels, as in the reference run
        let steps = try cell.arguments.integer("steps")
        let batchSize = try Datasets.checked(batchSize: try cell.arguments.integer("batchSize"), in: sample)
        let (sgdRate, adamRate) = (try cell.arguments.number("sgdLearningRate"), try cell.arguments.number("adamLearningRate"))
        let initial = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: cell.seed)
        var withSGD = initial, withAdam = initial
        // (`stopIfNobodyWaits`: in `tutor serve`, a reader who left stops the run within a step.)
        let sgd = try withSGD.train(steps: steps, on: sample, batchSize: batchSize, seed: cell.seed,
                                    optimizer: SGD(learningRate: Float(sgdRate)), throwingOnStep: { _ in try cell.stopIfNobodyWaits() })
        let adam = try withAdam.train(steps: steps, on: sample, batchSize: batchSize, seed: cell.seed,
                                      optimizer: Adam(learningRate: Float(adamRate)), throwingOnStep: { _ in try cell.stopIfNobodyWaits() })

        for (name, records, rate) in [("SGD", sgd, sgdRate), ("Adam", adam, adamRate)] {
            if let bad = records.first(where: { !$0.loss.isFinite }) {
                throw StepError.failed("\(name) with η = \(Format.short(rate)) diverged: the loss of step \(bad.step) is not a finite "
                                       + "number; try a smaller learning rate")
            }
        }
        cell.show(.lineChart(LineChart(caption: "batch loss per step, same start, same \(steps) batch\(steps == 1 ? "" : "es") of \(batchSize): "
                                       + "SGD with η = \(Format.short(sgdRate)), Adam with η = \(Format.short(adamRate))", xLabel: "step",
                                       yLabel: "loss", x: (1...steps).map(Double.init),
                                       series: [.init(name: "SGD", values: sgd.map(\.loss)),
                                                .init(name: "Adam", values: adam.map(\.loss))])))
        let window = min(10, steps)
        let mean = { (records: [StepRecord]) in records.suffix(window).map(\.loss).reduce(0, +) / Double(window) }
        cell.show(.text("Mean loss over \(window == 1 ? "the last step" : "the last \(window) steps"): SGD \(Format.measured(mean(sgd), digits: 3)), "
                        + "Adam \(Format.measured(mean(adam), digits: 3))."))
    }
}
