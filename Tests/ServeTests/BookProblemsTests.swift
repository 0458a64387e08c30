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

    @Test func deadLinksAndMissingPicturesAreToldWhenTheyChange() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("book-problems-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        let chapter = chapters.appendingPathComponent("01-first.md")
        try "# First\n\nSee ![the network](figures/net.png) and [nothing](99-nope.md).\n".write(to: chapter, atomically: true, encoding: .utf8)
        let heard = Heard()
        var options = ClassroomOptions(registry: Lessons.registry, chapters: chapters, chaptersDisplayPath: "chapters", data: .none,
                                       cacheDirectory: root.appendingPathComponent("output/.cache"))
        options.onBookProblems = { heard.add($0) }
        let book = ServedBook(options: options, images: ImageShelf())
        book.reload()
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
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("book-broken-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try "# First\n\nText.\n".write(to: chapters.appendingPathComponent("01-first.md"), atomically: true, encoding: .utf8)
        try "# Second\n\n```swift step=kernels n=1 n=2\n```\n".write(to: chapters.appendingPathComponent("02-second.md"), atomically: true, encoding: .utf8)
        let heard = Heard()
        var options = ClassroomOptions(registry: Lessons.registry, chapters: chapters, chaptersDisplayPath: "chapters", data: .none,
                                       cacheDirectory: root.appendingPathComponent("output/.cache"))
        options.onBookProblems = { heard.add($0) }
        let book = ServedBook(options: options, images: ImageShelf())
        book.reload()
        #expect(heard.all.count == 1 && heard.all[0].count == 1 && heard.all[0][0].hasPrefix("chapters/02-second.md:3:")
                    && heard.all[0][0].contains(": error: ") && heard.all[0][0].contains("given twice"), "\(heard.all)")
        book.reload()
        #expect(heard.all.count == 1, "the same problems are not told twice")
    }

    /// The watcher looks at the files the chapters show, not only at the chapters: a picture
    /// removed, or put back, changes the page's notices without the chapter being saved again.
    @Test func aPictureRemovedOrPutBackIsToldWithoutTheChapterBeingSaved() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("book-pictures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters.appendingPathComponent("figures"), withIntermediateDirectories: true)
        let picture = chapters.appendingPathComponent("figures/net.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).write(to: picture)
        try "# First\n\nSee ![the network](figures/net.png).\n".write(to: chapters.appendingPathComponent("01-first.md"), atomically: true, encoding: .utf8)
        let heard = Heard()
        var options = ClassroomOptions(registry: Lessons.registry, chapters: chapters, chaptersDisplayPath: "chapters", data: .none,
                                       cacheDirectory: root.appendingPathComponent("output/.cache"))
        options.onBookProblems = { heard.add($0) }
        let book = ServedBook(options: options, images: ImageShelf())
        book.reload()
        let watcher = ChapterWatcher(book: book, hub: EventHub())
        watcher.check()
        #expect(heard.all.isEmpty && book.html(of: "01-first.html")?.contains("live-notices") == false, "\(heard.all)")
        try FileManager.default.removeItem(at: picture)
        watcher.check()
        #expect(heard.all.last?.first?.contains("this picture 'figures/net.png' is not there") == true, "\(heard.all)")
        #expect(book.html(of: "01-first.html")?.contains("live-notices") == true)
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).write(to: picture)
        watcher.check()
        #expect(book.html(of: "01-first.html")?.contains("live-notices") == false)
    }
}
