@testable import Book
import Testing

@Suite struct FrontMatterTests {
    func parse(_ text: String) throws(Diagnostics) -> Chapter {
        try Chapter.parse(text, path: "c/01-a.md", fileName: "01-a.md")
    }

    func firstDiagnostic(_ text: String) -> Diagnostic? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.all.first
        }
    }

    @Test func isReadWithWindowsLineEndings() throws {
        let chapter = try parse("---\r\nraw-html: true\r\nseed: 7\r\n---\r\n# T\r\n\r\n```swift step=a\r\n```\r\n")
        #expect(chapter.options == ChapterOptions(rawHTML: true, seed: 7))
        #expect(chapter.title == "T")
        #expect(chapter.cells[0].location.line == 7)
    }

    @Test func isReadAfterAByteOrderMark() throws {
        let chapter = try parse("\u{FEFF}---\nseed: 3\n---\n# T\n")
        #expect(chapter.options.seed == 3)
        #expect(chapter.title == "T")
    }

    @Test func aKeyGivenTwiceIsAnErrorAtTheSecondNamingTheFirst() {
        let diagnostic = firstDiagnostic("---\nseed: 1\n\nseed: 2\n---\n# T\n")
        #expect(diagnostic?.location == SourceLocation(path: "c/01-a.md", line: 4, column: 1))
        #expect(diagnostic?.message.contains("given twice (first on line 2)") == true)
    }

    @Test(arguments: [
        ("---\nseed: many\n---\n# T\n", 2, 7, "seed is a whole number"),
        ("---\nseed:    -1\n---\n# T\n", 2, 10, "not '-1'"),
        ("---\nseed: 01\n---\n# T\n", 2, 7, "not '01': it starts with 0, which a whole number here may not (TOML's rule)"),
        ("---\nraw-html: yes\n---\n# T\n", 2, 11, "true or false"),
        ("---\n  colour: red\n---\n# T\n", 2, 3, "unknown front matter key 'colour'"),
        ("---\njust words\n---\n# T\n", 2, 1, "key: value"),
        ("---\nseed: 1\n# T\n", 1, 1, "never closed"),
        ("---\nnote: é😀\nseed: x\n---\n# T\n", 2, 1, "unknown front matter key 'note'"),
        ("---\r\nseed: x\r\n---\r\n# T\r\n", 2, 7, "not 'x'"),
    ])
    func badFrontMatterIsAnErrorAtTheKeyOrValue(text: String, line: Int, column: Int, message: String) {
        let diagnostic = firstDiagnostic(text)
        #expect(diagnostic?.location == SourceLocation(path: "c/01-a.md", line: line, column: column), "\(String(describing: diagnostic))")
        #expect(diagnostic?.message.contains(message) == true, "\(String(describing: diagnostic))")
    }

    @Test func aHugeUnknownKeyIsQuotedShort() {
        let diagnostic = firstDiagnostic("---\n" + String(repeating: "k", count: 1_000_000) + ": v\n---\n# T\n")
        #expect(diagnostic?.message.contains("unknown front matter key") == true)
        #expect((diagnostic?.description.count ?? .max) < 300)
    }

    @Test func crlfAndLoneCRGiveTheSamePageAsLF() throws {
        let lf = "# T\n\nSome *prose* with $x^2$.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```swift step=a n=1\nlet x = 1\n```\n\n> quote\n"
        let expected = try parse(lf)
        for ending in ["\r\n", "\r"] {
            let other = try parse(lf.replacingOccurrences(of: "\n", with: ending))
            #expect(other.title == expected.title)
            #expect(other.cells == expected.cells)
            let html = { (chapter: Chapter) throws -> String in
                try chapter.segments.map { if case .prose(let p) = $0 { try ProseHTML.html(p, path: "c.md") } else { "" } }.joined()
            }
            #expect(try html(other) == (try html(expected)))
        }
    }

    /// After blank lines, `---` would be a rule and `seed: 2` a heading: refused, not dropped.
    @Test func frontMatterAfterABlankLineIsAnErrorNotARuleAndAHeading() {
        #expect(throws: Diagnostics.self) { try Chapter.parse("\n---\nseed: 2\n---\n# T\n", path: "c/01-a.md", fileName: "01-a.md") }
        do {
            _ = try Chapter.parse("\n\n---\nseed: 2\n---\n# T\n", path: "c/01-a.md", fileName: "01-a.md")
        } catch {
            #expect(error.description.contains("c/01-a.md:3:1: error: front matter must start on line 1"), "\(error)")
        }
        // A rule and text later in a chapter are only that.
        #expect((try? Chapter.parse("# T\n\n---\n\nText: more.\n\n---\n", path: "c/01-a.md", fileName: "01-a.md")) != nil)
    }

    /// A seed reads as in `book.toml`: `1_000`, `+3`, `-0`; not `-1`, `1__0`, `_1` or `1_`.
    @Test func aSeedIsAWholeNumberAsBookTomlHasIt() {
        #expect(SeedText.value("1_000") == 1000 && SeedText.value("+3") == 3 && SeedText.value("-0") == 0)
        for refused in ["-1", "1__0", "_1", "1_", "", "+", "0x10", "1e3", " 1", "١", "01", "00", "0_1"] {
            #expect(SeedText.value(refused) == nil, "\(refused)")
        }
        #expect((try? Chapter.parse("---\nseed: 1_0\n---\n# T\n", path: "c/01-a.md", fileName: "01-a.md"))?.options.seed == 10)
    }

    /// Every other way of writing a block that a reader takes for front matter, each of which
    /// cmark reads as a rule and a heading: refused at the would-be opening line, with why.
    @Test func frontMatterWrittenAnyOtherWayIsAnErrorNotDropped() {
        let cases: [(String, String)] = [
            (" ---\nseed: 5\n---\n# T\n", "1:1: error: the front matter's '---' must start the line"),
            ("\u{FEFF}\u{FEFF}---\nseed: 5\n---\n# T\n", "1:1: error: the front matter's '---' follows an invisible character (U+FEFF)"),
            ("\u{200B}---\nseed: 5\n---\n# T\n", "1:1: error: the front matter's '---' follows an invisible character (U+200B)"),
            ("\n  ---\nraw-html: true\n---\n# T\n", "2:1: error: front matter must start on line 1"),
            ("----\nseed: 5\n----\n# T\n", "1:1: error: front matter opens and closes with exactly three dashes, '---', not '----'"),
            ("---\nseed: 5\n---\n\n---\nraw-html: true\n---\n# T\n", "5:1: error: a second front matter block"),
            ("---\nseed: 5\n---\n---\nraw-html: true\n---\n# T\n", "4:1: error: a second front matter block"),
            ("---\nseed: 3\n ---\n# T\n", "3:1: error: the front matter opened by '---' on line 1 closes with a line of exactly '---', not ' ---'"),
            ("---\nseed: 3\n...\n# T\n", "3:1: error: the front matter opened by '---' on line 1 closes with a line of exactly '---', not '...'"),
            ("---\nseed: 3\n# T\n", "1:1: error: the front matter opened by '---' on line 1 is never closed"),
        ]
        for (text, message) in cases {
            do {
                let chapter = try Chapter.parse(text, path: "c/01-a.md", fileName: "01-a.md")
                Issue.record("parsed, options \(chapter.options): \(text.debugDescription)")
            } catch {
                #expect(error.description.contains("c/01-a.md:" + message), "\(text.debugDescription): \(error)")
            }
        }
        // A rule at the very top, with no key after it, is a rule.
        #expect((try? Chapter.parse("---\n\n# T\n\ntext\n", path: "c/01-a.md", fileName: "01-a.md"))?.title == "T")
        // Front matter as it should be, then a rule and a heading of the chapter's own.
        let chapter = try? Chapter.parse("---\nseed: 5\n---\n# T\n\n---\n\nText\n", path: "c/01-a.md", fileName: "01-a.md")
        #expect(chapter?.options.seed == 5)
    }
}

/// One rule for a seed wherever it is written: book.toml, front matter, `--seed`.
@Suite struct SeedTextTests {
    @Test func readsASeedAsBookTomlDoes() {
        #expect(SeedText.value("1_000") == 1000 && SeedText.value("+3") == 3 && SeedText.value("-0") == 0 && SeedText.value("0") == 0)
        #expect(SeedText.value("18446744073709551615") == UInt64.max)
        for refused in ["007", "01", "-1", "1__0", "1_", "_1", "1e3", "", "+", "18446744073709551616", "٣"] {
            #expect(SeedText.value(refused) == nil, "\(refused)")
        }
        #expect(SeedText.reason("007").contains("starts with 0") && SeedText.reason("-1").isEmpty && SeedText.reason("x").isEmpty)
    }
}
