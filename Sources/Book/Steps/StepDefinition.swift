/// A registered step: what a tagged cell (```` ```swift step=NAME ... ```` ) runs.
///
/// Each step lives in a file of its own in the course's target, so the page can show the Swift
/// source that really ran (the file, embedded at build time), never a copy typed by hand.
public struct StepDefinition: Sendable {
    /// The name used in `step=NAME`.
    public let name: String
    /// One line for `tutor list`.
    public let summary: String
    /// The parameters a cell may set, with their types and defaults.
    public let parameters: [ParameterSpec]
    /// The data sources the step reads; their fingerprints are part of its cache key.
    public let data: DataNeed
    /// How long the step takes: `tutor serve` runs only a few `.long` steps at a time, in a queue,
    /// so a class of readers training models cannot hold up the quick cells.
    public let cost: StepCost
    /// The chapter state (`cell.state`) the step reads, by key: an earlier cell of the chapter
    /// must make each. `tutor check` says so of a cell whose chapter makes one only later or never.
    public let needs: [String]
    /// The chapter state the step writes, by key (it may read them back too, as a step that adds
    /// to a list does). A step that touches a key it declares in neither fails as a bug in the
    /// step, so what `check` reasons from is what the step really does.
    public let makes: [String]
    /// Whether a cell of this step can change the chapter state: only what it `makes` is open to
    /// its writes, so a step that makes nothing leaves the state as it found it.
    public var changesState: Bool { !makes.isEmpty }

    /// Why `name` is none of this step's parameters, with the one likely meant and the list: the
    /// same words wherever a parameter is named (a cell, `--set`, a served page's address).
    /// `subject` names the step as the place needs ("step 'plot'" by default).
    func noParameter(_ name: String, subject: String? = nil) -> String {
        let names = parameters.map(\.name)
        let known = names.isEmpty ? "it takes no parameters" : "its parameters are: \(names.joined(separator: ", "))"
        return "\(subject ?? "step '\(self.name)'") has no parameter '\(Excerpt.of(name))'\(Suggestion.hint(for: name, in: names)); \(known)"
    }
    /// `#fileID` of the file declaring the step ("Course/Integrate.swift"); locates its source.
    public let fileID: String
    /// Rules between parameters that their types cannot say ("row + the filter's side ≤ 28").
    /// `tutor check` runs it, and so does every build before the step runs: a value the check
    /// accepts is one the step can run with. It throws `StepError.invalidArguments`.
    public let validate: @Sendable (Arguments) throws -> Void
    /// What the arguments ask of the data the step reads, which no rule between parameters can
    /// say (the item a cell names by label or by number is one the data holds). `tutor check` runs it, once
    /// the data is found readable, for the cell's own arguments and every variant's: a chapter
    /// the check passes does not fail on its data. It reads the data, never changes it, and
    /// throws as the step itself would.
    public let checkData: @Sendable (Arguments, DataSources) throws -> Void
    /// The computation, as the runner calls it: `validate`, then the step's body (which reads
    /// arguments and chapter state and appends outputs to the context), then a check that every
    /// number shown is finite (`FiniteOutputs`).
    public let run: @Sendable (CellContext) throws -> Void

    public init(
        _ name: String,
        summary: String,
        parameters: [ParameterSpec] = [],
        data: DataNeed = .none,
        cost: StepCost = .quick,
        needs: [String] = [],
        makes: [String] = [],
        fileID: String = #fileID,
        validate: @escaping @Sendable (Arguments) throws -> Void = { _ in },
        checkData: @escaping @Sendable (Arguments, DataSources) throws -> Void = { _, _ in },
        run body: @escaping @Sendable (CellContext) throws -> Void
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.data = data
        self.cost = cost
        self.needs = needs
        self.makes = makes
        self.fileID = fileID
        self.validate = validate
        self.checkData = checkData
        self.run = { context in
            try validate(context.arguments)
            try context.state.declaring(needs: needs, makes: makes) { try body(context) }
            try FiniteOutputs.check(context.outputs)
        }
    }

    /// The declaration of the parameter called `name`, if there is one.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}

/// How long a step runs, for a server that shares one machine between many readers.
public enum StepCost: Sendable, Hashable {
    /// Well under a second: run at once, however many readers ask.
    case quick
    /// Seconds or more (training a model): queued, a few at a time.
    case long
}
