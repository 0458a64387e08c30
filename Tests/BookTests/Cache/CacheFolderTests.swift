@testable import Book
import Foundation
import Testing
import Hashing

/// The cache on a damaged or crowded disk: folders that are files, leftovers of killed builds,
/// damaged entries, links pointing out of the cache, and pruning what no build uses.
@Suite struct CacheFolderTests {
    /// A key shaped like the real ones (64 hex digits), so pruning recognises its entry.
    static func key(_ n: Int) -> String { SHA256.hex("key \(n)") }

    static func state(_ value: Double) throws -> ChapterState {
        let state = ChapterState()
        try state.set("value", value)
        return state
    }

    /// A file outside the cache that links inside it point to: it must survive everything.
    static func outsider(_ scratch: ScratchDirectory) throws -> URL {
        try scratch.write("outside/precious.txt", "do not touch")
    }

    static func expectIntact(_ outsider: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect((try? String(contentsOf: outsider, encoding: .utf8)) == "do not touch", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["", "cells", "state"])
    func refusesAFolderOfTheCacheThatIsAFile(_ folder: String) throws {
        let scratch = try ScratchDirectory()
        let cacheURL = scratch.url.appendingPathComponent("cache")
        let url = folder.isEmpty ? cacheURL : cacheURL.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: url)
        let error = try #require(throws: Diagnostic.self) { try CellCache(directory: cacheURL).prepare() }
        #expect(error.description.hasPrefix("\(url.path): error: the cell cache needs a folder here, but this is a file"))
        #expect(error.description.contains("remove it"))
    }

    @Test func refusesACacheFolderThatIsALink() throws {
        let scratch = try ScratchDirectory()
        let cacheURL = scratch.url.appendingPathComponent("cache")
        try FileManager.default.createSymbolicLink(at: cacheURL, withDestinationURL: scratch.url)
        let error = try #require(throws: Diagnostic.self) { try CellCache(directory: cacheURL).prepare() }
        #expect(error.message.contains("this is a symbolic link"))
    }

    @Test func aChapterRunStopsAtACacheThatIsAFileWithALocatedError() throws {
        let scratch = try ScratchDirectory()
        let cacheURL = try scratch.write("cache", "a file")
        let fence = Fence(info: "swift step=greet", body: "", location: SourceLocation(path: "c.md", line: 1, column: 1), infoColumn: 4)
        let cell = try TestSteps.registry.resolve(Cell(index: 1, fence: fence, info: try InfoString.parse("swift step=greet")))
        let settings = RunSettings(seed: 1, data: DataSources.testing(sample: scratch.url, mnist: scratch.url),
                                   registry: TestSteps.registry, cache: CellCache(directory: cacheURL))
        let run = ChapterRun(cells: [cell], settings: settings)
        let error = try #require(throws: Diagnostic.self) { _ = try run.next() }
        #expect(error.location.path == cacheURL.path)
        #expect(try Data(contentsOf: cacheURL) == Data("a file".utf8), "the file is reported, not replaced")
    }

    @Test func preparingRemovesUnfinishedWritesAndNothingElse() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        let outsider = try Self.outsider(scratch)
        let leftovers = try [".index.html.1234.partial", "cells/.\(Self.key(1)).cell.5678.partial", "state/.abc.partial"].map {
            try scratch.write($0, "half")
        }
        let link = scratch.url.appendingPathComponent("cells/.link.partial")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outsider)
        let kept = try ["notes.txt", "cells/.hidden", "state/partial"].map { try scratch.write($0, "mine") }
        try cache.prepare()
        for url in leftovers + [link] { #expect(CacheFolder.kind(of: url) == .missing, "\(url.lastPathComponent)") }
        for url in kept { #expect(FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent)") }
        Self.expectIntact(outsider)
    }

    @Test func pruneDeletesOnlyWhatThisCacheNeitherServedNorStored() throws {
        let scratch = try ScratchDirectory()
        let outsider = try Self.outsider(scratch)
        let old = CellCache(directory: scratch.url)
        try old.store(key: Self.key(1), outputs: [.text("one")], state: try Self.state(1))
        try old.store(key: Self.key(2), outputs: [.text("two")], state: try Self.state(2))
        let keptState = try #require(old.entry(Self.key(1))).state["value"]!
        let staleState = try #require(old.entry(Self.key(2))).state["value"]!

        let cells = scratch.url.appendingPathComponent("cells")
        let strangers = try ["cells/notes.txt", "cells/abc.cell", "state/README"].map { try scratch.write($0, "mine") }
        let link = cells.appendingPathComponent(CacheFolder.entryName(Self.key(3)))
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outsider)
        let folder = cells.appendingPathComponent(CacheFolder.entryName(Self.key(4)))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        // The next build uses entry 1 (a hit) and stores entry 5.
        let build = CellCache(directory: scratch.url)
        try build.prepare()
        #expect(build.entry(Self.key(1)) != nil)
        try build.store(key: Self.key(5), outputs: [], state: ChapterState())
        #expect(build.prune() == 3, "entry 2, its state value, and the link")

        #expect(build.entry(Self.key(1)) != nil)
        #expect(build.state(of: try #require(build.entry(Self.key(1))))?.entries.isEmpty == false)
        #expect(build.entry(Self.key(5)) != nil)
        #expect(CacheFolder.kind(of: build.entryURL(Self.key(2))) == .missing)
        #expect(CacheFolder.kind(of: scratch.url.appendingPathComponent("state/\(staleState)")) == .missing)
        #expect(CacheFolder.kind(of: scratch.url.appendingPathComponent("state/\(keptState)")) == .file)
        #expect(CacheFolder.kind(of: link) == .missing, "a link is removed as a link")
        Self.expectIntact(outsider)
        for url in strangers { #expect(FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent)") }
        #expect(CacheFolder.kind(of: folder) == .folder, "only files the cache writes are deleted")
    }

    @Test func ignoresAnEntryThatIsALinkAFolderOrAPipe() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        try cache.store(key: Self.key(1), outputs: [.text("hi")], state: ChapterState())
        let sound = cache.entryURL(Self.key(1))
        // A link to a sound entry is still refused: the cache reads only its own files.
        let link = cache.entryURL(Self.key(2))
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: sound)
        #expect(cache.entry(Self.key(2)) == nil)
        try FileManager.default.createSymbolicLink(at: cache.entryURL(Self.key(3)), withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
        #expect(cache.entry(Self.key(3)) == nil)
        try FileManager.default.createDirectory(at: cache.entryURL(Self.key(4)), withIntermediateDirectories: true)
        #expect(cache.entry(Self.key(4)) == nil)
        // Reading a pipe would wait for a writer forever; it is refused at once.
        #expect(mkfifo(cache.entryURL(Self.key(5)).path, 0o600) == 0)
        #expect(cache.entry(Self.key(5)) == nil)
    }

    @Test func storingRepairsAFolderOrALinkWhereAnEntryBelongs() throws {
        let scratch = try ScratchDirectory()
        let outsider = try Self.outsider(scratch)
        let cache = CellCache(directory: scratch.url)
        let folder = cache.entryURL(Self.key(1))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("inner"), withDestinationURL: outsider)
        try FileManager.default.createSymbolicLink(at: cache.entryURL(Self.key(2)), withDestinationURL: outsider)
        for n in [1, 2] {
            try cache.store(key: Self.key(n), outputs: [.text("\(n)")], state: ChapterState())
            #expect(cache.entry(Self.key(n))?.outputs == [.text("\(n)")])
            #expect(CacheFolder.kind(of: cache.entryURL(Self.key(n))) == .file)
        }
        Self.expectIntact(outsider)
    }

    @Test func storingRewritesADamagedStateValue() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        try cache.store(key: Self.key(1), outputs: [], state: try Self.state(3))
        let entry = try #require(cache.entry(Self.key(1)))
        let blob = scratch.url.appendingPathComponent("state").appendingPathComponent(entry.state["value"]!)
        try Data("4.0".utf8).write(to: blob)
        #expect(cache.state(of: entry) == nil)
        try cache.store(key: Self.key(1), outputs: [], state: try Self.state(3))
        #expect(try cache.state(of: entry)?.get(Double.self, "value") == 3)
    }
}
