@testable import Book
import Testing

/// The prose renderer writes the HTML cmark-gfm wrote, byte for byte.
@Suite struct ProseHTMLTests {
    func html(_ markdown: String, rawHTML: Bool = false) throws -> String {
        try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: rawHTML).blocks.map {
            if case .prose(let prose) = $0 { try ProseHTML.html(prose, path: "ch.md") } else { "" }
        }.joined()
    }

    @Test func drawsATightListWithoutParagraphs() throws {
        #expect(try html("- a\n- b\n  - c\n") == "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n")
    }

    @Test func drawsALooseOrderedListWithParagraphsAndItsStart() throws {
        #expect(try html("3. a\n\n4. b\n") == "<ol start=\"3\">\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ol>\n")
        #expect(try html("1. a\n") == "<ol>\n<li>a</li>\n</ol>\n")
    }

    @Test func drawsATableWithItsAlignments() throws {
        #expect(try html("| a | b |\n|:-:|--:|\n| 1 | 2 |\n") == """
            <table>
            <thead>
            <tr>
            <th align="center">a</th>
            <th align="right">b</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td align="center">1</td>
            <td align="right">2</td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test func drawsATableWithoutRowsWithoutABody() throws {
        #expect(try html("| a |\n|---|\n") == "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>\n")
    }

    @Test func drawsQuotesAroundTheirBlocks() throws {
        #expect(try html("> a\n>\n> ---\n") == "<blockquote>\n<p>a</p>\n<hr />\n</blockquote>\n")
    }

    @Test func drawsCodeEscapedWithItsLanguageFromTheFirstWordOfTheInfo() throws {
        #expect(try html("```swift numbered\nlet s = \"<b>\" && 'c'\n```\n")
            == "<pre><code class=\"language-swift\">let s = &quot;&lt;b&gt;&quot; &amp;&amp; 'c'\n</code></pre>\n")
        #expect(try html("    x\n") == "<pre><code>x\n</code></pre>\n")
    }

    @Test func drawsLinksWithTheirTargetsEscapedAsCmarkDid() throws {
        #expect(try html("[a](https://x.org/a%20b?q=1&r='2'&s=é \"T & \\\"u\\\"\")")
            == "<p><a href=\"https://x.org/a%20b?q=1&amp;r=&#x27;2&#x27;&amp;s=%C3%A9\" title=\"T &amp; &quot;u&quot;\">a</a></p>\n")
    }

    /// No `href=""` (a link to the page itself) nor `src=""` (a request for it): no attribute.
    @Test func drawsARefusedLinkOrPictureWithoutAnAddress() throws {
        #expect(try html("[a](javascript:alert(1))") == "<p><a>a</a></p>\n")
        #expect(try html("![a](/etc/passwd)") == "<p><img alt=\"a\" /></p>\n")
    }

    @Test func drawsImagesWithTheirWordsAsAltText() throws {
        #expect(try html("![a *b* `c`\nd](p.png \"T\")") == "<p><img src=\"p.png\" alt=\"a b c d\" title=\"T\" /></p>\n")
    }

    @Test func drawsInlineMathAsMathML() throws {
        let page = try html("Let $x^2$ be.")
        #expect(page.hasPrefix("<p>Let <math") && page.contains("<msup>") && page.hasSuffix("</math> be.</p>\n"))
    }

    @Test func drawsDisplayMathInsideAListInTheItem() throws {
        let page = try html("- a\n\n  ```math\n  x\n  ```\n")
        #expect(page.hasPrefix("<ul>\n<li>\n<p>a</p>\n<div class=\"math\"><math display=\"block\">") && page.hasSuffix("</math></div>\n</li>\n</ul>\n"))
    }

    @Test func drawsEmphasisStrongStrikethroughAndBreaks() throws {
        #expect(try html("*a* **b** ~~c~~\nd  \ne") == "<p><em>a</em> <strong>b</strong> <del>c</del>\nd<br />\ne</p>\n")
    }

    @Test func escapesTextAsCmarkDidLeavingApostrophes() throws {
        #expect(try html("a < b & \"c\" 'd'") == "<p>a &lt; b &amp; &quot;c&quot; 'd'</p>\n")
    }

    @Test func showsRawHTMLAsTextWithoutTheOptIn() throws {
        #expect(try html("a <img src=x onerror=alert(1)>") == "<p>a &lt;img src=x onerror=alert(1)&gt;</p>\n")
        #expect(try html("<script>alert(1)</script>\n") == "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n")
    }

    @Test func passesSanitizedRawHTMLWithTheOptIn() throws {
        #expect(try html("a <img src=x onerror=alert(1)>", rawHTML: true) == "<p>a <img src=\"x\"></p>\n")
    }
}
