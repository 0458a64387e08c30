/// Every step the chapters can call, with the Swift source each was compiled from.
///
/// A course builds one from what the `EmbedSources` plugin generated:
///
///     StepRegistry(steps: EmbeddedSources.steps, sources: EmbeddedSources.files,
///                  fingerprint: EmbeddedSources.fingerprint,
///                  stepFingerprints: EmbeddedSources.stepFingerprints, stepHelpers: EmbeddedSources.stepHelpers)
public struct StepRegistry: Sendable {
    public let steps: [StepDefinition]
    /// `#fileID` ("Course/Integrate.swift") -> the file's text.
    public let sources: [String: String]
    /// A hash of every source the steps depend on (the course, its libraries, Book): the cache key of a step
    /// that has no fingerprint of its own.
    public let fingerprint: String
    /// `#fileID` -> the file's path from the package's folder, the name messages and pages give
    /// it (`sourcePath(ofFile:)`).
    public let sourcePaths: [String: String]
    /// `#fileID` of a step's file -> a hash of the sources that step can reach (its file, the
    /// shared helpers, the libraries), so editing one step reruns only the cells that use it.
    public let stepFingerprints: [String: String]
    /// `#fileID` of a step's file -> the functions its steps call, shown on the page with the step's code.
    public let stepHelpers: [String: [StepHelper]]
    /// Names the build itself declares in the course's namespace (the registry, the embedded
    /// sources): a step of one of these names would be declared twice, and would not build.
    public let reservedNames: Set<String>

    private let byName: [String: StepDefinition]

    public init(steps: [StepDefinition], sources: [String: String], fingerprint: String, sourcePaths: [String: String] = [:],
                stepFingerprints: [String: String] = [:], stepHelpers: [String: [StepHelper]] = [:], reservedNames: Set<String> = [],
                requiresSources: Bool = true) {
        var byName: [String: StepDefinition] = [:]
        for step in steps {
            precondition(byName[step.name] == nil, "two steps are named '\(step.name)'")
            byName[step.name] = step
        }
        self.steps = steps
        self.sources = sources
        self.fingerprint = fingerprint
        self.sourcePaths = sourcePaths
        self.stepFingerprints = stepFingerprints
        self.stepHelpers = stepHelpers
        self.reservedNames = reservedNames
        self.requiresSources = requiresSources
        self.byName = byName
    }

    /// The same registry with other fingerprints: a test's stand-in for an edited source file
    /// (the real ones are fixed when the binary is built).
    public func with(stepFingerprints: [String: String]) -> StepRegistry {
        StepRegistry(steps: steps, sources: sources, fingerprint: fingerprint, sourcePaths: sourcePaths, stepFingerprints: stepFingerprints,
                     stepHelpers: stepHelpers, reservedNames: reservedNames, requiresSources: requiresSources)
    }

    /// The step called `name`.
    public func step(named name: String) -> StepDefinition? { byName[name] }

    /// The file a step is declared in, named so a teacher can open it: its path from the package's
    /// folder where the plugin gave one, else its `#fileID`.
    public func sourcePath(ofFile fileID: String) -> String { sourcePaths[fileID] ?? fileID }

    /// Steps whose file has no embedded source: each is a packaging mistake (a step declared
    /// outside the course's target, or the plugin not applied). Empty when sources are optional.
    public var stepsWithoutSource: [StepDefinition] {
        requiresSources ? steps.filter { sources[$0.fileID] == nil } : []
    }
    /// False for a course without the EmbedSources plugin (a test's small course): a step with no
    /// source then runs with no code shown, and its cache key rests on `fingerprint` alone.
    public let requiresSources: Bool

    /// The code a reader sees for `step`: its file without `import` lines, trimmed.
    public func displayedCode(of step: StepDefinition) -> String? {
        sources[step.fileID].map(Self.displayedCode(fromSource:))
    }

    static func displayedCode(fromSource source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let trimmed = line.drop(while: { $0 == " " })
            return !(trimmed.hasPrefix("import ") || trimmed.hasPrefix("@testable import ") || trimmed.hasPrefix("@_exported import "))
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Finds a cell's step and checks its arguments against the step's parameters.
    ///
    /// - Parameter overrides: values from the command line (`tutor run --set`), applied to every
    ///   cell whose step declares them, after the cell's own.
    /// - Throws: every problem of the cell at once, each at the column of the offending text.
    public func resolve(_ cell: Cell, overrides: [Override] = []) throws(Diagnostics) -> ResolvedCell {
        guard let step = byName[cell.info.step] else {
            let names = steps.map(\.name).sorted()
            throw Diagnostics([Diagnostic(cell.location(ofInfoColumn: cell.info.stepColumn),
                "unknown step '\(Excerpt.of(cell.info.step))'\(Suggestion.hint(for: cell.info.step, in: names)); the steps are: \(names.joined(separator: ", "))")])
        }
        var values: [String: ParameterValue] = [:]
        var diagnostics: [Diagnostic] = []
        for parameter in cell.info.parameters {
            guard let spec = step.parameter(named: parameter.name) else {
                diagnostics.append(Diagnostic(cell.location(ofInfoColumn: parameter.column), step.noParameter(parameter.name)))
                continue
            }
            switch check(parameter.value, spec, step, written: parameter.written) {
            case .success(let value): values[spec.name] = value
            case .failure(let message): diagnostics.append(Diagnostic(cell.location(ofInfoColumn: parameter.valueColumn), message))
            }
        }
        // The cell's own values, before the command line's: what the page's controls start from.
        var own = values
        for spec in step.parameters where own[spec.name] == nil { own[spec.name] = spec.defaultValue }
        // Unconditional parameters first: a conditional one is set where its condition holds
        // once they are (`ParameterSpec.only(when:is:)`).
        for conditional in [false, true] {
            var settled = values
            for spec in step.parameters where settled[spec.name] == nil { settled[spec.name] = spec.defaultValue }
            for override in overrides {
                guard let spec = step.parameter(named: override.parameter.name), (spec.condition != nil) == conditional else { continue }
                if let condition = spec.condition, !spec.applies(in: settled) {
                    if override.forOneCell { diagnostics.append(Diagnostic(override.location, meaningless(spec, condition, step, settled))) }
                    continue
                }
                switch check(override.parameter.value, spec, step, written: override.parameter.written) {
                case .success(let value): values[spec.name] = value
                case .failure(let message): diagnostics.append(Diagnostic(override.location, message))
                }
            }
        }
        if !diagnostics.isEmpty { throw Diagnostics(diagnostics) }
        for spec in step.parameters where values[spec.name] == nil {
            values[spec.name] = spec.defaultValue
        }
        // A parameter written where it means nothing would be ignored without a word.
        for parameter in cell.info.parameters {
            guard let spec = step.parameter(named: parameter.name), let condition = spec.condition, !spec.applies(in: values) else { continue }
            diagnostics.append(Diagnostic(cell.location(ofInfoColumn: parameter.column), meaningless(spec, condition, step, values)))
        }
        if !diagnostics.isEmpty { throw Diagnostics(diagnostics) }
        let arguments = Arguments(values)
        do {
            try step.validate(arguments)
        } catch {
            // Point at the value to blame: where the command line or the cell set it.
            var location = cell.location
            if case .invalidArguments(_, let name?) = error as? StepError {
                if let override = overrides.last(where: { $0.parameter.name == name }) {
                    location = override.location
                } else if let written = cell.info.parameters.last(where: { $0.name == name }) {
                    location = cell.location(ofInfoColumn: written.valueColumn)
                }
            }
            throw Diagnostics([Diagnostic(location, "step '\(step.name)': \(error)")])
        }
        let source: String
        if let embedded = sources[step.fileID] {
            source = embedded
        } else if !requiresSources {
            source = ""
        } else {
            throw Diagnostics([Diagnostic(cell.location,
                "step '\(step.name)' has no embedded source for \(step.fileID): is its file in a target that applies the EmbedSources plugin?")])
        }
        let variations = try VariationCheck.resolve(cell, step: step, own: Arguments(own)) { value, spec, written in
            check(value, spec, step, written: written)
        }
        return ResolvedCell(cell: cell, step: step, arguments: arguments,
                            code: Self.displayedCode(fromSource: source), source: source, sourcePath: sourcePath(ofFile: step.fileID),
                            variations: variations,
                            helpers: stepHelpers[step.fileID] ?? [])
    }

    /// Why `spec` is refused with these arguments: it means nothing unless `condition` holds.
    private func meaningless(_ spec: ParameterSpec, _ condition: ParameterCondition, _ step: StepDefinition,
                             _ values: [String: ParameterValue]) -> String {
        let actual = values[condition.parameter].map { "is \($0.sourceText)" } ?? "is not set"
        return "step '\(step.name)': \(spec.name) means something only when \(condition.parameter)=\(condition.value.sourceText), "
            + "and here \(condition.parameter) \(actual): leave \(spec.name) out"
    }

    /// `value` checked against `spec`; a failure quotes the value as `written`, when known (a
    /// list element is checked without it, and quoted in its canonical form).
    private func check(_ value: ParameterValue, _ spec: ParameterSpec, _ step: StepDefinition,
                       written: String? = nil) -> Result<ParameterValue, CheckMessage> {
        switch ParameterCheck.check(value, against: spec.type) {
        case .success(let canonical): return .success(canonical)
        case .failure(let failure):
            // A list is shown as written, so the element that broke the rule can be seen.
            let found = if case .list = value { "the list \(Excerpt.of(written ?? value.sourceText))" } else { value.kindDescription(written: written) }
            let hint = failure.suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return .failure(CheckMessage(
                "parameter '\(spec.name)' of step '\(step.name)' is \(failure.expected); found \(found)\(hint)"))
        }
    }

    /// Fences of plain Swift code whose word after the language is the name of a step, as
    /// ```` ```swift drawChart ````: the teacher meant a cell, and the page would show the code
    /// without running anything. Errors; the build says them as warnings. Any other word (```` ```swift
    /// title="x" ````) is left alone: plain code may carry words a renderer reads.
    public func untaggedCells(in chapter: Chapter) -> [Diagnostic] {
        chapter.labelledFences.compactMap { fence in
            guard let step = step(named: fence.label) ?? byName.values.first(where: { $0.name.lowercased() == fence.label.lowercased() })
            else { return nil }
            return Diagnostic(fence.location,
                "this fence shows Swift code and runs nothing, since a tagged cell names its step as step=NAME: "
                + "write ```swift step=\(step.name) to run step '\(step.name)'")
        }
    }

    /// The drifts of every cell of `chapter` that resolves (see `drift(of:)`), as errors.
    public func drifts(in chapter: Chapter) -> [Diagnostic] {
        chapter.cells.compactMap { cell in (try? resolve(cell)).flatMap(drift(of:)) }
    }

    /// A drift between a fence's body and its step's source, as a diagnostic with a diff; nil
    /// when the body is empty (the page fills it in) or matches.
    public func drift(of resolved: ResolvedCell) -> Diagnostic? {
        let body = resolved.cell.fence.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body != resolved.code else { return nil }
        let diff = SourceDiff.lines(from: body, to: resolved.code)
        return Diagnostic(firstDifference(of: body, in: resolved),
            "the code in this cell differs from step '\(resolved.step.name)' in \(resolved.sourcePath) from this line on; empty the fence or copy the step's source (- cell, + source):",
            notes: diff)
    }

    /// The line of the chapter where the fence's code first differs from the step's source (the
    /// closing fence when the code stops short), so an editor opens the drift at the drift.
    /// `body` is the fence's body without its leading blank lines, which are counted back in.
    private func firstDifference(of body: String, in resolved: ResolvedCell) -> SourceLocation {
        let blanksAbove = resolved.cell.fence.body.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.allSatisfy(\.isWhitespace) }.count
        let same = zip(body.split(separator: "\n", omittingEmptySubsequences: false),
                       resolved.code.split(separator: "\n", omittingEmptySubsequences: false)).prefix { $0 == $1 }.count
        let fence = resolved.cell.fence.location
        return SourceLocation(path: fence.path, line: fence.line + 1 + blanksAbove + same, column: 1)
    }
}

struct CheckMessage: Error {
    var text: String
    init(_ text: String) { self.text = text }
}

extension Diagnostic {
    init(_ location: SourceLocation, _ message: CheckMessage) { self.init(location, message.text) }
}
