import Book
import Foundation
import Lessons
import Testing

/// Editing one step's file reruns only the cells that use that step, and, for a step that makes
/// chapter state, the cells after them in the same chapter, which start from that state; every
/// other cell comes from the cache.
///
/// The binary embeds its sources when it is built, so an edit is simulated the way the plugin
/// would see it: the edited file's fingerprint changes, and nothing else does.
@Suite struct CacheInvalidationTests {
    /// Three chapters of quick steps that need no data; `adamSteps` and `lossCurve` appear in two.
    static let chapters = [
        "01-first.md": "# First\n\n```swift step=kernels\n```\n\n```swift step=adamSteps gradient=0.5 steps=2\n```\n\n```swift step=lossCurve points=20\n```\n",
        "02-second.md": "# Second\n\n```swift step=lossCurve points=10\n```\n\n```swift step=valley steps=5\n```\n",
        "03-third.md": "# Third\n\n```swift step=adamSteps gradient=1 steps=3\n```\n",
        // reluMap makes the feature map reluHistogram reads.
        "04-fourth.md": "# Fourth\n\n```swift step=reluMap\n```\n\n```swift step=reluHistogram\n```\n\n```swift step=kernels\n```\n",
    ]

    /// Chapter number -> the indexes (from 1) of its cells that ran rather than came from the cache.
    final class Recomputed: @unchecked Sendable {  // written by one build at a time, read after it
        private let lock = NSLock()
        private var cells: [Int: Set<Int>] = [:]
        private(set) var cached = 0

        func record(_ event: BuildEvent) {
            guard case .cellFinished(let link, let index, let wasCached) = event else { return }
            lock.lock()
            defer { lock.unlock() }
            if wasCached { cached += 1 } else { cells[link.number, default: []].insert(index) }
        }

        var byChapter: [Int: Set<Int>] {
            lock.lock()
            defer { lock.unlock() }
            return cells
        }
    }

    func build(_ registry: StepRegistry, root: URL) -> (summary: BuildSummary, recomputed: [Int: Set<Int>]) {
        let options = BuildOptions(chapters: root.appendingPathComponent("chapters"), chaptersDisplayPath: "chapters",
                                   output: root.appendingPathComponent("output"),
                                   data: Lessons.dataSources(sample: sampleDirectory, mnist: URL(fileURLWithPath: "/nonexistent/mnist")))
        let recomputed = Recomputed()
        let summary = BookBuilder(registry: registry, options: options).build(report: recomputed.record)
        return (summary, recomputed.byChapter)
    }

    /// The registry as if `step`'s file had been edited.
    func editing(_ step: String) throws -> StepRegistry {
        let registry = Lessons.registry
        let file = try #require(registry.step(named: step)).fileID
        var fingerprints = registry.stepFingerprints
        let old = try #require(fingerprints[file], "\(file) has no fingerprint of its own")
        fingerprints[file] = "edited " + old
        return registry.with(stepFingerprints: fingerprints)
    }

    func project() throws -> URL {
        let root = try temporaryDirectory()
        for (name, text) in Self.chapters {
            let url = root.appendingPathComponent("chapters").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test(arguments: [
        // adamSteps is cell 2 of chapter 1 and cell 1 of chapter 3; it makes no state, so the
        // cell after it in chapter 1 stays cached.
        ("adamSteps", [1: Set([2]), 3: Set([1])]),
        // lossCurve is the last cell of chapter 1 and the first of chapter 2 (valley follows it).
        ("lossCurve", [1: Set([3]), 2: Set([1])]),
        // kernels opens chapter 1 and ends chapter 4.
        ("kernels", [1: Set([1]), 4: Set([3])]),
        ("valley", [2: Set([2])]),
        // reluMap makes the state the cells after it start from: they rerun with it.
        ("reluMap", [4: Set([1, 2, 3])]),
        ("reluHistogram", [4: Set([2])]),
    ])
    func editingOneStepRerunsOnlyTheCellsThatUseItAndThoseAfterThem(step: String, expected: [Int: Set<Int>]) throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = build(Lessons.registry, root: root)
        #expect(first.summary.succeeded, "\(first.summary.diagnostics)")
        #expect(first.recomputed == [1: [1, 2, 3], 2: [1, 2], 3: [1], 4: [1, 2, 3]], "a first build runs everything")

        let unchanged = build(Lessons.registry, root: root)
        #expect(unchanged.recomputed == [:], "nothing changed, nothing runs")

        let edited = build(try editing(step), root: root)
        #expect(edited.summary.succeeded, "\(edited.summary.diagnostics)")
        #expect(edited.recomputed == expected)
        #expect(edited.summary.cellsCached == 9 - expected.values.map(\.count).reduce(0, +))
    }

    /// A changed value reruns its cell; the cells after it too only when its step makes state
    /// (they start from that state), not after a cell that only shows something.
    @Test func aChangedValueRerunsTheCellsAfterItOnlyWhenItsStepMakesState() throws {
        let root = try project()
        defer { try? FileManager.default.removeItem(at: root) }
        let chapter = root.appendingPathComponent("chapters/04-fourth.md")
        func write(map: String, gradient: String) throws {
            try "# Fourth\n\n```swift step=reluMap \(map)\n```\n\n```swift step=adamSteps gradient=\(gradient)\n```\n\n```swift step=reluHistogram\n```\n"
                .write(to: chapter, atomically: true, encoding: .utf8)
        }
        try write(map: "digit=3", gradient: "0.5")
        #expect(build(Lessons.registry, root: root).summary.succeeded)
        try write(map: "digit=3", gradient: "0.7")
        #expect(build(Lessons.registry, root: root).recomputed == [4: [2]])
        try write(map: "digit=5", gradient: "0.7")
        #expect(build(Lessons.registry, root: root).recomputed == [4: [1, 2, 3]])
    }

    @Test func everyStepFileHasAFingerprintOfItsOwn() {
        let registry = Lessons.registry
        for step in registry.steps {
            #expect(registry.stepFingerprints[step.fileID] != nil, "\(step.fileID) is keyed on every source, not its own")
        }
        // Files differ, so their fingerprints do: one file's edit cannot leave another's key unchanged by accident.
        let files = Set(registry.steps.map(\.fileID))
        let byFingerprint = Dictionary(grouping: files, by: { registry.stepFingerprints[$0] ?? "" })
        #expect(byFingerprint.count == files.count, "\(byFingerprint.values.filter { $0.count > 1 })")
    }
}
