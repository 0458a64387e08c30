@testable import Book
import Testing

/// The terminal draws prose from the same document model as the page.
@Suite struct ProseTextTests {
    func text(_ markdown: String, rawHTML: Bool = false, width: Int = 80) throws -> String {
        let presenter = TerminalPresenter(terminal: TerminalCapabilities(color: .none, width: width))
        return try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: rawHTML).blocks.map {
            if case .prose(let prose) = $0 { presenter.prose(prose) } else { "" }
        }.joined()
    }

    @Test func keepsHeadingMarksAndSeparatesBlocksByABlankLine() throws {
        #expect(try text("# Title\n\nSome *words* and `code`.\n") == "# Title\n\nSome words and `code`.\n")
    }

    /// Running text is filled to the terminal's width, whatever the author's line breaks; a
    /// hard break stays, and a word wider than the line stands alone, whole.
    @Test func fillsRunningTextToTheTerminalsWidth() throws {
        #expect(try text("one two three\nfour five six seven eight nine ten eleven\n", width: 24)
            == "one two three four five\nsix seven eight nine ten\neleven\n")
        #expect(try text("- one two three four five six seven eight\n", width: 24) == "• one two three four\n  five six seven eight\n")
        #expect(try text("> one two three four five six seven eight\n", width: 24) == "│ one two three four\n│ five six seven eight\n")
        #expect(try text("a  \nb https://example.com/a/very/long/address/indeed c\n", width: 24)
            == "a\nb\nhttps://example.com/a/very/long/address/indeed\nc\n")
        #expect(try text("漢字漢字漢字 漢字漢字漢字 漢字\n", width: 24) == "漢字漢字漢字\n漢字漢字漢字 漢字\n")
    }

    @Test func drawsBulletsAndNumbersIndentingWhatFollows() throws {
        #expect(try text("- a\n- b\n  c\n") == "• a\n• b c\n")
        #expect(try text("9. a\n10. b\n") == "9. a\n10. b\n")
    }

    @Test func drawsQuotesBehindABar() throws {
        #expect(try text("> a\n>\n> b\n") == "│ a\n│\n│ b\n")
    }

    @Test func indentsCodeAndShowsMathAsTeX() throws {
        #expect(try text("```\nlet x = 1\n```\n\nLet $x^2$.\n") == "    let x = 1\n\nLet $x^2$.\n")
    }

    @Test func followsALinkWithItsAddress() throws {
        #expect(try text("[the paper](https://x.org)") == "the paper <https://x.org>\n")
    }

    @Test func alignsTableColumns() throws {
        #expect(try text("| a | bb |\n|---|---|\n| ccc | d |\n") == "a    bb\n───  ──\nccc  d \n")
    }

    /// The page's sanitizer turns a tag it refuses into text for the browser (`&lt;script&gt;`);
    /// the terminal shows the HTML as it was written, not those entities.
    @Test func showsRawHTMLAsWrittenNotAsTheSanitizersEntities() throws {
        #expect(try text("<div><script>alert(1)</script> a &amp; b</div>\n", rawHTML: true)
            == "<div><script>alert(1)</script> a & b</div>\n")
        #expect(try text("Press <kbd>q</kbd> or <blink>x</blink>.\n", rawHTML: true) == "Press <kbd>q</kbd> or <blink>x</blink>.\n")
        // Only the escapes are undone: an entity cannot spell a control character for the terminal.
        #expect(try text("<p>&#27;[2J</p>\n", rawHTML: true) == "<p>&#27;[2J</p>\n")
    }
}
