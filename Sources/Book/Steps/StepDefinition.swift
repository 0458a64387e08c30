/// A registered step: what a tagged cell (```` ```swift step=NAME ... ```` ) runs.
///
/// Each step lives in a file of its own in the `Lessons` target, so the page can show the
/// Swift source that really ran (the file, embedded at build time), never a copy typed by hand.
public struct StepDefinition: Sendable {
    /// The name used in `step=NAME`.
    public let name: String
    /// One line for `tutor list`.
    public let summary: String
    /// The parameters a cell may set, with their types and defaults.
    public let parameters: [ParameterSpec]
    /// Which data the step reads; part of the cache key.
    public let data: DataNeed
    /// `#fileID` of the file declaring the step ("Lessons/Convolve.swift"); locates its source.
    public let fileID: String
    /// The computation. It reads arguments and chapter state and appends outputs to the context.
    public let run: @Sendable (CellContext) throws -> Void

    public init(
        _ name: String,
        summary: String,
        parameters: [ParameterSpec] = [],
        data: DataNeed = .none,
        fileID: String = #fileID,
        run: @escaping @Sendable (CellContext) throws -> Void
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.data = data
        self.fileID = fileID
        self.run = run
    }

    /// The declaration of the parameter called `name`, if there is one.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}

/// The data a step reads. The cache key includes a fingerprint of exactly this data.
public enum DataNeed: String, Sendable, Codable {
    /// Pure computation (hand-made kernels, 2-D functions).
    case none
    /// The few hundred digits shipped in the repository (`data/sample`).
    case sample
    /// The full MNIST files (`--data`, `TUTOR_DATA`, or `data/mnist`).
    case mnist
}
