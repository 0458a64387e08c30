@testable import Book
import Foundation
import Testing

/// Which picture addresses are the book's to copy, and where each lands in the book.
@Suite struct ChapterPicturesTests {
    @Test func onlyRelativePathsAreTheBooksWithEscapesDecodedAndQueriesDropped() {
        #expect(ChapterPictures.relativePath(of: "figures/a%20b.png?v=2#top") == "figures/a b.png")
        #expect(ChapterPictures.relativePath(of: " ./x.svg ") == "./x.svg")
        for address in ["https://example.com/a.png", "data:image/png;base64,AAAA", "/root.png", "//host/a.png", "HTTP://x/a.png",
                        "javascript:alert(1)", "file:///etc/passwd", "#top", "?q", ""] {
            #expect(ChapterPictures.relativePath(of: address) == nil, "\(address)")
        }
    }

    @Test func aPathStaysInsideItsFolderOnlyIfNoDotDotClimbsAboveIt() {
        for inside in ["a.png", "./a.png", "f/a.png", "f/../a.png", "f/g/../../a.png", "f//a.png"] {
            #expect(ChapterPictures.isInside(inside), "\(inside)")
        }
        for outside in ["../a.png", "f/../../a.png", "./../a.png", "f/..", ".", "", "a/../../f/a.png"] {
            #expect(!ChapterPictures.isInside(outside), "\(outside)")
        }
    }

    @Test func aPictureLandsAtItsPathWithoutDotsAndOnlyIfItIsAPicture() throws {
        let folder = URL(fileURLWithPath: "/book/chapters")
        let picture = try ChapterPictures.place(of: "./f/g/../a.PNG", chaptersFolder: folder).get()
        #expect(picture.path == "f/a.PNG" && picture.file.path == "/book/chapters/f/a.PNG")
        for refused in ["notes.pdf", "index.html", "style.css", "f/.cache/a.png", ".a.png", "a", "../a.png"] {
            #expect((try? ChapterPictures.place(of: refused, chaptersFolder: folder).get()) == nil, "\(refused)")
        }
    }
}
