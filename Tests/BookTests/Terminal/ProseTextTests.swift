@testable import Book
import Testing

/// The terminal draws prose from the same document model as the page.
@Suite struct ProseTextTests {
    func text(_ markdown: String) throws -> String {
        let presenter = TerminalPresenter(terminal: TerminalCapabilities(color: .none, width: 80))
        return try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: false).blocks.map {
            if case .prose(let prose) = $0 { presenter.prose(prose) } else { "" }
        }.joined()
    }

    @Test func keepsHeadingMarksAndSeparatesBlocksByABlankLine() throws {
        #expect(try text("# Title\n\nSome *words* and `code`.\n") == "# Title\n\nSome words and `code`.\n")
    }

    @Test func drawsBulletsAndNumbersIndentingWhatFollows() throws {
        #expect(try text("- a\n- b\n  c\n") == "• a\n• b\n  c\n")
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
}
