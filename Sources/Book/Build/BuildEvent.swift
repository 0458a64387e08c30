/// What a build reports as it goes, for a progress line on a terminal.
public enum BuildEvent: Sendable {
    /// Starting chapter `position` (from 1) of `count`.
    case chapterStarted(ChapterLink, position: Int, count: Int)
    /// Starting cell `index` (from 1) of `count` in the chapter.
    case cellStarted(ChapterLink, index: Int, count: Int, step: String)
    /// A message from the running step (an epoch, a batch).
    case stepProgress(String)
    case cellFinished(ChapterLink, index: Int, cached: Bool)
    /// A problem: errors fail their chapter, warnings do not.
    case diagnostic(Diagnostic)
}

/// The tally at the end of a build.
public struct BuildSummary: Sendable, CustomStringConvertible {
    public var chaptersBuilt = 0
    public var chaptersFailed = 0
    public var cellsRun = 0
    public var cellsCached = 0
    public var seconds = 0.0
    public var diagnostics: [Diagnostic] = []

    public init() {}

    public var succeeded: Bool { chaptersFailed == 0 && !diagnostics.contains { $0.severity == .error } }

    /// "built 5 chapters (1 failed), 3 cells run, 12 cached, in 1.24 s"
    public var description: String {
        let failed = chaptersFailed > 0 ? " (\(chaptersFailed) failed)" : ""
        let seconds = String(format: "%.2f", self.seconds)
        return "built \(chaptersBuilt) \(chaptersBuilt == 1 ? "chapter" : "chapters")\(failed), \(cellsRun) \(cellsRun == 1 ? "cell" : "cells") run, \(cellsCached) cached, in \(seconds) s"
    }
}
