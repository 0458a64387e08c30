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
            for cell in chapter.cells {
                cells += 1
                do {
                    let resolved = try registry.resolve(cell)
                    if let drift = registry.drift(of: resolved) { diagnostics.append(drift) }
                } catch {
                    diagnostics += error.all
                }
            }
        }
        return Report(chapters: directory.chapters.count, cells: cells, diagnostics: diagnostics)
    }
}
