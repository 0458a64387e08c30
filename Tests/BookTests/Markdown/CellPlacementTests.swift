@testable import Book
import Testing

/// Tagged cells Markdown would not read as cells: each is an error at its line, never dropped.
@Suite struct CellPlacementTests {
    func diagnostics(_ markdown: String) -> [Diagnostic] { Fixtures.parseDiagnostics(markdown) }

    @Test(arguments: [
        ("# T\n\n> ```swift step=a\n> ```\n", 3, 3, "inside a quote"),
        ("# T\n\n> > ~~~swift step=a\n", 3, 5, "inside a quote"),
        ("# T\n\n- item\n\n  ```swift step=a\n  ```\n", 5, 3, "inside a list item"),
        ("# T\n\n-\t```swift step=a\n\t```\n", 3, 3, "inside a list item"),
        ("# T\n\n1. ```swift step=a\n   ```\n", 3, 4, "inside a list item"),
        ("# T\n\n<div>\n```swift step=a\n```\n</div>\n", 4, 1, "inside an HTML block"),
        ("# T\n\n    ```swift step=a\n    ```\n", 3, 5, "indented code block"),
        ("# T\n\n\u{A0}```swift step=a\n", 3, 2, "U+00A0"),
        ("# T\n\nText\n\u{FEFF}```swift step=a\n", 4, 2, "U+FEFF"),
    ])
    func aCellInsideAnotherBlockIsAnErrorAtItsFence(markdown: String, line: Int, column: Int, message: String) {
        let found = diagnostics(markdown)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location == SourceLocation(path: "ch.md", line: line, column: column), "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test(arguments: [
        ("```swift step\u{200B}=a\n```\n", 14, "U+200B"),
        ("```swift\u{A0}step=a\n```\n", 9, "U+00A0"),
        ("```Swift step=a\n```\n", 4, "lower case"),
        ("```swift,step=a\n```\n", 9, "not ','"),
        ("```SWIFT STEP=a\n```\n", 4, "lower case"),
        ("```swiftstep=a\n```\n", 4, "does not read 'swift step=NAME"),
        ("```swift-step=a\n```\n", 4, "does not read 'swift step=NAME"),
        ("```swift.step a\n```\n", 4, "does not read 'swift step=NAME"),
        ("```swift steps=a\n```\n", 4, "does not read 'swift step=NAME"),
        ("```swift {step=a}\n```\n", 4, "does not read 'swift step=NAME"),
        ("```{.swift step=a}\n```\n", 4, "does not read 'swift step=NAME"),
        ("```swift stp=a\n```\n", 4, "names its step,"),
        ("```swift digit=3\n```\n", 4, "names its step,"),
        ("~~~swift  n=2 digit=3\n~~~\n", 4, "names its step,"),
        // Another language with a step: a cell that would vanish from the book.
        ("```python step=a\n```\n", 4, "names the language swift, not 'python'"),
        ("```swiftui step=a n=2\n```\n", 4, "names the language swift, not 'swiftui'"),
        // No language at all (found by an exploration: the cell was shown as plain code).
        ("``` step=lossExamples label=99\n```\n", 5, "names its language first: write ```swift step=lossExamples"),
        ("~~~step=a\n~~~\n", 4, "names its language first"),
    ])
    func aTopLevelFenceThatAlmostNamesAStepIsAnError(markdown: String, column: Int, message: String) {
        let found = diagnostics("# T\n\n" + markdown)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location == SourceLocation(path: "ch.md", line: 3, column: column), "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    /// Other languages and words that only start like `swift`, with no `step=NAME`: ordinary code blocks.
    @Test(arguments: ["```swiftui step\n```\n", "```swift\nlet step = 1\n```\n", "```python step\n```\n", "```python x=step=a\n```\n",
                      "```swift\nlet digit = 3\n```\n", "```swift linenos\n```\n", "```swift ==\n```\n"])
    func aFenceOfAnotherWordIsAnOrdinaryCodeBlock(markdown: String) {
        #expect(diagnostics("# T\n\n" + markdown).isEmpty)
    }

    @Test func aFenceLeftOpenBeforeTheNextCellIsReportedAtItsOpeningNamingThatLine() {
        let found = diagnostics("# T\n\n```swift step=a\n\nProse.\n\n```swift step=b\n```\n\nMore.\n")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location == SourceLocation(path: "ch.md", line: 3, column: 1))
        #expect(found.first?.message.contains("still open at line 7") == true, "\(found)")
    }

    @Test func anOrdinaryCodeBlockLeftOpenBeforeACellIsReportedToo() {
        let found = diagnostics("# T\n\n~~~python\nprint(1)\n~~~~swift step=b\n~~~\n")
        #expect(found.first?.location.line == 3 && found.first?.message.contains("line 5") == true, "\(found)")
    }

    @Test func aLongerOrDifferentFenceMayShowACellAsAnExample() {
        #expect(diagnostics("# T\n\n````markdown\n```swift step=a\n```\n````\n\n~~~\n```swift step=b\n~~~\n").isEmpty)
    }

    @Test func aCellRightAfterATableIsStillACell() throws {
        let document = try CommonMark.parse("# T\n\n| a |\n|---|\n| 1 |\n```swift step=a\n```\n", path: "ch.md", allowRawHTML: false)
        #expect(document.blocks.contains { if case .fence = $0 { true } else { false } })
    }

    @Test func proseThatMentionsAFenceInlineIsNotACell() {
        #expect(diagnostics("# T\n\nWrite `` ```swift step=a `` on a line of its own.\n").isEmpty)
    }
}
