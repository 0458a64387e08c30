@testable import Book
import Foundation
import Testing

@Suite struct ChapterTests {
    @Test func takesTheNumberAndSlugFromTheFileName() throws {
        let chapter = try Chapter.parse("# Softmax\n\nText.\n", path: "chapters/03-softmax.md", fileName: "03-softmax.md")
        #expect(chapter.number == 3 && chapter.slug == "softmax" && chapter.title == "Softmax")
        #expect(chapter.pageName == "03-softmax.html")
    }

    /// Raw HTML off, `<em>` in the title is shown as text on the page, so the tab and the contents
    /// show it as well; raw HTML on, it is markup, and the title is its words.
    @Test func theTitleShowsRawHTMLAsThePageShowsIt() throws {
        let text = "# The <em>soft</em> max & `code`\n\nText.\n"
        let escaped = try Chapter.parse(text, path: "c/03-a.md", fileName: "03-a.md")
        #expect(escaped.title == "The <em>soft</em> max & code")
        let raw = try Chapter.parse("---\nraw-html: true\n---\n" + text, path: "c/03-a.md", fileName: "03-a.md")
        #expect(raw.title == "The soft max & code")
    }

    @Test func rejectsABadFileName() {
        #expect(throws: Diagnostics.self) { try Chapter.parse("# T\n", path: "x/readme.md", fileName: "readme.md") }
        #expect(throws: Diagnostics.self) { try Chapter.parse("# T\n", path: "x/3-a.md", fileName: "3-a.md") }
    }

    /// `tutor run 1` means chapter 1 and `run chapter3` chapter 3: a chapter with such a slug could
    /// never be named, so its file name is refused, with why.
    @Test(arguments: [("03-1.md", 1), ("04-chapter3.md", 3), ("05-007.md", 7)])
    func rejectsASlugThatReadsAsAChapterNumber(name: String, meaning: Int) {
        #expect(throws: Diagnostics.self) { try Chapter.parse("# T\n", path: "c/" + name, fileName: name) }
        do {
            _ = try Chapter.parse("# T\n", path: "c/" + name, fileName: name)
        } catch {
            #expect(error.description.contains("reads as chapter \(meaning)"), "\(error)")
        }
        #expect((try? Chapter.parse("# T\n", path: "c/05-chapter-one.md", fileName: "05-chapter-one.md")) != nil)
        #expect((try? Chapter.parse("# T\n", path: "c/05-3d-kernels.md", fileName: "05-3d-kernels.md")) != nil)
    }

    @Test func readsFrontMatterAndKeepsLineNumbers() throws {
        let chapter = try Chapter.parse("---\nraw-html: true\nseed: 7\n---\n# T\n\n```swift step=a\n```\n",
                                        path: "c/01-a.md", fileName: "01-a.md")
        #expect(chapter.options == ChapterOptions(rawHTML: true, seed: 7))
        #expect(chapter.cells[0].location.line == 7)
    }

    @Test func rejectsUnknownFrontMatterKeys() {
        #expect {
            try Chapter.parse("---\nraw_html: true\n---\n# T\n", path: "c/01-a.md", fileName: "01-a.md")
        } throws: { error in
            let d = (error as! Diagnostics).all[0]
            return d.location.line == 2 && d.message.contains("did you mean 'raw-html'")
        }
    }

    @Test func needsATitle() {
        #expect(throws: Diagnostics.self) { try Chapter.parse("Just text.\n", path: "c/01-a.md", fileName: "01-a.md") }
    }

    @Test func reportsEveryMalformedCellAtItsParameter() {
        #expect {
            try Chapter.parse("# T\n\n```swift step=a x=\n```\n\n```swift step=b y=[1\n```\n", path: "c/01-a.md", fileName: "01-a.md")
        } throws: { error in
            let all = (error as! Diagnostics).all
            return all.map(\.location.description) == ["c/01-a.md:3:19", "c/01-a.md:6:19"]
        }
    }

    @Test func numbersCellsFromOne() throws {
        let chapter = try Chapter.parse("# T\n\n```swift step=a\n```\n\n```swift step=b\n```\n", path: "c/01-a.md", fileName: "01-a.md")
        #expect(chapter.cells.map(\.index) == [1, 2])
    }

    @Test func loadsADirectoryAndReportsBadFiles() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("01-one.md", "# One\n")
        try scratch.write("02-two.md", "# Two\n")
        try scratch.write("02-again.md", "# Again\n")
        try scratch.write("03-empty.md", "")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("04-dir.md"), withIntermediateDirectories: true)
        try Data([0x23, 0x20, 0x41, 0x0A, 0x62, 0xFF]).write(to: scratch.url.appendingPathComponent("05-latin.md"))
        try scratch.write("notes.txt", "ignored")
        let loaded = ChapterDirectory.load(scratch.url, displayPath: "chapters")
        #expect(loaded.chapters.map(\.title) == ["One"])
        let messages = loaded.diagnostics.map(\.description)
        #expect(messages.contains("chapters/02-again.md:1:1: error: chapter number 02 is used by both chapters/02-again.md and chapters/02-two.md"))
        #expect(messages.contains("chapters/02-two.md:1:1: error: chapter number 02 is used by both chapters/02-again.md and chapters/02-two.md"))
        #expect(messages.contains("chapters/03-empty.md:1:1: error: the chapter is empty"))
        #expect(messages.contains("chapters/04-dir.md:1:1: error: this is a directory, not a chapter file"))
        #expect(messages.contains("chapters/05-latin.md:2:2: error: the chapter is not valid UTF-8 here: it was saved in another encoding (Latin-1, Windows-1252?); save it as UTF-8 text"))
    }

    @Test func reportsAMissingDirectory() {
        let loaded = ChapterDirectory.load(URL(fileURLWithPath: "/nonexistent/chapters"), displayPath: "nowhere")
        #expect(loaded.diagnostics.map(\.description) == ["nowhere: error: there is no chapters directory here: nothing by that name exists"])
    }

    @Test func reportsAChaptersFolderThatIsASymlinkLoop() throws {
        let scratch = try ScratchDirectory()
        let (l1, l2) = (scratch.url.appendingPathComponent("l1"), scratch.url.appendingPathComponent("l2"))
        try FileManager.default.createSymbolicLink(atPath: l1.path, withDestinationPath: l2.path)
        try FileManager.default.createSymbolicLink(atPath: l2.path, withDestinationPath: l1.path)
        let loaded = ChapterDirectory.load(l1, displayPath: "l1")
        #expect(loaded.diagnostics.map(\.description)
                == ["l1: error: there is no chapters directory here: it is a symbolic link that leads back to itself (a symlink loop)"])
    }
}
