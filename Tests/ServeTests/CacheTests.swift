@testable import Book
@testable import Classroom
import Foundation
import TutorTestSupport
import Testing

/// The cache `tutor serve` shares with `tutor build`: refused at the start when it cannot keep
/// results, and what a session adds to it kept under a limit.
@Suite struct CacheTests {
    enum Damage: String, CaseIterable, Sendable {
        case cacheIsAFile, cellsIsAFile, stateIsALink, cacheIsALink, cacheCannotBeWritten
    }

    /// As `tutor build` does, with the path in the message and a failing exit, before listening.
    @Test(arguments: Damage.allCases)
    func aCacheThatCannotKeepResultsIsRefusedAtTheStart(_ damage: Damage) async throws {
        let root = try ServedProject.makeProject(chapters: ["01-convolution.md"])
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        let cache = root.appendingPathComponent("output/.cache")
        try manager.createDirectory(at: root.appendingPathComponent("output"), withIntermediateDirectories: true)
        let named: URL
        switch damage {
        case .cacheIsAFile:
            try Data("x".utf8).write(to: cache)
            named = cache
        case .cellsIsAFile:
            try manager.createDirectory(at: cache, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: cache.appendingPathComponent("cells"))
            named = cache.appendingPathComponent("cells")
        case .stateIsALink:
            try manager.createDirectory(at: cache, withIntermediateDirectories: true)
            try manager.createSymbolicLink(atPath: cache.appendingPathComponent("state").path, withDestinationPath: root.path)
            named = cache.appendingPathComponent("state")
        case .cacheIsALink:
            try manager.createDirectory(at: root.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
            try manager.createSymbolicLink(atPath: cache.path, withDestinationPath: root.appendingPathComponent("elsewhere").path)
            named = cache
        case .cacheCannotBeWritten:
            try manager.createDirectory(at: cache.appendingPathComponent("cells"), withIntermediateDirectories: true)
            named = cache.appendingPathComponent("cells")
            guard UnwritableFolder.make(named) else {
                Issue.record("cannot make a folder unwritable here (root without chattr?): not tested")
                return
            }
        }
        defer { if damage == .cacheCannotBeWritten { UnwritableFolder.undo(named) } }
        let (status, errors) = try ServedProject.runTutor(["serve", "--port", "0"] + ServedProject.bookArguments, in: root, timeout: 60)
        #expect(status != 0, "serve started: \(errors)")
        #expect(errors.contains(named.path) && errors.contains("error:"), "\(errors)")
        #expect(!errors.contains("Serving the book"))
    }

    /// Entries a build saved stay whole; what the session adds stays under `--cache-limit`, the
    /// least lately used deleted first, so the last values asked are still saved.
    @Test func whatASessionAddsStaysUnderTheLimitAndTheBuildsEntriesStay() async throws {
        // A reader's row for cell 4 adds one entry of under 1 KB (the cell after it makes no
        // state of its own, so its entry is the build's); `tutor serve` measures what it adds as
        // this test does: a few readers' fit, twelve do not.
        let limit = 4 << 10
        let served = try await ServedProject.start(chapters: ["01-convolution.md"], arguments: ["--cache-limit", "4K"]) { root in
            let build = try ServedProject.runTutor(["build"] + ServedProject.bookArguments, in: root)
            #expect(build.status == 0, "\(build.errors)")
        }
        defer { served.stop() }
        let cache = served.url("output/.cache")
        let built = files(in: cache)
        #expect(!built.isEmpty)
        for row in 1...12 {
            let answer = try await served.probe.get("/api/run/01-convolution.html?4.row=\(row)")
            #expect(answer.events.last?.name == "done", "\(answer.body.prefix(300))")
            let now = files(in: cache)
            for (path, size) in built { #expect(now[path] == size, "the build's \(path) was touched") }
            let added = now.filter { built[$0.key] == nil }.values.reduce(0, +)
            #expect(added <= limit, "the session added \(added) bytes, over \(limit)")
        }
        // The last values are kept; the first were let go, and compute again when asked.
        let last = try await served.probe.get("/api/run/01-convolution.html?4.row=12")
        #expect(Self.cached(4, last) == true)
        let first = try await served.probe.get("/api/run/01-convolution.html?4.row=1")
        #expect(Self.cached(4, first) == false)
        // The chapter's own values are the build's, still read from the cache.
        #expect(Self.cached(4, try await served.probe.get("/api/run/01-convolution.html?4.row=10")) == true)
    }

    @Test func theBudgetDeletesTheLeastLatelyUsedAndStateOnlyTheyNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-budget-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = CellCache(directory: folder)
        try cache.prepareForWriting()
        let shared = Data(repeating: 1, count: 1000), earlier = Data(repeating: 2, count: 1000)
        try cache.store(key: key(0), outputs: [.text("before")], state: ChapterState(entries: ["e": earlier]))
        // Every entry names `shared` (1000 bytes, counted once), a value of its own (600 bytes),
        // and `earlier`, there before the session (not counted): three entries fit, not four.
        let entryBytes = try Self.sizeOfAnEntry(naming: ["s": shared, "own": Data(repeating: 9, count: 600), "e": earlier])
        let limit = 1000 + 3 * (entryBytes + 600) + 300
        let budget = CacheBudget(cache: cache, limit: limit)
        budget.start()
        var own: [Int: String] = [:]
        for n in 1...6 {
            try cache.store(key: key(n), outputs: [.text("cell \(n)")],
                            state: ChapterState(entries: ["s": shared, "own": Data(repeating: UInt8(n + 10), count: 600), "e": earlier]))
            own[n] = try #require(cache.entry(key(n))?.state["own"])
            budget.stored(key(n))
            #expect(budget.bytes <= limit)
            if n == 2 { budget.used(key(1)) }
            // The fourth pushes out the one used least lately: 2, as 1 was read after it.
            if n == 4 { #expect(!cache.hasEntry(key(2)) && cache.hasEntry(key(1)) && cache.hasEntry(key(3)), "budget: \(budget.bytes)") }
        }
        let names = cache.storedNames()
        #expect(names.keys == [key(0), key(4), key(5), key(6)], "\(names.keys)")
        // Entry 0 and its value were there before: untouched. A value goes with the last entry naming it.
        let earlierDigest = try #require(cache.entry(key(0))?.state["e"])
        let sharedDigest = try #require(cache.entry(key(6))?.state["s"])
        #expect(names.states == [earlierDigest, sharedDigest, own[4]!, own[5]!, own[6]!])
        // What is counted is what is on disk, less what was there before.
        let onDisk = names.keys.subtracting([key(0)]).compactMap(cache.entrySize).reduce(0, +)
            + names.states.subtracting([earlierDigest]).compactMap(cache.stateSize).reduce(0, +)
        #expect(onDisk == budget.bytes)
        // A limit of 0 keeps nothing new.
        let none = CacheBudget(cache: cache, limit: 0)
        none.start()
        try cache.store(key: key(7), outputs: [.text("cell 7")], state: ChapterState())
        none.stored(key(7))
        #expect(!cache.hasEntry(key(7)) && none.bytes == 0)
    }

    /// The bytes an entry `cell N` naming `state` takes, measured in a cache of its own.
    private static func sizeOfAnEntry(naming state: [String: Data]) throws -> Int {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-entry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = CellCache(directory: folder)
        let key = String(repeating: "9", count: 64)
        try cache.store(key: key, outputs: [.text("cell 9")], state: ChapterState(entries: state))
        return try #require(cache.entrySize(key))
    }

    private func key(_ n: Int) -> String { String(repeating: String(n % 10), count: 64) }

    static func cached(_ cell: Int, _ answer: HTTPProbe.Answer) -> Bool? {
        answer.events.first { $0.name == "cell" && $0.data["cell"] as? Int == cell }?.data["cached"] as? Bool
    }

    /// Every file under `folder`, by path, with its size.
    private func files(in folder: URL) -> [String: Int] {
        var all: [String: Int] = [:]
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) ?? .init() {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            all[url.path] = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return all
    }
}
