@testable import Book
import Testing

@Suite struct CommonMarkTests {
    func parse(_ markdown: String, rawHTML: Bool = false) throws -> MarkdownDocument {
        try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: rawHTML)
    }

    func html(_ document: MarkdownDocument) throws -> String {
        try document.blocks.compactMap { if case .prose(let p) = $0 { try ProseHTML.html(p, path: "ch.md") } else { nil } }.joined()
    }

    @Test func splitsProseAndTaggedCellsInOrder() throws {
        let document = try parse("""
            # Title

            Some *prose*.

            ```swift step=greet name=Ada
            ```

            More prose.

            ```swift
            let plain = "ordinary code"
            ```
            """)
        #expect(document.title == "Title")
        #expect(document.titleLine == 1)
        #expect(document.blocks.count == 3)
        guard case .fence(let fence) = document.blocks[1] else { Issue.record("no cell"); return }
        #expect(fence.info == "swift step=greet name=Ada")
        #expect(fence.location == SourceLocation(path: "ch.md", line: 5, column: 1))
        #expect(fence.infoColumn == 4)
        guard case .prose(let last) = document.blocks[2] else { Issue.record("no prose"); return }
        #expect(try ProseHTML.html(last, path: "ch.md").contains("<pre><code class=\"language-swift\">let plain"))
        #expect(last.blocks.first == .paragraph([.text("More prose.")], line: 8))
        #expect(last.firstLine == 8)
    }

    @Test func keepsTheInfoStringAsWrittenWithItsColumn() throws {
        let document = try parse("  ~~~~ swift step=a s=\"x\\\"y\"\n  ~~~~\n")
        guard case .fence(let fence) = document.blocks[0] else { Issue.record("no cell"); return }
        #expect(fence.info == #"swift step=a s="x\"y""#)
        #expect(fence.location.column == 3)
        #expect(fence.infoColumn == 8)
    }

    @Test func readsTheFenceBody() throws {
        let document = try parse("```swift step=a\nlet x = 1\n```\n")
        guard case .fence(let fence) = document.blocks[0] else { Issue.record("no cell"); return }
        #expect(fence.body == "let x = 1\n")
    }

    @Test func rendersTheGitHubExtensions() throws {
        let out = try html(try parse("""
            | a | b |
            |---|---|
            | 1 | 2 |

            ~~gone~~ and https://example.org
            """))
        #expect(out.contains("<table>"))
        #expect(out.contains("<del>gone</del>"))
        #expect(out.contains("<a href=\"https://example.org\">"))
    }

    /// An HTML comment is the author's note: left out of a chapter that shows its other HTML as
    /// text, as a block, inline, or in a heading; a comment with text after it is not a comment alone.
    @Test func leavesCommentsOutOfAChapterWithoutRawHTML() throws {
        let page = try html(try parse("""
            # Title <!-- draft -->

            <!-- TODO: fix the claim below
            before class -->

            Text <!-- inline note --> more.

            <!-- a --> b
            """))
        #expect(!page.contains("TODO") && !page.contains("inline note") && !page.contains("draft"), "\(page)")
        #expect(page.contains("Text  more."), "\(page)")
        #expect(page.contains("&lt;!-- a --&gt; b"), "\(page)")
        #expect(try parse("# Title <!-- draft -->\n").title == "Title")
        #expect(HTMLComment.isWhole("<!-->") && HTMLComment.isWhole(" <!-- a\n b -->\n") && !HTMLComment.isWhole("<!-- a --> -->"))
    }

    /// Footnotes are no part of a chapter's Markdown: `[^1]` with its definition would be a link
    /// to the note's first word, and a definition that is no link's would be printed as written.
    @Test func footnotesAreRefusedWhereTheyAreWritten() throws {
        for (markdown, place) in [("A claim[^1].\n\n[^1]: lecun1998\n", "1:8"), ("Text.\n\n[^note]: Source: LeCun, 1998.\n", "3:1"),
                                  ("Text.\n  [^2]: Another, second line.\n", "2:3")] {
            #expect {
                _ = try parse(markdown)
            } throws: { error in
                let all = (error as! Diagnostics).all
                return all.count == 1 && "\(all[0].location.line):\(all[0].location.column)" == place
                    && all[0].message.hasPrefix("footnotes ([^1] and a [^1]: line) are not part of a chapter's Markdown")
            }
        }
        // A link whose text merely follows a caret elsewhere is a link.
        #expect(try html(try parse("See [x^2](a.md).\n")).contains("href"))
    }

    /// `##` alone and an empty math block would be empty on the page (and the contents): errors.
    @Test func emptyHeadingsAndMathBlocksAreRefused() throws {
        for (markdown, place, words) in [("# T\n\n##\n\nText.\n", "3:1", "this heading is empty"),
                                         ("# T\n\n```math\n\n```\n", "3:1", "this math block is empty")] {
            #expect {
                _ = try parse(markdown)
            } throws: { error in
                let all = (error as! Diagnostics).all
                return all.count == 1 && "\(all[0].location.line):\(all[0].location.column)" == place && all[0].message.hasPrefix(words)
            }
        }
    }

    @Test func showsRawHTMLAsTextUnlessTheChapterOptsIn() throws {
        let source = "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b>.\n"
        let safe = try html(try parse(source))
        #expect(!safe.contains("<script"))
        #expect(!safe.contains("<b onclick"))
        #expect(safe.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(safe.contains("&lt;b onclick=&quot;x()&quot;&gt;"))
        let raw = try html(try parse("<div class=\"note\">hi</div>\n\n<script>x</script>\n", rawHTML: true))
        #expect(raw.contains("<div class=\"note\">hi</div>"))
        // The sanitizer shows <script> as text even when raw HTML is allowed.
        #expect(raw.contains("&lt;script&gt;x&lt;/script&gt;"))
    }

    @Test(arguments: [false, true])
    func dropsScriptLinksEvenWhenTheChapterOptsIntoRawHTML(rawHTML: Bool) throws {
        let out = try html(try parse("[x](javascript:alert(1)) [y](https://ok.example) ![z](file:///etc/passwd) [w](jav&#x61;script:x)", rawHTML: rawHTML))
        #expect(!out.contains("javascript:"))
        #expect(!out.contains("file:"))
        #expect(out.contains("https://ok.example"))
    }

    @Test func turnsInlineMathIntoMathML() throws {
        let out = try html(try parse("The rate $\\eta$ and $a_1 + b_1$ cost \\$5 and $6."))
        #expect(out.contains("<math><mi>η</mi></math>"))
        #expect(out.contains("<msub><mi>a</mi><mn>1</mn></msub>"))
        #expect(!out.contains("<em>"))
        #expect(out.contains("cost $5 and $6."))
    }

    @Test func leavesDollarsInCodeAlone() throws {
        let out = try html(try parse("Use `$x$` here.\n\n```\necho $HOME $x$\n```\n"))
        #expect(out.contains("<code>$x$</code>"))
        #expect(out.contains("echo $HOME $x$"))
        #expect(!out.contains("<math"))
    }

    @Test func keepsMathInsideTableCellsTogether() throws {
        let out = try html(try parse("| a | b |\n|---|---|\n| $|x|$ | 2 |\n"))
        let bar = "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo>"  // |x| as TeX sets it: no operator spacing
        #expect(out.contains("<td><math><mrow>\(bar)<mi>x</mi>\(bar)</mrow></math></td>"), "\(out)")
    }

    @Test func turnsMathFencesIntoDisplayMath() throws {
        let out = try html(try parse("```math\n\\sum_{i=1}^{n} x_i\n```\n"))
        #expect(out.contains("<div class=\"math\"><math display=\"block\"><mrow><munderover><mo>∑</mo>"))
    }

    /// `$$` is TeX's displayed math, which a chapter writes as a math fence: on one line or over
    /// several, it is an error at the `$$`, never a formula between stray dollars.
    @Test func reportsDoubleDollarsAtTheirPlaceAndPointsToTheMathFence() throws {
        for (source, line, column) in [("Display é $$x^2$$ here.\n", 1, 11), ("Text.\n\n$$\nx^2\n$$\n", 3, 1),
                                       ("A *b* $$\\frac{1}{2}\n", 1, 7)] {
            #expect(throws: Diagnostics.self, "\(source)") { try parse(source) }
            do {
                _ = try parse(source)
            } catch {
                let first = (error as! Diagnostics).all[0]
                #expect(first.location == SourceLocation(path: "ch.md", line: line, column: column), "\(source): \(first)")
                #expect(first.message.contains("```math block"), "\(first.message)")
            }
        }
        // Money, code and single dollars are left as they were.
        #expect(try html(try parse("Costs $$5 today.\n")).contains("Costs $$5 today."))
        #expect(try html(try parse("In code: `$$x$$`.\n")).contains("<code>$$x$$</code>"))
        #expect(try html(try parse("And $y$.\n")).contains("<math"))
    }

    @Test func reportsBadMathAtItsLineAndColumn() {
        #expect {
            try parse("Text.\n\nA $\\foo$ here.\n")
        } throws: { error in
            let d = (error as! Diagnostics).all[0]
            return d.location == SourceLocation(path: "ch.md", line: 3, column: 4) && d.message.contains("unknown command \\foo")
        }
        #expect {
            try parse("```math\nx +\n\\bar\n```\n")
        } throws: { error in
            (error as! Diagnostics).all[0].location.line == 3
        }
    }

    @Test func rejectsCellsInsideLists() {
        #expect(throws: Diagnostics.self) { try parse("- item\n\n  ```swift step=a\n  ```\n") }
    }

    @Test func parsesFromManyThreadsWithoutLosingExtensions() async throws {
        let source = "~~s~~ and www.example.com"
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try CommonMark.parse(source, path: "x", allowRawHTML: false).blocks.map {
                        if case .prose(let prose) = $0 { try ProseHTML.html(prose, path: "x") } else { "" }
                    }.joined()
                }
            }
            for try await out in group {
                #expect(out.contains("<del>s</del>") && out.contains("href=\"http://www.example.com\""))
            }
        }
    }
}
