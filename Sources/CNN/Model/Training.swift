/// Training, as Keras' `model.fit`: mini-batch gradient descent on the mean cross-entropy.
extension Sequential {
    /// Trains on `data` for `epochs` passes and returns the per-epoch history.
    ///
    /// - The LAST `validationSplit` fraction of `data` is held out, as Keras does, and evaluated
    ///   after each epoch.
    /// - With `shuffle`, the training images are visited in a new order each epoch, drawn from `seed`
    ///   (from its generator jumped ahead, a stream independent of the one that drew the weights).
    /// - `onBatch` is called after every batch, `onEpoch` after every epoch (validation included).
    ///
    /// The same model, data, settings and seed give the same history, bit for bit, on any machine.
    ///
    ///     var model = Sequential.referenceModel(seed: 1)
    ///     let history = model.fit(train, epochs: 5, batchSize: 64, validationSplit: 0.2)
    @discardableResult
    public mutating func fit(_ data: some LabeledSamples, epochs: Int = 1, batchSize: Int = 32, validationSplit: Double = 0,
                             shuffle: Bool = true, seed: UInt64 = 1, optimizer: some Optimizer = Adam(),
                             onBatch: ((BatchProgress) -> Void)? = nil,
                             onEpoch: ((EpochRecord) -> Void)? = nil) -> History {
        fitting(data, epochs: epochs, batchSize: batchSize, validationSplit: validationSplit, shuffle: shuffle, seed: seed,
                optimizer: optimizer, onBatch: { onBatch?($0) }, onEpoch: { onEpoch?($0) })
    }

    /// `fit`, with an `onBatch` that may throw: an error it throws ends the training after that
    /// batch, and `fit` throws it, leaving the model as it was. A run nobody waits for any more
    /// (a reader of `tutor serve` who left) stops this way within a batch.
    ///
    ///     try model.fit(train, epochs: 5, throwingOnBatch: { _ in try cell.stopIfNobodyWaits() })
    @discardableResult
    public mutating func fit(_ data: some LabeledSamples, epochs: Int = 1, batchSize: Int = 32, validationSplit: Double = 0,
                             shuffle: Bool = true, seed: UInt64 = 1, optimizer: some Optimizer = Adam(),
                             throwingOnBatch onBatch: (BatchProgress) throws -> Void) throws -> History {
        try fitting(data, epochs: epochs, batchSize: batchSize, validationSplit: validationSplit, shuffle: shuffle, seed: seed,
                    optimizer: optimizer, onBatch: onBatch, onEpoch: { _ in })
    }

    /// Both `fit`s: with `Never` for `Failure`, nothing can stop it.
    private mutating func fitting<Failure: Error>(_ data: some LabeledSamples, epochs: Int, batchSize: Int, validationSplit: Double,
                                                  shuffle: Bool, seed: UInt64, optimizer: some Optimizer,
                                                  onBatch: (BatchProgress) throws(Failure) -> Void,
                                                  onEpoch: (EpochRecord) throws(Failure) -> Void) throws(Failure) -> History {
        precondition(epochs > 0, "fit: epochs must be positive")
        precondition(batchSize > 0, "fit: batch size must be positive")
        precondition(validationSplit >= 0 && validationSplit < 1, "fit: validation split must be in [0, 1)")
        let trainCount = Self.trainingCount(of: data.count, validationSplit: validationSplit)
        precondition(trainCount > 0, "fit: no training images left after the validation split")

        var optimizer = optimizer
        var generator = Xoshiro256StarStar(seed: seed).jumped()
        var order = Array(0..<trainCount)
        // Validation runs forward only, in batches of at least 256: fewer hand-offs between threads
        // (7% faster in all). The batch size changes only the rounding of the summed loss.
        let validationBatch = max(batchSize, 256)
        let engine = BatchEngine(model: self, batchSize: validationBatch)
        let batches = (trainCount + batchSize - 1) / batchSize
        var history = History()
        let clock = ContinuousClock()

        for epoch in 1...epochs {
            let start = clock.now
            if shuffle { generator.shuffle(&order) }
            var total = BatchResult(), seen = 0
            // What `onBatch` threw, carried out of the closure (which cannot throw a typed error).
            var stopped: Failure?
            order.withUnsafeBufferPointer { order in
                func batchIndices(_ batch: Int) -> UnsafeBufferPointer<Int> {
                    UnsafeBufferPointer(rebasing: order[min(batch * batchSize, trainCount) ..< min((batch + 1) * batchSize, trainCount)])
                }
                for batch in 0..<batches {
                    let indices = batchIndices(batch)
                    total = total + engine.trainStep(data, indices: indices, upcoming: batchIndices(batch + 1), optimizer: &optimizer)
                    seen += indices.count
                    let mean = total.mean(over: seen)
                    do throws(Failure) {
                        try onBatch(BatchProgress(epoch: epoch, epochs: epochs, batch: batch + 1, batches: batches,
                                                  loss: mean.loss, accuracy: mean.accuracy,
                                                  seconds: seconds(since: start, clock)))
                    } catch {
                        stopped = error
                        return
                    }
                }
            }
            if let stopped { throw stopped }
            let training = total.mean(over: trainCount)
            let validation = trainCount < data.count
                ? engine.evaluate(data, indices: trainCount ..< data.count, batchSize: validationBatch) : nil
            let record = EpochRecord(epoch: epoch, loss: training.loss, accuracy: training.accuracy,
                                     validationLoss: validation?.loss, validationAccuracy: validation?.accuracy,
                                     seconds: seconds(since: start, clock))
            history.epochs.append(record)
            try onEpoch(record)
        }
        update(from: engine)
        return history
    }

    /// How many of `count` samples `fit` trains on with `validationSplit`: the first
    /// ⌊count · (1 − split)⌋, as Keras splits (`split_at`); the rest validate. A caller checks that it
    /// is above 0 before calling `fit`.
    public static func trainingCount(of count: Int, validationSplit: Double) -> Int {
        Int((Double(count) * (1 - validationSplit)).rounded(.down))
    }

    /// Takes exactly `steps` optimizer steps on batches of `data` and returns each step's batch loss
    /// and accuracy: for comparing optimizers step by step. The images are visited in a shuffled
    /// order drawn from `seed`, reshuffled whenever they run out.
    ///
    ///     var sgd = Sequential.referenceModel(seed: 1), adam = sgd
    ///     let sgdLosses = sgd.train(steps: 200, on: train, batchSize: 64, optimizer: SGD()).map(\.loss)
    ///     let adamLosses = adam.train(steps: 200, on: train, batchSize: 64, optimizer: Adam()).map(\.loss)
    @discardableResult
    public mutating func train(steps: Int, on data: some LabeledSamples, batchSize: Int = 32, seed: UInt64 = 1,
                               optimizer: some Optimizer = Adam(), onStep: ((StepRecord) -> Void)? = nil) -> [StepRecord] {
        training(steps: steps, on: data, batchSize: batchSize, seed: seed, optimizer: optimizer, onStep: { onStep?($0) })
    }

    /// `train(steps:)`, with an `onStep` that may throw: the error ends the training there, as in `fit`.
    @discardableResult
    public mutating func train(steps: Int, on data: some LabeledSamples, batchSize: Int = 32, seed: UInt64 = 1,
                               optimizer: some Optimizer = Adam(), throwingOnStep onStep: (StepRecord) throws -> Void) throws -> [StepRecord] {
        try training(steps: steps, on: data, batchSize: batchSize, seed: seed, optimizer: optimizer, onStep: onStep)
    }

    private mutating func training<Failure: Error>(steps: Int, on data: some LabeledSamples, batchSize: Int, seed: UInt64,
                                                   optimizer: some Optimizer,
                                                   onStep: (StepRecord) throws(Failure) -> Void) throws(Failure) -> [StepRecord] {
        precondition(steps >= 0, "train: steps must not be negative")
        precondition(batchSize > 0 && batchSize <= data.count, "train: batch size must be in 1...\(data.count)")
        var optimizer = optimizer
        var generator = Xoshiro256StarStar(seed: seed).jumped()
        var order = Array(0..<data.count)
        var next = data.count  // forces a shuffle before the first batch
        let engine = BatchEngine(model: self, batchSize: batchSize)
        var records: [StepRecord] = []
        records.reserveCapacity(steps)
        for step in 0..<steps {
            if next + batchSize > data.count {
                generator.shuffle(&order)
                next = 0
            }
            let result = order.withUnsafeBufferPointer { order in
                let upcoming = next + 2 * batchSize <= data.count ? next + batchSize ..< next + 2 * batchSize : next ..< next
                return engine.trainStep(data, indices: UnsafeBufferPointer(rebasing: order[next ..< next + batchSize]),
                                        upcoming: UnsafeBufferPointer(rebasing: order[upcoming]), optimizer: &optimizer)
            }
            next += batchSize
            let mean = result.mean(over: batchSize)
            let record = StepRecord(step: step + 1, loss: mean.loss, accuracy: mean.accuracy)
            records.append(record)
            try onStep(record)
        }
        update(from: engine)
        return records
    }

    /// Copies the trained parameters back into the layers.
    private mutating func update(from engine: BatchEngine) {
        for l in layers.indices where !engine.parameterRanges[l].isEmpty {
            setParameters(engine.parameters(ofLayer: l), ofLayer: l)
        }
    }
}

private func seconds(since start: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double {
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
