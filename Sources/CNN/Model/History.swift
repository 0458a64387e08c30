/// What `fit` measured in one epoch, under Keras' names when encoded.
public struct EpochRecord: Codable, Equatable, Sendable {
    /// 1-based.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (each batch's loss taken before its update).
    public var loss: Double
    /// Fraction of training images classified right over the epoch's batches.
    public var accuracy: Double
    /// Loss and accuracy on the validation images after the epoch, if there are any.
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    /// Wall time of the epoch, validation included.
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case epoch, loss, accuracy, validationLoss = "val_loss", validationAccuracy = "val_accuracy", seconds
    }

    /// The same record without its time, which is the one figure that differs between identical runs.
    public var metrics: [Double?] { [loss, accuracy, validationLoss, validationAccuracy] }
}

/// Per-epoch figures of a `fit`, as Keras' `History.history`.
public struct History: Codable, Equatable, Sendable {
    public var epochs: [EpochRecord] = []

    public init(epochs: [EpochRecord] = []) { self.epochs = epochs }

    public var loss: [Double] { epochs.map(\.loss) }
    public var accuracy: [Double] { epochs.map(\.accuracy) }
    public var validationLoss: [Double] { epochs.compactMap(\.validationLoss) }
    public var validationAccuracy: [Double] { epochs.compactMap(\.validationAccuracy) }
    /// Total wall time of the epochs.
    public var seconds: Double { epochs.reduce(0) { $0 + $1.seconds } }
}

/// Where `fit` is, after each batch: for a progress bar.
public struct BatchProgress: Sendable {
    /// 1-based epoch, and how many there are.
    public var epoch: Int
    public var epochs: Int
    /// 1-based batch within the epoch, and how many there are.
    public var batch: Int
    public var batches: Int
    /// Running mean loss and accuracy over the epoch's batches so far (what Keras' bar shows).
    public var loss: Double
    public var accuracy: Double
    /// Seconds since the epoch started.
    public var seconds: Double
}

/// One step of `train(steps:)`: the loss and accuracy of its batch, before its update.
public struct StepRecord: Codable, Equatable, Sendable {
    /// 1-based.
    public var step: Int
    public var loss: Double
    public var accuracy: Double
}
