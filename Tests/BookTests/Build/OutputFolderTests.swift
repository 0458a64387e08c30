@testable import Book
import Foundation
import Testing

@Suite struct OutputFolderTests {
    /// A book in a scratch folder: `chapters/`, `data/sample`, and whatever a test adds.
    struct Book {
        let scratch: ScratchDirectory
        var chapters: URL { scratch.url.appendingPathComponent("chapters") }
        var sample: URL { scratch.url.appendingPathComponent("data/sample") }

        init() throws {
            scratch = try ScratchDirectory()
            try scratch.write("chapters/01-one.md", "# One\n")
            try scratch.write("data/sample/labels", "")
        }

        var protected: [OutputFolder.Protected] {
            [OutputFolder.Protected(chapters, name: "the chapters folder", rule: .untouchable),
             OutputFolder.Protected(sample, name: "the sample digits folder", rule: .untouchable),
             OutputFolder.Protected(scratch.url.appendingPathComponent("home"), name: "the home folder", rule: .notItselfOrAround)]
        }

        /// The message refusing `path` (relative to the scratch folder), or nil if it is accepted.
        func refusal(_ path: String, forWriting: Bool = true) -> String? {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : scratch.url.appendingPathComponent(path)
            do {
                try OutputFolder.check(url, displayPath: path, protecting: protected, forWriting: forWriting)
                return nil
            } catch {
                return error.description
            }
        }
    }

    @Test func acceptsANewFolderAnEmptyOneAndOneAnEarlierBuildWrote() throws {
        let book = try Book()
        #expect(book.refusal("output") == nil)
        #expect(book.refusal("site/book") == nil)
        try book.scratch.write("old/02-two.html", PageWriter(bookTitle: "B").page(title: "Two", body: ""))
        #expect(book.refusal("old") == nil)
        try FileManager.default.createDirectory(at: book.scratch.url.appendingPathComponent("empty"), withIntermediateDirectories: true)
        #expect(book.refusal("empty") == nil)
        // Inside a home folder is where books usually go.
        #expect(book.refusal("home/book") == nil)
    }

    @Test func refusesAnImagesFolderThatIsALinkOrNotAFolder() throws {
        let book = try Book()
        try book.scratch.write("photos/mine.pgm", "P2")
        try book.scratch.write("output/index.html", PageWriter(bookTitle: "B").page(title: "Book", body: ""))
        let images = book.scratch.url.appendingPathComponent("output/images")
        try FileManager.default.createSymbolicLink(atPath: images.path, withDestinationPath: "../photos")
        #expect(book.refusal("output")?.contains("images is a symbolic link (to ../photos), where the book keeps its own pictures") == true)
        // Only read (`tutor run`): nothing is written, so the link does no harm.
        #expect(book.refusal("output", forWriting: false) == nil)
        try FileManager.default.removeItem(at: images)
        try book.scratch.write("output/images", "")
        #expect(book.refusal("output")?.contains("images is a file, where the book's folder of pictures goes") == true)
        try FileManager.default.removeItem(at: images)
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        #expect(book.refusal("output") == nil)
    }

    @Test func refusesTheEmptyPathAndTheRoot() throws {
        let book = try Book()
        #expect(book.refusal("")?.hasPrefix("--out '': error: the output folder's path is empty") == true)
        #expect(book.refusal("/")?.contains("the root of the file system") == true)
    }

    @Test func refusesTheChaptersTheirInsideAndWhatHoldsThem() throws {
        let book = try Book()
        #expect(book.refusal("chapters")?.contains("is the chapters folder") == true)
        #expect(book.refusal("chapters/book")?.contains("is inside the chapters folder") == true)
        #expect(book.refusal(book.scratch.url.path)?.contains("contains the chapters folder") == true)
        #expect(book.refusal("data")?.contains("contains the sample digits folder") == true)
        #expect(book.refusal("chapters/../chapters/.")?.contains("is the chapters folder") == true)
    }

    @Test func refusesTheHomeFolderAndWhatHoldsItButNotWhatIsInIt() throws {
        let book = try Book()
        #expect(book.refusal("home")?.contains("is the home folder") == true)
        #expect(book.refusal("home/book") == nil)
    }

    @Test func seesThroughLinksBothWays() throws {
        let book = try Book()
        try FileManager.default.createSymbolicLink(atPath: book.scratch.url.appendingPathComponent("alias").path, withDestinationPath: "chapters")
        #expect(book.refusal("alias")?.contains("is the chapters folder") == true)
        #expect(book.refusal("alias/inner")?.contains("is inside the chapters folder") == true)
    }

    /// Another build's unfinished files in a new folder are tutor's, not someone else's (an
    /// exploration saw a second build refused for "files that are not a book's" that were the
    /// first build's write check).
    @Test func tutorsOwnUnfinishedFilesAreNotSomeoneElses() throws {
        let book = try Book()
        let folder = book.scratch.url.appendingPathComponent("fresh")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent(".tutor-write-check-\(UUID().uuidString).partial"))
        try Data().write(to: folder.appendingPathComponent(".index.html.\(UUID().uuidString).partial"))
        #expect(book.refusal("fresh") == nil)
        try Data().write(to: folder.appendingPathComponent("notes.partial"))
        #expect(book.refusal("fresh")?.contains("already holds files that are not a book's (notes.partial)") == true)
    }

    @Test func refusesWhatIsNotAFolderNamingWhatItIs() throws {
        let book = try Book()
        try book.scratch.write("notes.txt", "mine")
        #expect(mkfifo(book.scratch.url.appendingPathComponent("pipe").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: book.scratch.url.appendingPathComponent("gone").path, withDestinationPath: "nowhere")
        #expect(book.refusal("notes.txt")?.contains("notes.txt is a file, not a folder") == true)
        #expect(book.refusal("notes.txt/book")?.contains("notes.txt is a file, not a folder") == true)
        #expect(book.refusal("pipe")?.contains("is a named pipe (FIFO), not a folder") == true)
        #expect(book.refusal("gone")?.contains("is a symbolic link to 'nowhere', which does not exist") == true)
        // Two links that lead to each other: a loop, not a link to something missing (an exploration read
        // "l1 is a symbolic link to l2, which does not exist" with l2 right there).
        try FileManager.default.createSymbolicLink(atPath: book.scratch.url.appendingPathComponent("l1").path, withDestinationPath: "l2")
        try FileManager.default.createSymbolicLink(atPath: book.scratch.url.appendingPathComponent("l2").path, withDestinationPath: "l1")
        #expect(book.refusal("l1")?.contains("l1 is a symbolic link that leads back to itself (a symlink loop)") == true, "\(book.refusal("l1") ?? "")")
        #expect(book.refusal("/dev/null")?.contains("is a device, not a folder") == true)
    }

    /// A name longer than the file system takes, or a path too long for the files inside it, is
    /// refused before any cell runs, and none of the folders on the way is made.
    @Test func refusesANameOrPathTooLongBeforeMakingAnything() throws {
        let book = try Book()
        let long = String(repeating: "e", count: 300)
        #expect(book.refusal("new/\(long)")?.contains("is 300 bytes long; this file system takes at most 255") == true)
        #expect(book.refusal("new/\(long)/book")?.contains("is 300 bytes long") == true)
        // Under the system's 4095 bytes itself, but not with the book's files inside.
        let deep = (0..<19).map { _ in String(repeating: "d", count: 206) }.joined(separator: "/")
        #expect(book.refusal("new/\(deep)")?.contains("would pass the system's limit of 4095") == true)
        let deeper = (0..<21).map { _ in String(repeating: "d", count: 206) }.joined(separator: "/")
        #expect(book.refusal("new/\(deeper)") != nil)
        #expect(!FileManager.default.fileExists(atPath: book.scratch.url.appendingPathComponent("new").path))
        #expect(book.refusal("new/" + String(repeating: "e", count: 255)) == nil)
    }

    @Test func refusesAFolderNoFileCanBeMadeInEvenAsRoot() throws {
        // sysfs refuses new files to everyone, root included, whatever its permission bits say.
        let book = try Book()
        #expect(book.refusal("/sys/kernel")?.contains("the output folder /sys/kernel cannot be written: ") == true)
        #expect(book.refusal("/sys/kernel/book")?.contains("cannot make the output folder /sys/kernel/book in /sys/kernel: ") == true)
        #expect(book.refusal("/sys/nonexistent/book")?.contains("cannot make the output folder /sys/nonexistent/book in /sys: ") == true)
    }

    /// The repository ships `output/.gitkeep`: a fresh clone's first build must be allowed there.
    @Test func acceptsAFolderHoldingOnlyPlaceholdersLikeGitkeep() throws {
        let book = try Book()
        try book.scratch.write("output/.gitkeep", "")
        #expect(book.refusal("output") == nil)
        try book.scratch.write("kept/.gitkeep", "")
        try book.scratch.write("kept/.DS_Store", "")
        #expect(book.refusal("kept") == nil)
        try book.scratch.write("kept/notes.txt", "mine")
        #expect(book.refusal("kept")?.contains("(notes.txt)") == true)
    }

    @Test func refusesAFolderHoldingOtherFilesListingAFew() throws {
        let book = try Book()
        for name in ["a.swift", "b.swift", "c.swift", "d.swift"] { try book.scratch.write("src/" + name, "") }
        #expect(book.refusal("src")?.contains("already holds files that are not a book's (a.swift, b.swift, c.swift, …)") == true)
    }

    /// Names are no mark of a book: someone's site with an `index.html` and a `style.css` would be
    /// overwritten. A page carrying the generator line, or the cache's folders, are.
    @Test func acceptsAFolderAnEarlierBuildWroteAndNoOtherSite() throws {
        let book = try Book()
        try book.scratch.write("site/index.html", "<h1>my site</h1>")
        try book.scratch.write("site/style.css", "body {}")
        try book.scratch.write("site/01-intro.html", "<p>mine</p>")
        #expect(book.refusal("site")?.contains("already holds files that are not a book's (01-intro.html, index.html, style.css)") == true)
        try book.scratch.write("site/.cache/notes", "")
        #expect(book.refusal("site") != nil, "a .cache of another tool")

        try book.scratch.write("built/index.html", PageWriter(bookTitle: "B").page(title: "B", body: "x"))
        try book.scratch.write("built/images/a.pgm", "P2")
        #expect(book.refusal("built") == nil, "pages with the generator line, their cache deleted")
        try book.scratch.write("cached/.cache/cells/x", "")
        try book.scratch.write("cached/01-a.html", "<p>an old page</p>")
        #expect(book.refusal("cached") == nil, "the cache of an earlier build")
    }

    @Test func aPipeNamedIndexIsNotReadForTheMark() throws {
        let book = try Book()
        try FileManager.default.createDirectory(at: book.scratch.url.appendingPathComponent("piped"), withIntermediateDirectories: true)
        #expect(mkfifo(book.scratch.url.appendingPathComponent("piped/index.html").path, 0o600) == 0)
        #expect(book.refusal("piped")?.contains("not a book's (index.html)") == true)
    }

    @Test func onlyReadingAllowsAMissingFolderButStillRefusesADangerousOne() throws {
        let book = try Book()
        #expect(book.refusal("/nonexistent-root-folder/book", forWriting: false) == nil)
        #expect(book.refusal("chapters", forWriting: false) != nil)
        #expect(book.refusal("", forWriting: false) != nil)
    }

    @Test func aBuildIntoARefusedFolderWritesNothingAndRunsNothing() throws {
        let book = try Book()
        let options = BuildOptions(chapters: book.chapters, output: book.chapters, outputDisplayPath: "chapters",
                                   data: DataSources.testing(sample: book.sample, mnist: book.sample))
        let before = try FileManager.default.subpathsOfDirectory(atPath: book.scratch.url.path).sorted()
        let log = EventLog()
        let summary = BookBuilder(registry: TestSteps.registry, options: options).build { log.append($0) }
        #expect(!summary.succeeded && summary.stoppedBeforeRunning)
        #expect(summary.diagnostics.map(\.description) == [
            "--out chapters: error: the output folder is the chapters folder (\(OutputFolder.canonicalPath(book.chapters))); name a folder of the book's own, such as output",
        ])
        #expect(summary.description == "built nothing: nothing was run or written")
        #expect(!log.events.contains { if case .cellStarted = $0 { true } else { false } })
        #expect(try FileManager.default.subpathsOfDirectory(atPath: book.scratch.url.path).sorted() == before)
    }
}
