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
        #expect(section.content == [.text("Why "), .emphasis([.text("ReLU")]), .text(" and "), .code("max"), .text("?")])
    }

    @Test func keepsMathInAHeadingAsTeXInItsTextAndAsAMathNodeInItsContent() throws {
        let blocks = try prose("## The rate $\\eta$\n")
        guard case .heading(let heading) = blocks[0] else { Issue.record("no heading"); return }
        #expect(heading.text == "The rate $\\eta$")
        #expect(heading.content == [.text("The rate "), .math("\\eta")])
    }

    @Test func keepsTopLevelDisplayMathAsTeX() throws {
        let blocks = try prose("Text.\n\n```math\nx^2\n```\n")
        #expect(blocks.last == .math(DisplayMath(tex: "x^2\n", line: 3)))
    }

    @Test func keepsDisplayMathInsideAListAsTeXInTheItem() throws {
        let blocks = try prose("- a\n\n  ```math\n  x^2\n  ```\n")
        guard case .list(let list) = blocks[0] else { Issue.record("list expected, got \(blocks)"); return }
        #expect(list.items == [[.paragraph([.text("a")], line: 1), .math(DisplayMath(tex: "x^2\n", line: 3))]])
    }

    @Test func stillChecksTopLevelDisplayMathWhenParsing() {
        #expect {
            try prose("Text.\n\n```math\nx +\n\\bar\n```\n")
        } throws: { error in
            let d = (error as! Diagnostics).all[0]
            return d.location.line == 5 && d.message.contains("in math")
        }
    }
}
