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
    /// That file's path from the package's folder (`StepRegistry.sourcePath(ofFile:)`).
    public let sourcePath: String
    /// The parameters a reader may change on the page (`vary-NAME=`), in the order written.
    public let variations: [Variation]
    /// The functions the step calls, shown with its code.
    public let helpers: [StepHelper]

    public init(cell: Cell, step: StepDefinition, arguments: Arguments, code: String, source: String, sourcePath: String? = nil,
                variations: [Variation] = [], helpers: [StepHelper] = []) {
        self.cell = cell
        self.step = step
        self.arguments = arguments
        self.code = code
        self.source = source
        self.sourcePath = sourcePath ?? step.fileID
        self.variations = variations
        self.helpers = helpers
    }

    /// The same cell with some arguments replaced (a variant the page offers), checked values only.
    public func with(_ replaced: [String: ParameterValue]) -> ResolvedCell {
        ResolvedCell(cell: cell, step: step, arguments: Arguments(arguments.values.merging(replaced) { $1 }),
                     code: code, source: source, sourcePath: sourcePath, variations: variations, helpers: helpers)
    }

    /// `f=sin n=7`: every argument, sorted by name, in canonical form.
    public var canonicalArguments: String {
        arguments.values.keys.sorted().map { "\($0)=\(arguments.values[$0]!.sourceText)" }.joined(separator: " ")
    }

    /// The arguments in the order the step declares them, for the page and the terminal; those
    /// that mean nothing here are left out (no `filters=4` beside `model=dense`).
    public var argumentsInDeclaredOrder: [(name: String, value: ParameterValue)] {
        step.parameters.compactMap { spec in
            spec.applies(in: arguments.values) ? arguments.values[spec.name].map { (spec.name, $0) } : nil
        }
    }
}
