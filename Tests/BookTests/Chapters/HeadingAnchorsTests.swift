@testable import Book
import Testing

@Suite struct HeadingAnchorsTests {
    func chapter(_ markdown: String) throws -> Chapter {
        try Chapter.parse(markdown, path: "c/01-a.md", fileName: "01-a.md")
    }

    @Test(arguments: [
        ("Why ReLU?", "why-relu"),
        ("  The   soft-max: $e^x$  ", "the-soft-max-e-x"),
        ("Élan & Ñandú", "elan-nandu"),
        ("∑∏", "section"),
        ("3 × 3 kernels", "3-3-kernels"),
        // Other scripts keep their letters, and no accent is taken off them.
        ("Привет, мир", "привет-мир"),
        ("Йод", "йод"),
        ("你好 世界", "你好-世界"),
        ("שלום", "שלום"),
        ("データの形", "データの形"),
        ("Café é", "cafe-e"),
        ("ΣΊΣΥΦΟΣ", "σίσυφος"),
    ])
    func derivesTheAnchorFromTheWordsOfTheHeading(text: String, anchor: String) {
        #expect(HeadingAnchors.slug(text) == anchor)
    }

    /// A link to a heading in another script, as GitHub writes it, or percent-encoded as an
    /// address bar shows it, leads to it; and a heading put before it changes nothing.
    @Test func aLinkToAHeadingInAnotherScriptLeadsToIt() throws {
        let chapter = try chapter("# T\n\n## Привет\n\nText.\n\n## 你好\n\n[a](#привет) [b](#%E4%BD%A0%E5%A5%BD)\n")
        #expect(chapter.sections.map(\.anchor) == ["привет", "你好"])
        #expect(LinkCheck.problems(in: chapter, book: [chapter]).isEmpty, "\(LinkCheck.problems(in: chapter, book: [chapter]))")
        let edited = try self.chapter("# T\n\n## Новый\n\n## Привет\n")
        #expect(edited.sections.map(\.anchor) == ["новый", "привет"])
    }

    @Test func keepsAnAnchorOfAVeryLongHeadingShort() {
        #expect(HeadingAnchors.slug(String(repeating: "word ", count: 100)).utf8.count <= 64)
    }

    /// Numbered as GitHub numbers them: the first repeat is `-1`.
    @Test func makesRepeatedHeadingsUniqueWithinThePage() throws {
        let anchors = try chapter("# T\n\n## Example\n\n## Example\n\n### Example\n").segments.flatMap { segment -> [String] in
            if case .prose(let prose) = segment { prose.headings.map(\.anchor) } else { [] }
        }
        #expect(anchors == ["t", "example", "example-1", "example-2"])
    }

    /// The count goes on from the last repeat, and still skips an anchor a heading took by its
    /// own words ("Example 3"). (Counting up from 1 for every repeat made 20,000 take 25 s.)
    @Test func manyRepeatsOfAHeadingGetConsecutiveAnchors() throws {
        let markdown = "# T\n\n## Example 3\n\n" + String(repeating: "## Example\n\n", count: 5000)
        let anchors = try chapter(markdown).segments.flatMap { segment -> [String] in
            if case .prose(let prose) = segment { prose.headings.map(\.anchor) } else { [] }
        }
        #expect(anchors.count == 5002 && Set(anchors).count == 5002)
        #expect(Array(anchors.prefix(6)) == ["t", "example-3", "example", "example-1", "example-2", "example-4"])
        #expect(anchors.last == "example-5000")
    }

    @Test func neverGivesAHeadingTheAnchorOfACell() throws {
        let chapter = try chapter("# T\n\n## Cell 1\n\n```swift step=a\n```\n")
        #expect(chapter.sections.map(\.anchor) == ["cell-1-1"])
    }

    @Test func listsTheSecondLevelHeadingsAsSections() throws {
        let chapter = try chapter("# T\n\n## One\n\n### Detail\n\n```swift step=a\n```\n\n## Two\n")
        #expect(chapter.sections.map(\.text) == ["One", "Two"])
        #expect(chapter.sections.map(\.anchor) == ["one", "two"])
    }
}

@Suite struct ChapterSectionTests {
    /// The contents page copies a chapter's first paragraph: its links to a section of the chapter
    /// must name the chapter's page, and a link to a chapter's file (GitHub style) goes to its page.
    @Test func theContentsSummaryLinksToTheChapterPagesNotToFilesOrItself() throws {
        let chapter = try Chapter.parse("# One\n\nSee [the rule](#the-rule), [ReLU](02-relu.md#why), [its file](02-relu.md) "
                                        + "and [a page](https://example.com/a.md).\n\n## The rule\n",
                                        path: "c/01-one.md", fileName: "01-one.md")
        let summary = ChapterLink(chapter).summary
        #expect(summary.contains("href=\"01-one.html#the-rule\""), "\(summary)")
        #expect(summary.contains("href=\"02-relu.html#why\"") && summary.contains("href=\"02-relu.html\""), "\(summary)")
        #expect(summary.contains("href=\"https://example.com/a.md\""), "\(summary)")
    }

    @Test func listsASectionWithMathByItsMathMLAndOneWithALinkByItsText() throws {
        let chapter = try Chapter.parse("# T\n\n## Loss $p_y$\n\n## See [here](02-b.html)\n", path: "c/01-a.md", fileName: "01-a.md")
        let sections = ChapterLink(chapter).sections
        #expect(sections[0].html.contains("<math") && sections[0].anchor == "loss-p-y")
        #expect(sections[1].html == "See here" && sections[1].anchor == "see-here")
    }
}
