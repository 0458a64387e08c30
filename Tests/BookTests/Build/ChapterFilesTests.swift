@testable import Book
import Foundation
import Testing

/// Which picture addresses are the book's to copy, and where each lands in the book.
@Suite struct ChapterFilesTests {
    @Test func onlyRelativePathsAreTheBooksWithEscapesDecodedAndQueriesDropped() {
        #expect(ChapterFiles.relativePath(of: "figures/a%20b.png?v=2#top") == "figures/a b.png")
        #expect(ChapterFiles.relativePath(of: " ./x.svg ") == "./x.svg")
        for address in ["https://example.com/a.png", "data:image/png;base64,AAAA", "/root.png", "//host/a.png", "HTTP://x/a.png",
                        "javascript:alert(1)", "file:///etc/passwd", "#top", "?q", ""] {
            #expect(ChapterFiles.relativePath(of: address) == nil, "\(address)")
        }
    }

    @Test func aPathStaysInsideItsFolderOnlyIfNoDotDotClimbsAboveIt() {
        for inside in ["a.png", "./a.png", "f/a.png", "f/../a.png", "f/g/../../a.png", "f//a.png"] {
            #expect(ChapterFiles.isInside(inside), "\(inside)")
        }
        for outside in ["../a.png", "f/../../a.png", "./../a.png", "f/..", ".", "", "a/../../f/a.png"] {
            #expect(!ChapterFiles.isInside(outside), "\(outside)")
        }
    }

    /// A link out of the chapters folder stays as written only if it leads to something; one
    /// that climbs out and back in is written the short way, which the book copies or links.
    @Test func aLinkOutOfTheChaptersFolderMustLeadSomewhereOutside() throws {
        let scratch = try ScratchDirectory()
        let chapters = scratch.url.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try Data("MIT".utf8).write(to: scratch.url.appendingPathComponent("LICENSE"))
        #expect(ChapterFiles.outsideLinkRefusal("../LICENSE", chaptersFolder: chapters) == nil)
        #expect(ChapterFiles.outsideLinkRefusal("..", chaptersFolder: chapters) == nil)  // the folder above: there
        let missing = try #require(ChapterFiles.outsideLinkRefusal("../NOTICE", chaptersFolder: chapters))
        #expect(missing.description.hasPrefix("is not there: there is no file \(scratch.url.standardizedFileURL.path)/NOTICE"), "\(missing)")
        let back = try #require(ChapterFiles.outsideLinkRefusal("../chapters/notes/a.txt", chaptersFolder: chapters))
        #expect(back.description == "leaves the chapters folder and comes back into it: write it as 'notes/a.txt'")
        #expect(ChapterFiles.outsideLinkRefusal(".", chaptersFolder: chapters)?.description == "names the chapters folder itself, not a file")
    }

    @Test func aPictureLandsAtItsPathWithoutDotsAndOnlyIfItIsAPicture() throws {
        let folder = URL(fileURLWithPath: "/book/chapters")
        let picture = try ChapterFiles.place(of: "./f/g/../a.PNG", chaptersFolder: folder).get()
        #expect(picture.path == "f/a.PNG" && picture.file.path == "/book/chapters/f/a.PNG")
        for refused in ["notes.pdf", "index.html", "style.css", "f/.cache/a.png", ".a.png", "a", "../a.png"] {
            #expect((try? ChapterFiles.place(of: refused, chaptersFolder: folder).get()) == nil, "\(refused)")
        }
    }

    @Test func aLinkedFileIsAnyFileButAChapterAHiddenOneOrOneInThePlaceOfTheBooksOwn() throws {
        let folder = URL(fileURLWithPath: "/book/chapters")
        #expect(try ChapterFiles.place(ofLinked: "slides/../notes.pdf", chaptersFolder: folder).get().path == "notes.pdf")
        for refused in ["index.html", "style.css", "images/a.pdf", "Index.HTML", ".notes.pdf", "a/.git/config"] {
            #expect((try? ChapterFiles.place(ofLinked: refused, chaptersFolder: folder).get()) == nil, "\(refused)")
        }
        for chapter in ["02-relu.md", "02-relu.html", "10-a-b.md"] { #expect(ChapterFiles.isChapter(chapter), "\(chapter)") }
        for other in ["notes.md", "relu.html", "02-relu.pdf", "sub/02-relu.md"] { #expect(!ChapterFiles.isChapter(other), "\(other)") }
        // A link's address may not be a `data:` one (a picture's may); a web address is never the book's.
        #expect(ChapterFiles.relativePath(of: "data:text/plain,x", isImage: false) == nil)
        #expect(ChapterFiles.relativePath(of: "notes.pdf#page=2", isImage: false) == "notes.pdf")
    }

    /// A copy that cannot be made whole changes nothing: what stands in the way is found before
    /// anything is written.
    @Test func copyingIsAllOrNothing() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (chapters, output) = (root.appendingPathComponent("chapters"), root.appendingPathComponent("output"))
        try FileManager.default.createDirectory(at: chapters.appendingPathComponent("figs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: output.appendingPathComponent("figs/b.png"), withIntermediateDirectories: true)
        try Data("A".utf8).write(to: chapters.appendingPathComponent("figs/a.png"))
        try Data("B".utf8).write(to: chapters.appendingPathComponent("figs/b.png"))
        func file(_ path: String, line: Int) -> ChapterFiles.CopiedFile {
            ChapterFiles.CopiedFile(path: path, file: chapters.appendingPathComponent(path), location: SourceLocation(path: "ch.md", line: line, column: 1))
        }
        #expect(throws: ChapterFiles.CopyFailure.self) {
            try ChapterFiles.copy([file("figs/a.png", line: 3), file("figs/b.png", line: 4)], into: output, shownAs: "output")
        }
        do {
            try ChapterFiles.copy([file("figs/a.png", line: 3), file("figs/b.png", line: 4)], into: output, shownAs: "output")
        } catch {
            #expect(error.location.line == 4 && error.description.contains("output/figs/b.png is a folder"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("figs/a.png").path), "a.png was written before b.png failed")
        // A file where a folder of the path goes.
        try Data().write(to: output.appendingPathComponent("x"))
        #expect(ChapterFiles.obstacle(to: "x/y.png", in: output, shownAs: "output")?.contains("output/x is a file") == true)
        try FileManager.default.removeItem(at: output.appendingPathComponent("figs/b.png"))
        try ChapterFiles.copy([file("figs/a.png", line: 3), file("figs/b.png", line: 4)], into: output, shownAs: "output")
        #expect(try Data(contentsOf: output.appendingPathComponent("figs/b.png")) == Data("B".utf8))
    }

    @Test func aLinkWhereTheBookMakesAFolderIsRefusedAndNothingIsWrittenThroughIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let (chapters, output, elsewhere) = (root.appendingPathComponent("chapters"), root.appendingPathComponent("output"),
                                             root.appendingPathComponent("elsewhere"))
        for folder in [chapters.appendingPathComponent("figs/deep"), output, elsewhere] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try Data("A".utf8).write(to: chapters.appendingPathComponent("figs/deep/a.png"))
        // output/figs -> ../elsewhere: a copy would land in `elsewhere`, outside the book.
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("figs").path, withDestinationPath: "../elsewhere")
        let file = ChapterFiles.CopiedFile(path: "figs/deep/a.png", file: chapters.appendingPathComponent("figs/deep/a.png"),
                                           location: SourceLocation(path: "ch.md", line: 7, column: 1))
        do {
            try ChapterFiles.copy([file], into: output, shownAs: "output")
            Issue.record("copied through the link")
        } catch {
            #expect(error.location.line == 7 && error.description.contains("output/figs is a symbolic link (to ../elsewhere)"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        // A link deeper down, and one to a folder inside the book, are refused alike.
        try FileManager.default.removeItem(at: output.appendingPathComponent("figs"))
        try FileManager.default.createDirectory(at: output.appendingPathComponent("figs"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("figs/deep").path, withDestinationPath: output.path)
        #expect(ChapterFiles.obstacle(to: "figs/deep/a.png", in: output, shownAs: "output")?.contains("output/figs/deep is a symbolic link") == true)
        // A link where the file itself goes is refused, neither written through nor replaced (the target keeps its bytes).
        try FileManager.default.removeItem(at: output.appendingPathComponent("figs/deep"))
        try FileManager.default.createDirectory(at: output.appendingPathComponent("figs/deep"), withIntermediateDirectories: true)
        let target = elsewhere.appendingPathComponent("keep.png")
        try Data("mine".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("figs/deep/a.png").path, withDestinationPath: target.path)
        #expect(throws: ChapterFiles.CopyFailure.self) { try ChapterFiles.copy([file], into: output, shownAs: "output") }
        #expect(try Data(contentsOf: target) == Data("mine".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: output.appendingPathComponent("figs/deep/a.png").path) == target.path)
    }

    @Test func aMissingFileWhoseNameDiffersOnlyInEncodingOrCaseIsPointedOut() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("figs"), withIntermediateDirectories: true)
        let decomposed = "cafe\u{301}.png", composed = "caf\u{E9}.png"
        try Data("x".utf8).write(to: root.appendingPathComponent("figs/" + decomposed))
        try Data("x".utf8).write(to: root.appendingPathComponent("figs/Net.PNG"))
        func problem(_ name: String) -> String? {
            ChapterFiles.problem(with: root.appendingPathComponent("figs/" + name), shown: "figs/" + name, chaptersFolder: root)
        }
        #expect(problem(composed)?.contains("its folder holds 'cafe\u{301}.png', which looks the same but spells its letters") == true,
                "\(problem(composed) ?? "found")")
        #expect(problem("net.png")?.contains("its folder holds 'Net.PNG', which differs only in case") == true)
        #expect(problem("other.png") == "is not there: there is no file figs/other.png")
        #expect(problem(decomposed) == nil && problem("Net.PNG") == nil)
    }

    @Test func aTemporaryNameIsAtMost100BytesOfTheName() {
        #expect(AtomicFile.prefix(of: String(repeating: "é", count: 120), bytes: 100) == String(repeating: "é", count: 50))
        #expect(AtomicFile.prefix(of: "short.png", bytes: 100) == "short.png")
    }

    @Test func aChapterIsLinkedHoweverItsLinkIsWritten() {
        for (written, file, fragment) in [("02-relu.md", "02-relu.md", ""), ("./02-relu.md#why", "02-relu.md", "#why"),
                                           ("figures/../02-relu.md?v=2#why", "02-relu.md", "#why"), ("%30%32-relu.md", "02-relu.md", ""),
                                           ("02-relu.html#cell-1", "02-relu.md", "#cell-1")] {
            let linked = ChapterFileName.chapterLinked(by: written)
            #expect(linked?.file == file && linked?.fragment == fragment, "\(written)")
        }
        for other in ["#why", "?x", "notes.md", "sub/02-relu.md", "../02-relu.md", "/02-relu.md", "https://x/02-relu.md", "02-relu.md/", "02-relu.pdf"] {
            #expect(ChapterFileName.chapterLinked(by: other) == nil, "\(other)")
        }
    }
}
