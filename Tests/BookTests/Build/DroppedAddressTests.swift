@testable import Book
import Foundation
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
            ![f](data:image/png;base64,AAAA) [g](notes.pdf) [h](http://example.com/x.png) [i](?q=1)
            """)
        #expect(found.isEmpty, "\(found)")
    }

    /// The pages' security policy blocks pictures from the web (the book works offline): a page
    /// would show a hole where each was, so none is written, and the warning says what to do.
    @Test func aPictureFromTheWebIsLeftOutWithAdvice() throws {
        let found = try dropped("![a](https://example.com/a.png) ![b](HTTP://example.com/b.png) ![c](//example.com/c.png) [d](https://example.com/d.png)")
        #expect(found.count == 3, "\(found)")
        #expect(found.allSatisfy { $0.message.contains("the book shows no picture from the web") && $0.message.hasSuffix("as figures/x.png") },
                "\(found)")
    }

    /// A second '#' heading would be a second title on the page, and no section in the contents.
    @Test func aSecondTitleIsSaidAtItsHeading() throws {
        let found = try dropped("Text.\n\n# Again\n\n## A section\n\nSetext\n======\n")
        #expect(found.map { "\($0.location.line):\($0.location.column)" } == ["5:1", "9:1"], "\(found)")
        #expect(found.allSatisfy { $0.message == "a second '#' title (the chapter's is on line 1): write '##' for a section, which the contents list" },
                "\(found)")
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

    @Test func whatThePageLeavesOutOfRawHTMLOrShowsAsTextIsSaidAtItsTag() throws {
        let chapter = try chapter("""
            Some <b onclick="alert(1)">bold</b> and <span style="background:url(x.png)">styled</span>.

            <script>alert(1)</script>

            <div class="note" data-x="1" role="note">A note, <Vector> inline.</div>
            """)
        let said = LinkCheck.droppedAddresses(in: chapter)
        #expect(said.map { "\($0.location.line):\($0.location.column)" } == ["6:6", "6:54", "8:1", "10:1", "10:50"], "\(said)")
        #expect(said.allSatisfy { $0.severity == .warning })
        #expect(said[0].message == "the attribute 'onclick' of this '<b>' is left out of the page: a chapter's '<b>' may carry class, id, title, style, aria-*")
        #expect(said[1].message.hasPrefix("the style of this '<span>' is left out of the page"), "\(said[1])")
        #expect(said[2].message.hasPrefix("the page shows this '<script>' tag as text") && said[2].message.hasSuffix("write its '<' as &lt;"))
        #expect(said[3].message.hasPrefix("the attribute 'data-x' of this '<div>'"), "\(said[3])")
        #expect(said[4].message.contains("not 'vector'"), "\(said[4])")
        // `tutor check` counts them as problems; what the page keeps, and safe mode's text, are not said.
        #expect(LinkCheck.droppedAddresses(in: chapter, severity: .error).allSatisfy { $0.severity == .error })
        #expect(LinkCheck.droppedAddresses(in: try self.chapter("<b class=\"x\" aria-label=\"y\">b</b> <img src=\"a.png\" alt=\"a\" width=\"3\">")).isEmpty)
        // Without `raw-html: true` the page shows HTML as text, tags and all: said once, at the first tag.
        let safe = LinkCheck.droppedAddresses(in: try self.chapter("<script>alert(1)</script> <b onclick=\"x\">b</b>", rawHTML: false))
        #expect(safe.count == 1 && safe[0].message.hasPrefix("this HTML is shown as text") && safe[0].message.contains("raw-html: true"), "\(safe)")
        #expect(safe.first.map { "\($0.location.line):\($0.location.column)" } == "3:1", "\(safe)")
        // Advice followed: the tag written with &lt; is text, and said no more.
        #expect(LinkCheck.droppedAddresses(in: try self.chapter("A note, &lt;Vector> inline.")).isEmpty)
    }

    @Test func aDroppedRawAddressIsSaidAndAChapterLinkGoesToItsPage() throws {
        let dropped = LinkCheck.droppedAddresses(in: try chapter("<img src=\"/abs.png\"> <a href=\"javascript:x()\">j</a>"))
        #expect(dropped.map(\.location.column) == [11, 31], "\(dropped)")
        #expect(HTMLSanitizer.sanitize("<a href=\"./02-two.md?v=1#why\">two</a>") == "<a href=\"02-two.html#why\">two</a>")
    }
}

/// Every link, picture and tag is placed at its column in the file: on a later line of its
/// paragraph inside a quote or a list (cmark counts from after the container), after `$…$` on its
/// line (cmark counts in placeholders), and inside raw HTML whose attributes hold `$`.
@Suite struct AddressLocationTests {
    private func places(_ markdown: String, rawHTML: Bool = false) throws -> [String] {
        // The title's two lines come after the front matter's three: lines below count without them.
        let chapter = try Chapter.parse((rawHTML ? "---\nraw-html: true\n---\n" : "") + "# T\n\n" + markdown + "\n",
                                        path: "c/01-a.md", fileName: "01-a.md")
        return chapter.references.map { "\($0.destination)@\($0.location.line - 2):\($0.location.column)" }
    }

    @Test func laterLinesOfAParagraphInAQuoteOrAListAndAfterMath() throws {
        #expect(try places("text\n    more éé ![a](/x.png) [b](//h/x)") == ["/x.png@2:13", "//h/x@2:26"])
        #expect(try places("> text\n>    more ![b](/y.png)") == ["/y.png@2:11"])
        #expect(try places("- item\n  two ![c](/z.png)") == ["/z.png@2:7"])
        #expect(try places("Let $x^2 + y^2$ be ![d](d.png).") == ["d.png@1:20"])
        #expect(try places("a\nLet $x$ and $\\frac{a}{b}$ then [e](e.pdf)") == ["e.pdf@2:32"])
    }

    @Test func rawHTMLIsReadAsThePageHasItMathAndContainersIncluded() throws {
        // A `$` in one attribute and another in the next: the value read is the one written.
        #expect(try places("<img alt=\"$x\" src=\"../secret.png\" title=\"y$\">", rawHTML: true) == ["../secret.png@4:20"])
        #expect(try places("> <div>\n> <img src=\"q.png\">\n> </div>", rawHTML: true) == ["q.png@5:13"])
        #expect(try places("- item\n\n  <div>\n  <img src=\"l.png\">\n  </div>", rawHTML: true) == ["l.png@7:13"])
        #expect(try places("text <img\n   src=\"/x.png\">", rawHTML: true) == ["/x.png@5:9"])
        #expect(try places("Inline $\\alpha$ then <img title=\"$\\frac{a}{b}$\" src=\"/c.png\">", rawHTML: true) == ["/c.png@4:54"])
    }

    /// Four times the tags take about four times as long, not sixteen: each address is placed
    /// from the one before it (the tags were once recounted from the block's start, and 40,000
    /// of them took 15 s). A ratio, so that a slower build (AddressSanitizer) or machine keeps it.
    @Test func manyTagsInOneBlockAreReadInLinearTime() throws {
        func seconds(_ count: Int) throws -> Double {
            let block = String(repeating: "<img src=p.png>\n", count: count)
            // The best of three: the suite runs tests in parallel, and one slow turn is the machine's.
            var best = Double.infinity
            for _ in 0..<3 {
                var found = 0
                let elapsed = try ContinuousClock().measure { found = try places(block, rawHTML: true).count }
                #expect(found == count)
                best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            return best
        }
        let small = try seconds(4_000), large = try seconds(16_000)
        #expect(large < 10 * small + 0.05, "4,000 tags: \(small) s; 16,000: \(large) s")
    }

    @Test func aChapterLinkInOtherCaseAndAnIDOfRawHTMLAreToldApart() throws {
        let chapter = try Chapter.parse("---\nraw-html: true\n---\n# A\n\n<div id=\"note\">n</div>\n\n[n](#note) [m](#missing) [c](02-B.MD)\n",
                                        path: "c/01-a.md", fileName: "01-a.md")
        let problems = LinkCheck.problems(in: chapter, book: [chapter])
        #expect(problems.count == 1 && problems[0].message.contains("'#missing'"), "\(problems)")
        let files = ChapterFiles.find(in: chapter, chaptersFolder: URL(fileURLWithPath: "/nonexistent"))
        #expect(files.problems.count == 1 && files.problems[0].message.contains("names a chapter in other case ('02-B.MD')")
                    && files.problems[0].message.contains("write '02-b.md'"), "\(files.problems)")
    }
}
