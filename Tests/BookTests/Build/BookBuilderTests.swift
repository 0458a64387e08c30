@testable import Book
import Foundation
import Testing

@Suite struct BookBuilderTests {
    /// A copy of a fixture book in a scratch directory, and a builder writing next to it.
    struct Workspace {
        let scratch: ScratchDirectory
        var chapters: URL { scratch.url.appendingPathComponent("chapters") }
        var output: URL { scratch.url.appendingPathComponent("output") }

        init(_ fixture: String) throws {
            scratch = try ScratchDirectory()
            try FileManager.default.copyItem(at: Fixtures.url(fixture), to: chapters)
        }

        func build(useCache: Bool = true) -> BuildSummary {
            let data = DataSources.testing(sample: scratch.url.appendingPathComponent("sample"), mnist: scratch.url.appendingPathComponent("mnist"))
            let options = BuildOptions(chapters: chapters, chaptersDisplayPath: "chapters", output: output, data: data, useCache: useCache)
            return BookBuilder(registry: TestSteps.registry, options: options).build()
        }

        func edit(_ name: String, _ change: (String) -> String) throws {
            let url = chapters.appendingPathComponent(name)
            try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }

        func file(_ path: String) -> URL { output.appendingPathComponent(path) }
    }

    @Test func writesTheContentsTheChaptersTheStylesheetAndTheImages() throws {
        let workspace = try Workspace("book")
        let summary = workspace.build()
        #expect(summary.succeeded)
        #expect(summary.chaptersBuilt == 2 && summary.cellsRun == 7 && summary.cellsCached == 0)
        for path in ["index.html", "style.css", "01-kernels.html", "02-memory.html", "images/kernels-1-1.pgm", "images/kernels-3-1.pgm"] {
            #expect(FileManager.default.fileExists(atPath: workspace.file(path).path), "\(path) missing")
        }
        let index = try String(contentsOf: workspace.file("index.html"), encoding: .utf8)
        #expect(index.contains("href=\"01-kernels.html\"") && index.contains("Kernels &amp; pictures"))
        let memory = try String(contentsOf: workspace.file("02-memory.html"), encoding: .utf8)
        #expect(memory.contains("recalled 2.5"))
        #expect(memory.contains("rel=\"prev\" href=\"01-kernels.html\""))
        let pgm = try PGM.decode(try Data(contentsOf: workspace.file("images/kernels-3-1.pgm")))
        #expect(pgm.width == 8 && pgm.height == 8)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.output.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
    }

    /// Found by an exploration: two builds into one folder at once, the second said it succeeded
    /// and its book was gone. The second is refused while the first holds the folder.
    @Test func aBuildIntoAFolderAnotherBuildIsWritingIsRefused() throws {
        let workspace = try Workspace("book")
        try FileManager.default.createDirectory(at: workspace.output, withIntermediateDirectories: true)
        let other = open(workspace.output.path, O_RDONLY | O_DIRECTORY)  // the other build's hold on the folder
        defer { close(other) }
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
        let refused = workspace.build()
        #expect(!refused.succeeded && refused.diagnostics.contains { $0.message.contains("another tutor build is writing this book now") },
                "\(refused.diagnostics)")
        #expect(!FileManager.default.fileExists(atPath: workspace.file("index.html").path))
        flock(other, LOCK_UN)
        #expect(workspace.build().succeeded)
    }

    /// A build that fails before it writes anything leaves no empty output folder behind (the
    /// lock makes the folder to hold it).
    @Test func aBuildThatWritesNothingLeavesNoFolder() throws {
        let workspace = try Workspace("failing")
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.chapters.path) {
            try FileManager.default.removeItem(at: workspace.chapters.appendingPathComponent(name))
        }
        // Its only cell fails: nothing to save, nothing to write.
        try "# Only\n\n```swift step=fail\n```\n".write(to: workspace.chapters.appendingPathComponent("01-only.md"), atomically: true, encoding: .utf8)
        let summary = workspace.build()
        #expect(!summary.succeeded && summary.chaptersBuilt == 0)
        #expect(!FileManager.default.fileExists(atPath: workspace.output.path))
    }

    @Test func aSecondBuildRunsNothing() throws {
        let workspace = try Workspace("book")
        _ = workspace.build()
        let first = try String(contentsOf: workspace.file("01-kernels.html"), encoding: .utf8)
        let second = workspace.build()
        #expect(second.cellsRun == 0 && second.cellsCached == 7 && second.succeeded)
        #expect(try String(contentsOf: workspace.file("01-kernels.html"), encoding: .utf8) == first)
    }

    @Test func changingAParameterRerunsThatCellAndTheOnesAfterItOnly() throws {
        let workspace = try Workspace("book")
        _ = workspace.build()
        try workspace.edit("02-memory.md") { $0.replacingOccurrences(of: "value=2.5", with: "value=4") }
        let summary = workspace.build()
        #expect(summary.cellsRun == 3 && summary.cellsCached == 4)
        #expect(try String(contentsOf: workspace.file("02-memory.html"), encoding: .utf8).contains("recalled 4.0"))
    }

    /// The greeting makes no state, so changing it reruns it alone: the recall after it starts
    /// from the state the first cell left, as before, and comes from the cache. (A miss that reads
    /// the state a cached cell saved: `CacheInvalidationTests`, editing reluHistogram.)
    @Test func changingACellThatMakesNoStateRerunsItAlone() throws {
        let workspace = try Workspace("book")
        try workspace.edit("02-memory.md") { $0 + "\n```swift step=recall\n```\n" }
        _ = workspace.build()
        try workspace.edit("02-memory.md") { $0.replacingOccurrences(of: "times=2", with: "times=3") }
        let summary = workspace.build()
        #expect(summary.succeeded)
        #expect(summary.cellsRun == 1 && summary.cellsCached == 7)
        let page = try String(contentsOf: workspace.file("02-memory.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "recalled 2.5").count == 3 && page.components(separatedBy: "Hello, class!").count == 4)
    }

    @Test func aMissAfterAHitWithDamagedStateRerunsTheCellsBefore() throws {
        let workspace = try Workspace("book")
        _ = workspace.build()
        let states = workspace.file(".cache/state")
        for name in try FileManager.default.contentsOfDirectory(atPath: states.path) {
            try Data("0".utf8).write(to: states.appendingPathComponent(name))
        }
        try workspace.edit("02-memory.md") { $0.replacingOccurrences(of: "times=2", with: "times=3") }
        let summary = workspace.build()
        #expect(summary.succeeded)
        // The greeting missed; its state came from rerunning the two cells before it, which the
        // summary still counts as cached (their outputs were).
        #expect(summary.cellsRun == 1 && summary.cellsCached == 6)
        let page = try String(contentsOf: workspace.file("02-memory.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "Hello, class!").count == 4)
        #expect(page.components(separatedBy: "recalled 2.5").count == 2)
    }

    @Test func noCacheRunsEverything() throws {
        let workspace = try Workspace("book")
        _ = workspace.build()
        #expect(workspace.build(useCache: false).cellsRun == 7)
    }

    @Test func aCorruptEntryIsRunAgain() throws {
        let workspace = try Workspace("book")
        _ = workspace.build()
        // Every cell entry and every drawn page (which would otherwise serve the chapter whole).
        for folder in [workspace.file(".cache/cells"), workspace.file(".cache/pages")] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                try Data("garbage".utf8).write(to: folder.appendingPathComponent(name))
            }
        }
        let summary = workspace.build()
        #expect(summary.cellsRun == 7 && summary.succeeded)
    }

    @Test func aFailedChapterLeavesTheContentsAndTheStylesheetAsTheyWere() throws {
        let workspace = try Workspace("book")
        #expect(workspace.build().succeeded)
        let index = try Data(contentsOf: workspace.file("index.html"))
        let stamp = { try FileManager.default.attributesOfItem(atPath: workspace.file($0).path)[.modificationDate] as? Date }
        let (indexTime, styleTime) = (try stamp("index.html"), try stamp("style.css"))
        // A new summary, and a cell that fails: the contents must not show the new summary beside the old page.
        try workspace.edit("02-memory.md") { $0.replacingOccurrences(of: "The first cell stores a value.", with: "A new summary.")
            + "\n```swift step=fail\n```\n" }
        Thread.sleep(forTimeInterval: 0.05)
        let failed = workspace.build()
        #expect(!failed.succeeded && failed.chaptersFailed == 1)
        #expect(try Data(contentsOf: workspace.file("index.html")) == index)
        #expect(try stamp("index.html") == indexTime && stamp("style.css") == styleTime)
    }

    @Test func aFailingChapterDoesNotStopTheOthersNorLoseItsPage() throws {
        let workspace = try Workspace("failing")
        try FileManager.default.createDirectory(at: workspace.output, withIntermediateDirectories: true)
        // The page an earlier build wrote (the generator line marks it as the book's).
        let oldPage = PageWriter(bookTitle: "B").page(title: "Throws", body: "old page")
        try oldPage.write(to: workspace.file("02-throws.html"), atomically: true, encoding: .utf8)
        let summary = workspace.build()
        #expect(!summary.succeeded)
        #expect(summary.chaptersBuilt == 1 && summary.chaptersFailed == 2)
        let messages = summary.diagnostics.map(\.description)
        #expect(messages.contains("chapters/02-throws.md:6:1: error: step 'fail' failed: this step always fails"))
        #expect(messages.contains { $0.hasPrefix("chapters/03-typo.md:3:15: error: unknown step 'gret' (did you mean 'greet'?)") })
        #expect(try String(contentsOf: workspace.file("02-throws.html"), encoding: .utf8) == oldPage)
        #expect(FileManager.default.fileExists(atPath: workspace.file("01-fine.html").path))
        // The failed chapter with an old page is still linked; the one without a page is not.
        let index = try String(contentsOf: workspace.file("index.html"), encoding: .utf8)
        #expect(index.contains("href=\"02-throws.html\"") && !index.contains("03-typo"))
        let fine = try String(contentsOf: workspace.file("01-fine.html"), encoding: .utf8)
        #expect(fine.contains("rel=\"next\" href=\"02-throws.html\""))
    }

    /// A folder where a page goes is found before any page is written, not after the first.
    @Test func somethingInThePlaceOfAPageStopsTheBuildBeforeItWritesAny() throws {
        let workspace = try Workspace("book")
        #expect(workspace.build().succeeded)
        let page = try String(contentsOf: workspace.file("01-kernels.html"), encoding: .utf8)
        try FileManager.default.removeItem(at: workspace.file("index.html"))
        try FileManager.default.createDirectory(at: workspace.file("index.html"), withIntermediateDirectories: true)
        let before = try FileManager.default.contentsOfDirectory(atPath: workspace.output.path).sorted()
        try workspace.edit("01-kernels.md") { $0.replacingOccurrences(of: "# Kernels", with: "# Kernels, renamed") }
        let summary = workspace.build()
        #expect(!summary.succeeded && !summary.wrotePages && summary.chaptersBuilt == 0 && summary.chaptersFailed == 0)
        // No chapter failed: the summary says nothing was written, and that the results are kept.
        #expect(summary.description.hasPrefix("wrote nothing: ") && summary.description.contains("(kept for the next build)"), "\(summary.description)")
        #expect(summary.diagnostics.contains { $0.description.hasPrefix("--out ") && $0.description.contains(": error: cannot write the book: ") },
                "\(summary.diagnostics)")
        #expect(summary.diagnostics.map(\.description).contains { $0.contains("index.html is a folder, where the book's index.html goes") },
                "\(summary.diagnostics)")
        #expect(try String(contentsOf: workspace.file("01-kernels.html"), encoding: .utf8) == page)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.output.path).sorted() == before)
    }

    /// A chapter renamed while another fails: the contents show the new title of the page just
    /// written, and the failed chapter's entry as it was, beside its old page.
    @Test func theContentsFollowThePagesWrittenAndKeepAFailedChaptersEntry() throws {
        let workspace = try Workspace("book")
        #expect(workspace.build().succeeded)
        let oldIndex = try String(contentsOf: workspace.file("index.html"), encoding: .utf8)
        try workspace.edit("01-kernels.md") { $0.replacingOccurrences(of: "# Kernels & pictures", with: "# Kernels, renamed") }
        try workspace.edit("02-memory.md") { $0.replacingOccurrences(of: "The first cell stores a value.", with: "A new summary.")
            + "\n```swift step=fail\n```\n" }
        let failed = workspace.build()
        #expect(!failed.succeeded && failed.chaptersBuilt == 1 && failed.wrotePages)
        let index = try String(contentsOf: workspace.file("index.html"), encoding: .utf8)
        #expect(index.contains("Kernels, renamed") && !index.contains("Kernels &amp; pictures"), "\(index)")
        #expect(oldIndex.contains("The first cell stores a value.") && index.contains("The first cell stores a value.") && !index.contains("A new summary."))
        let first = try String(contentsOf: workspace.file("01-kernels.html"), encoding: .utf8)
        #expect(first.contains("Kernels, renamed") && first.contains("href=\"02-memory.html\""))
    }

    @Test func reportsProgressEvents() throws {
        let workspace = try Workspace("book")
        let log = EventLog()
        let data = DataSources.testing(sample: workspace.scratch.url.appendingPathComponent("sample"),
                                   mnist: workspace.scratch.url.appendingPathComponent("mnist"))
        let options = BuildOptions(chapters: workspace.chapters, output: workspace.output, data: data)
        _ = BookBuilder(registry: TestSteps.registry, options: options).build { log.append($0) }
        #expect(log.events.filter { if case .chapterStarted = $0 { true } else { false } }.count == 2)
        #expect(log.events.filter { if case .cellStarted = $0 { true } else { false } }.count == 7)
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [BuildEvent] = []
    func append(_ event: BuildEvent) { lock.lock(); stored.append(event); lock.unlock() }
    var events: [BuildEvent] { lock.lock(); defer { lock.unlock() }; return stored }
}
