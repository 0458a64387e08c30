import Foundation

/// The tally at the end of a build.
public struct BuildSummary: Sendable, CustomStringConvertible {
    /// Chapters whose cells all ran and whose pages were written.
    public var chaptersBuilt = 0
    public var chaptersFailed = 0
    public var cellsRun = 0
    public var cellsCached = 0
    /// Variants of explorable cells (`vary-NAME=`) computed, and read from the cache.
    public var variantsRun = 0
    public var variantsCached = 0
    public var seconds = 0.0
    /// The build found a problem before running any cell, and wrote nothing.
    public var stoppedBeforeRunning = false
    /// Pages and the contents page were written.
    public var wrotePages = false
    public var diagnostics: [Diagnostic] = []

    public init() {}

    /// The cells ran, and something where a page goes kept every page from being written.
    public var stoppedBeforeWriting = false

    public var succeeded: Bool { chaptersFailed == 0 && !stoppedBeforeWriting && !diagnostics.contains { $0.severity == .error } }

    /// "built 5 chapters (1 failed), 3 cells run, 12 cached, in 1.24 s"
    public var description: String {
        if stoppedBeforeRunning { return "built nothing: nothing was run or written" }
        let failed = chaptersFailed > 0 ? " (\(chaptersFailed) failed)" : ""
        let seconds = String(format: "%.2f", self.seconds)
        if stoppedBeforeWriting {
            return "wrote nothing: \(cellsRun) \(cellsRun == 1 ? "cell" : "cells") run, \(cellsCached) cached (kept for the next build), in \(seconds) s"
        }
        let variants = variantsRun + variantsCached == 0 ? ""
            : ", \(variantsRun + variantsCached) \(variantsRun + variantsCached == 1 ? "variant" : "variants") (\(variantsRun) run, \(variantsCached) cached)"
        return "built \(chaptersBuilt) \(chaptersBuilt == 1 ? "chapter" : "chapters")\(failed), \(cellsRun) \(cellsRun == 1 ? "cell" : "cells") run, \(cellsCached) cached\(variants), in \(seconds) s"
    }
}
