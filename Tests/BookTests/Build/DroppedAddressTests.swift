@testable import Book
import Testing

/// A link or a picture whose address the page leaves out is said, at the place it is written,
/// with what to write instead; what the page keeps is not.
@Suite struct DroppedAddressTests {
    private func dropped(_ markdown: String) throws -> [Diagnostic] {
        let chapter = try Chapter.parse("# One\n\n" + markdown + "\n", path: "chapters/01-one.md", fileName: "01-one.md")
        return LinkCheck.droppedAddresses(in: chapter)
    }

    @Test func eachAddressThePageDropsIsAWarningAtItsPlace() throws {
        let found = try dropped("""
            ![root](/figures/a.png) and [disk](file:///etc/passwd)
            [script](javascript:alert(1)) ![svg](data:image/svg+xml,x) [host](//example.com/x)
            """)
        #expect(found.map(\.location.line) == [3, 3, 4, 4, 4], "\(found)")
        #expect(found.map(\.location.column) == [1, 29, 1, 31, 60], "\(found)")
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(found[0].message.hasPrefix("this picture's address '/figures/a.png' is left out of the page: an address beginning with '/'"))
        #expect(found[0].message.hasSuffix("write it relative to the chapter, as figures/x.png"))
        #expect(found[1].message.contains("this link's address 'file:///etc/passwd'") && found[1].message.contains("not 'file:' ones"))
        #expect(found[2].message.contains("not 'javascript:' ones"))
        #expect(found[3].message.contains("data: pictures of image/png") && found[3].message.contains("not 'data:' ones"))
        #expect(found[4].message.hasSuffix("write it whole, as https://example.com/x"), "\(found[4])")
    }

    @Test func whatThePageKeepsIsNotSaid() throws {
        let found = try dropped("""
            ![a](figures/a.png) [b](02-two.md#why) [c](https://example.com) [d](mailto:a@b.c) [e](#one)
            ![f](data:image/png;base64,AAAA) [g](notes.pdf) ![h](http://example.com/x.png) [i](?q=1)
            """)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func aPictureMayNotBeAMailAddressNorALinkADataOne() throws {
        let found = try dropped("![m](mailto:a@b.c) [d](data:image/png;base64,AAAA)")
        #expect(found.count == 2 && found[0].message.contains("not 'mailto:' ones") && found[1].message.contains("not 'data:' ones"),
                "\(found)")
    }
}

/// A chapter with `raw-html: true` may show a picture or link with a tag: its address is checked,
/// and its file copied, as a Markdown one's.
@Suite struct RawHTMLAddressTests {
    private func chapter(_ body: String, rawHTML: Bool = true) throws -> Chapter {
        try Chapter.parse((rawHTML ? "---\nraw-html: true\n---\n" : "") + "# One\n\n" + body + "\n",
                          path: "chapters/01-one.md", fileName: "01-one.md")
    }

    @Test func picturesAndLinksOfRawHTMLAreReferencesAtTheirAddress() throws {
        let found = try chapter("""
            <img width="300" src="figures/net.png"> and <a href='02-two.md#why'>two</a>
            <div>
              <img alt=x src=figures/b.png src=figures/ignored.png>
            </div>
            """).references
        #expect(found.map(\.destination) == ["figures/net.png", "02-two.md#why", "figures/b.png"], "\(found)")
        #expect(found.map(\.isImage) == [true, false, true])
        #expect(found.map(\.location.line) == [6, 6, 8])
        #expect(found.map(\.location.column) == [23, 54, 18], "\(found.map(\.location))")
        // Safe mode shows the HTML as text: nothing to check or copy.
        #expect(try chapter("<img src=\"figures/net.png\">", rawHTML: false).references.isEmpty)
    }

    @Test func aDroppedRawAddressIsSaidAndAChapterLinkGoesToItsPage() throws {
        let dropped = LinkCheck.droppedAddresses(in: try chapter("<img src=\"/abs.png\"> <a href=\"javascript:x()\">j</a>"))
        #expect(dropped.map(\.location.column) == [11, 31], "\(dropped)")
        #expect(HTMLSanitizer.sanitize("<a href=\"./02-two.md?v=1#why\">two</a>") == "<a href=\"02-two.html#why\">two</a>")
    }
}
