@testable import Book
import Testing

/// Parsing yields a document model, one node kind at a time; no HTML is made while parsing.
@Suite struct DocumentModelTests {
    func blocks(_ markdown: String, rawHTML: Bool = false) throws -> [ProseBlock] {
        try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: rawHTML).blocks.flatMap { block -> [ProseBlock] in
            if case .prose(let prose) = block { prose.blocks } else { [] }
        }
    }

    func inlines(_ markdown: String, rawHTML: Bool = false) throws -> [Inline] {
        guard case .paragraph(let content, _) = try blocks(markdown, rawHTML: rawHTML).first else { return [] }
        return content
    }

    @Test func aParagraphHoldsItsTextAndLine() throws {
        #expect(try blocks("\nSome words.\n") == [.paragraph([.text("Some words.")], line: 2)])
    }

    @Test func aHeadingHoldsItsLevelTextContentAndLine() throws {
        #expect(try blocks("### A *b*\n") == [.heading(Heading(level: 3, text: "A b", content: [.text("A "), .emphasis([.text("b")])], line: 1))])
    }

    @Test func aBulletListHoldsItsItemsAndIsTightWithoutBlankLines() throws {
        #expect(try blocks("- a\n- b\n") == [.list(ListBlock(isOrdered: false, isTight: true,
            items: [[.paragraph([.text("a")], line: 1)], [.paragraph([.text("b")], line: 2)]], line: 1))])
    }

    @Test func anOrderedListKeepsItsStartAndIsLooseWithBlankLines() throws {
        guard case .list(let list) = try blocks("7. a\n\n8. b\n")[0] else { Issue.record("no list"); return }
        #expect(list.isOrdered && list.start == 7 && !list.isTight && list.items.count == 2)
    }

    @Test func aBlockQuoteHoldsItsBlocks() throws {
        #expect(try blocks("> a\n>\n> b\n") == [.quote([.paragraph([.text("a")], line: 1), .paragraph([.text("b")], line: 3)], line: 1)])
    }

    @Test func aCodeBlockHoldsItsInfoAndText() throws {
        #expect(try blocks("```swift  numbered\nlet x = 1\n```\n") == [.code(CodeBlock(info: "swift  numbered", text: "let x = 1\n", line: 1))])
        #expect(try blocks("    indented\n") == [.code(CodeBlock(info: "", text: "indented\n", line: 1))])
    }

    @Test func aCodeBlockKeepsDollarsAsWritten() throws {
        #expect(try blocks("```\nlet price = $5 + $x$\n```\n") == [.code(CodeBlock(info: "", text: "let price = $5 + $x$\n", line: 1))])
    }

    @Test func aTableHoldsItsAlignmentsHeaderAndRows() throws {
        #expect(try blocks("| a | b | c |\n|:--|:-:|--:|\n| 1 | *2* | |\n") == [.table(TableBlock(
            alignments: [.left, .center, .right], header: [[.text("a")], [.text("b")], [.text("c")]],
            rows: [[[.text("1")], [.emphasis([.text("2")])], []]], line: 1))])
    }

    @Test func aThematicBreakIsANodeOfItsOwn() throws {
        #expect(try blocks("a\n\n---\n") == [.paragraph([.text("a")], line: 1), .thematicBreak(line: 3)])
    }

    @Test func rawHTMLBlocksAreSanitizedWhenTheChapterOptsIn() throws {
        #expect(try blocks("<div onclick=\"x()\">\nhi\n</div>\n", rawHTML: true) == [.html("<div>\nhi\n</div>\n", line: 1)])
    }

    @Test func rawHTMLBlocksWithoutTheOptInAreCodeShownAsWritten() throws {
        #expect(try blocks("<script>alert(1)</script>\n") == [.code(CodeBlock(info: "", text: "<script>alert(1)</script>\n", line: 1))])
    }

    @Test func inlineMarkupNests() throws {
        #expect(try inlines("*a **b** ~~c~~* `d`") == [.emphasis([.text("a "), .strong([.text("b")]), .text(" "), .strikethrough([.text("c")])]), .text(" "), .code("d")])
    }

    @Test func linksAndImagesHoldTheirTargetTitleAndContent() throws {
        #expect(try inlines("[a](https://x.org \"T\") ![b](p.png)") == [
            .link(Link(destination: "https://x.org", title: "T", content: [.text("a")])), .text(" "),
            .image(Link(destination: "p.png", content: [.text("b")])),
        ])
    }

    @Test func unsafeLinkTargetsAreEmptied() throws {
        #expect(try inlines("[a](javascript:alert(1)) ![b](data:image/svg+xml,x)") == [
            .link(Link(destination: "", content: [.text("a")])), .text(" "), .image(Link(destination: "", content: [.text("b")])),
        ])
    }

    @Test func inlineMathIsANodeHoldingItsTeX() throws {
        #expect(try inlines("Let $a_1 + b_1$ be.") == [.text("Let "), .math("a_1 + b_1"), .text(" be.")])
    }

    @Test func mathInALinkTargetOrCodeStaysAsWritten() throws {
        #expect(try inlines("`$x$` [y](https://x.org/$a$)") == [
            .code("$x$"), .text(" "), .link(Link(destination: "https://x.org/$a$", content: [.text("y")])),
        ])
    }

    @Test func softAndHardLineBreaksAreNodes() throws {
        #expect(try inlines("a\nb  \nc") == [.text("a"), .softBreak, .text("b"), .hardBreak, .text("c")])
    }

    @Test func rawInlineHTMLIsSanitizedWithTheOptInAndTextWithout() throws {
        #expect(try inlines("a <b onclick=\"x\">b</b>", rawHTML: true) == [.text("a "), .html("<b>"), .text("b"), .html("</b>")])
        #expect(try inlines("a <b>b</b>") == [.text("a "), .text("<b>"), .text("b"), .text("</b>")])
    }
}
