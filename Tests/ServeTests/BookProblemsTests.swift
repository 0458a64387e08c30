@testable import Book
@testable import Classroom
import Foundation
import Lessons
import Testing

/// What `tutor build` would refuse in a chapter that still runs in `tutor serve` (a dead link, a
/// missing picture) is told to the teacher's terminal when the server starts and when it changes.
@Suite struct BookProblemsTests {
    final class Heard: @unchecked Sendable {
        private let lock = NSLock()
        private var told: [[String]] = []
        func add(_ problems: [Diagnostic]) { lock.withLock { told.append(problems.map(\.description)) } }
        var all: [[String]] { lock.withLock { told } }
    }

    /// A chapters folder holding `files` (path in it -> bytes), loaded by a `ServedBook` whose
    /// problems `heard` records.
    struct Served {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("book-problems-\(UUID().uuidString)")
        var chapters: URL { root.appendingPathComponent("chapters") }
        let heard = Heard()
        let book: ServedBook

        init(_ files: [String: Data]) throws {
            for (path, data) in files {
                let url = root.appendingPathComponent("chapters").appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            var options = ClassroomOptions(registry: Lessons.registry, chapters: root.appendingPathComponent("chapters"),
                                           chaptersDisplayPath: "chapters", data: .none, cacheDirectory: root.appendingPathComponent("output/.cache"))
            options.onBookProblems = { [heard] in heard.add($0) }
            book = ServedBook(options: options, images: ImageShelf())
            book.reload()
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

    @Test func deadLinksAndMissingPicturesAreToldWhenTheyChange() throws {
        let served = try Served(["01-first.md": Data("# First\n\nSee ![the network](figures/net.png) and [nothing](99-nope.md).\n".utf8)])
        defer { served.remove() }
        let (book, heard, chapter) = (served.book, served.heard, served.chapters.appendingPathComponent("01-first.md"))
        #expect(heard.all == [[
            "chapters/01-first.md:3:5: warning: this picture 'figures/net.png' is not there: there is no file chapters/figures/net.png",
            "chapters/01-first.md:3:41: warning: this links to '99-nope.md', which is not a chapter of this book; its chapters are 01-first.md",
        ]], "\(heard.all)")
        // The page still serves, and says them above the chapter.
        let page = try #require(book.html(of: "01-first.html"))
        #expect(page.contains("<aside class=\"live-notices\">") && page.contains("chapters/01-first.md:3:5: warning: this picture "), "\(page)")
        book.reload()
        #expect(heard.all.count == 1, "the same problems are not told twice")
        try "# First\n\nSee [nothing](99-nope.md).\n".write(to: chapter, atomically: true, encoding: .utf8)
        book.reload()
        #expect(heard.all.count == 2 && heard.all.last?.count == 1, "\(heard.all)")
        // Mended: no notice.
        try "# First\n\nSee nothing.\n".write(to: chapter, atomically: true, encoding: .utf8)
        book.reload()
        #expect(book.html(of: "01-first.html")?.contains("live-notices") == false)
    }

    /// A chapter that does not load is told to the terminal too, with its error, once.
    @Test func aChapterThatDoesNotLoadIsToldToTheTerminal() throws {
        let served = try Served(["01-first.md": Data("# First\n\nText.\n".utf8),
                                 "02-second.md": Data("# Second\n\n```swift step=kernels n=1 n=2\n```\n".utf8)])
        defer { served.remove() }
        let (book, heard) = (served.book, served.heard)
        #expect(heard.all.count == 1 && heard.all[0].count == 1 && heard.all[0][0].hasPrefix("chapters/02-second.md:3:")
                    && heard.all[0][0].contains(": error: ") && heard.all[0][0].contains("given twice"), "\(heard.all)")
        book.reload()
        #expect(heard.all.count == 1, "the same problems are not told twice")
    }

    /// A `book.toml` edited while serving is told to the terminal too, with its error if it has
    /// one (a page without its script, or no page open, would show nothing).
    @Test func aSettingsFileEditedWhileServingIsToldToTheTerminal() throws {
        let served = try Served(["01-first.md": Data("# First\n\nText.\n".utf8)])
        defer { served.remove() }
        let (book, heard) = (served.book, served.heard)
        let watcher = ChapterWatcher(book: book, hub: EventHub())
        watcher.check()
        #expect(heard.all.isEmpty, "\(heard.all)")
        try "title = \"unterminated\n".write(to: served.chapters.appendingPathComponent("book.toml"), atomically: true, encoding: .utf8)
        watcher.check()
        let told = heard.all.last ?? []
        #expect(told.count == 2 && told[0].contains("book.toml: warning: was created: its settings (title, seed, sample, data) are read when tutor serve starts")
                && told[1].contains("book.toml:1:9: error:"), "\(heard.all)")
    }

    /// The watcher looks at the files the chapters show, not only at the chapters: a picture
    /// removed, or put back, changes the page's notices without the chapter being saved again.
    @Test func aPictureRemovedOrPutBackIsToldWithoutTheChapterBeingSaved() throws {
        let served = try Served(["figures/net.png": Self.png, "01-first.md": Data("# First\n\nSee ![the network](figures/net.png).\n".utf8)])
        defer { served.remove() }
        let (book, heard, picture) = (served.book, served.heard, served.chapters.appendingPathComponent("figures/net.png"))
        let watcher = ChapterWatcher(book: book, hub: EventHub())
        watcher.check()
        #expect(heard.all.isEmpty && book.html(of: "01-first.html")?.contains("live-notices") == false, "\(heard.all)")
        try FileManager.default.removeItem(at: picture)
        watcher.check()
        #expect(heard.all.last?.first?.contains("this picture 'figures/net.png' is not there") == true, "\(heard.all)")
        #expect(book.html(of: "01-first.html")?.contains("live-notices") == true)
        try Self.png.write(to: picture)
        watcher.check()
        #expect(book.html(of: "01-first.html")?.contains("live-notices") == false)
    }
}
