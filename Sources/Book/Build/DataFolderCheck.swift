import Foundation

/// Whether the data folders the chapters read are there, checked before any cell runs.
///
/// Without this, the first cell that reads a missing folder fails deep inside its step, after the
/// cells before it ran, with a message about loading files. Here the problem is caught up front,
/// at the first such cell of each chapter, naming the folder that was tried and, in the data
/// source's own words, how to name another. Only sources that give `advice` are checked: the
/// others' steps explain a missing folder themselves.
public enum DataFolderCheck {
    /// One diagnostic per chapter and missing source that a cell of the chapter reads.
    public static func problems(in chapters: [Chapter], registry: StepRegistry, data: DataSources) -> [Diagnostic] {
        let missing = data.all.compactMap { source in
            source.advice.flatMap { advice in source.problem.map { (source, advice, $0) } }
        }
        guard !missing.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        for chapter in chapters {
            for (source, advice, problem) in missing {
                guard let cell = chapter.cells.first(where: {
                    registry.step(named: $0.info.step)?.data.sources.contains(source.name) == true
                }) else { continue }
                diagnostics.append(Diagnostic(cell.location,
                    "step '\(cell.info.step)' reads \(source.contents), but \(source.pathAndOrigin) \(problem); \(advice)"))
            }
        }
        return diagnostics
    }
}
