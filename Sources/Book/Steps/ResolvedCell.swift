/// A cell after the registry has found its step and checked its arguments: ready to run.
public struct ResolvedCell: Sendable {
    public let cell: Cell
    public let step: StepDefinition
    /// Checked, canonical, with every default filled in.
    public let arguments: Arguments
    /// The code the reader sees: the step's file without its `import` lines.
    public let code: String
    /// The step's whole file, as compiled; part of the cache key.
    public let source: String

    public init(cell: Cell, step: StepDefinition, arguments: Arguments, code: String, source: String) {
        self.cell = cell
        self.step = step
        self.arguments = arguments
        self.code = code
        self.source = source
    }

    /// `f=sin n=7`: every argument, sorted by name, in canonical form.
    public var canonicalArguments: String {
        arguments.values.keys.sorted().map { "\($0)=\(arguments.values[$0]!.sourceText)" }.joined(separator: " ")
    }

    /// The arguments in the order the step declares them, for the page and the terminal.
    public var argumentsInDeclaredOrder: [(name: String, value: ParameterValue)] {
        step.parameters.compactMap { spec in arguments.values[spec.name].map { (spec.name, $0) } }
    }
}
