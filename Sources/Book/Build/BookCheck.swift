/// What `tutor check` does: parse every chapter, resolve every step, check every parameter against
/// its type and range and every cell against its step's `validate` rule (the same resolution the
/// build runs, so a cell the check accepts is one the step can run with), and compare fence
/// bodies with the steps' sources, without running anything.
public enum BookCheck {
    public struct Report: Sendable {
        public var chapters: Int
        public var cells: Int
        public var diagnostics: [Diagnostic]
        public var succeeded: Bool { diagnostics.isEmpty }
    }

    public static func run(_ directory: ChapterDirectory, registry: StepRegistry) -> Report {
        var diagnostics = directory.diagnostics
        var cells = 0
        for step in registry.stepsWithoutSource {
            diagnostics.append(Diagnostic(file: step.fileID, "step '\(step.name)' has no embedded source"))
        }
        for chapter in directory.chapters {
            // The state keys the cells so far make, each with the first step that makes it.
            var made: [String: String] = [:]
            for (index, cell) in chapter.cells.enumerated() {
                cells += 1
                do {
                    let resolved = try registry.resolve(cell)
                    if let drift = registry.drift(of: resolved) { diagnostics.append(drift) }
                } catch {
                    diagnostics += error.all
                }
                // Unknown steps were reported above; the order of what is known is still checked.
                guard let step = registry.step(named: cell.info.step) else { continue }
                for key in step.needs where made[key] == nil {
                    diagnostics.append(Diagnostic(cell.location, missingState(key, for: step, later: chapter.cells.dropFirst(index + 1), registry: registry)))
                }
                for key in step.makes where made[key] == nil { made[key] = step.name }
            }
        }
        return Report(chapters: directory.chapters.count, cells: cells, diagnostics: diagnostics)
    }

    /// Why a cell of `step` would fail for want of `key`: a later cell of the chapter makes it, or
    /// none does (and which steps could).
    private static func missingState(_ key: String, for step: StepDefinition, later: ArraySlice<Cell>,
                                     registry: StepRegistry) -> String {
        let start = "step '\(step.name)' needs '\(key)', which an earlier cell of this chapter must make"
        if let maker = later.first(where: { registry.step(named: $0.info.step)?.makes.contains(key) == true }) {
            return start + "; the cell that makes it comes later (line \(maker.location.line), step '\(maker.info.step)'): move it before this one"
        }
        let steps = registry.steps.filter { $0.makes.contains(key) }.map { "'\($0.name)'" }
        return start + "; none does" + (steps.isEmpty ? "" : ": put a cell of \(steps.joined(separator: " or ")) before this one")
    }
}
