@testable import Book
import Testing

/// Parsing yields a document: headings and display math as data, for the renderers to draw.
@Suite struct ProseBlocksTests {
    func prose(_ markdown: String) throws -> [ProseBlock] {
        try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: false).blocks.flatMap { block -> [ProseBlock] in
            if case .prose(let prose) = block { prose.blocks } else { [] }
        }
    }

    @Test func keepsHeadingsAsDataWithTheirLevelTextAndLine() throws {
        let blocks = try prose("# Title\n\nText.\n\n## Why *ReLU* and `max`?\n")
        guard case .heading(let title) = blocks[0], case .heading(let section) = blocks[2] else {
            Issue.record("headings expected, got \(blocks)")
            return
        }
        #expect(title.level == 1 && title.text == "Title" && title.line == 1)
        #expect(section.level == 2 && section.line == 5)
        #expect(section.text == "Why ReLU and max?")
        #expect(section.html == "Why <em>ReLU</em> and <code>max</code>?")
    }

    @Test func keepsMathInAHeadingAsTeXInItsTextAndMathMLInItsHTML() throws {
        let blocks = try prose("## The rate $\\eta$\n")
        guard case .heading(let heading) = blocks[0] else { Issue.record("no heading"); return }
        #expect(heading.text == "The rate $\\eta$")
        #expect(heading.html.contains("<math") && heading.html.contains("η"))
    }

    @Test func keepsTopLevelDisplayMathAsTeX() throws {
        let blocks = try prose("Text.\n\n```math\nx^2\n```\n")
        #expect(blocks.last == .math(DisplayMath(tex: "x^2\n", line: 3)))
    }

    @Test func drawsDisplayMathInsideAListWithTheList() throws {
        let blocks = try prose("- a\n\n  ```math\n  x^2\n  ```\n")
        guard case .html(let html) = blocks[0] else { Issue.record("list HTML expected"); return }
        #expect(html.contains("<li>") && html.contains("<math display=\"block\">"))
    }

    @Test func stillChecksTopLevelDisplayMathWhenParsing() {
        #expect {
            try prose("Text.\n\n```math\nx +\n\\bar\n```\n")
        } throws: { error in
            let d = (error as! Diagnostics).all[0]
            return d.location.line == 5 && d.message.contains("in math")
        }
    }

    @Test func keepsTheMarkdownForTheTerminalUnchanged() throws {
        let source = "# T\n\nSome *prose*.\n\n```math\nx\n```\n"
        let document = try CommonMark.parse(source, path: "ch.md", allowRawHTML: false)
        guard case .prose(let prose) = document.blocks[0] else { Issue.record("no prose"); return }
        #expect(prose.markdown == "# T\n\nSome *prose*.\n\n```math\nx\n```")
    }
}
