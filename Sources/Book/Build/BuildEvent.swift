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
