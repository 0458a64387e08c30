@testable import Book
import Foundation

/// A chapter run with the test steps as a build runs it: its own cells, then the variants its
/// page offers. Shared by the explorable book's tests.
struct ExploredChapter {
    var cells: [ResolvedCell]
    var results: [CellResult]
    var exploration: ChapterExploration

    static let settings = RunSettings(seed: 1, data: DataSources.testing(sample: URL(fileURLWithPath: "/none"), mnist: URL(fileURLWithPath: "/none")),
                                      libraryFingerprint: "x", cache: nil)

    init(_ chapter: Chapter, registry: StepRegistry = TestSteps.registry, overrides: [Override] = [], settings: RunSettings = ExploredChapter.settings) throws {
        cells = try chapter.cells.map { try registry.resolve($0, overrides: overrides) }
        let run = ChapterRun(cells: cells, settings: settings)
        results = []
        while !run.isFinished {
            let ran = try run.next()
            results.append(CellResult(resolved: ran.resolved, outputs: ran.outputs))
        }
        exploration = try ExplorationRun(cells: cells, ownOutputs: results.map(\.outputs), settings: settings).run()
    }
}
