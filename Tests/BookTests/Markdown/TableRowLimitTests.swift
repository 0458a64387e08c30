@testable import Book
import Testing

/// A table row of thousands of cells costs cmark-gfm's table parser time that grows with the
/// square of the row: such a line is refused, located, before the parser sees it.
@Suite struct TableRowLimitTests {
    func diagnostics(_ markdown: String) -> [Diagnostic] { Fixtures.parseDiagnostics(markdown) }

    static let header = "| a | b |\n|---|---|\n"

    @Test func aRowOfTooManyBarsIsAnErrorAtTheFirstBarPastTheLimit() throws {
        let limit = TableRowLimit.maximumBars
        let found = diagnostics("# T\n\n" + Self.header + "| x |\n" + "é " + String(repeating: "|", count: 50_000) + "\n")
        let first = try #require(found.first)
        #expect(found.count == 1)
        #expect(first.location.line == 6)
        // "é " is two characters (three bytes) before the first bar.
        #expect(first.location.column == 2 + limit + 1)
        #expect(first.message.contains("\(limit)"))
    }

    @Test func manyWideLinesGetTenErrorsNotOneEach() {
        let row = String(repeating: "|", count: 1_000) + "\n"
        #expect(diagnostics("# T\n\n" + Self.header + String(repeating: row, count: 500)).count == 10)
    }

    @Test func rowsUpToTheLimitParseAsATable() throws {
        let cells = TableRowLimit.maximumBars - 1
        let header = "|" + String(repeating: " h |", count: cells) + "\n|" + String(repeating: "---|", count: cells) + "\n"
        let row = "|" + String(repeating: " 1 |", count: cells) + "\n"
        let document = try CommonMark.parse("# T\n\n" + header + row, path: "ch.md", allowRawHTML: false)
        let tables = document.blocks.flatMap { block -> [TableBlock] in
            guard case .prose(let prose) = block else { return [] }
            return prose.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
        }
        #expect(tables.count == 1)
    }

    /// Bars in code and HTML blocks are never a table row, whatever their number: fenced code
    /// anywhere (in a list item, in a quote), indented code, `<pre>`. What is a code block is
    /// CommonMark's to say: a "fence" whose info string holds a backtick is a paragraph, and the
    /// table after it is a table.
    @Test(arguments: [
        "```text\nBARS\n```\n", "~~~~\n```\nBARS\n~~~~\n", "   ```\nBARS\n``` not a close\nBARS\n```\n",
        "- ```\n  BARS\n  ```\n", "10. x\n\n    ```\n    BARS\n    ```\n", "> ```\n> BARS\n> ```\n", ">```\n>BARS\n>```\n",
        "-\t```\n\tBARS\n\t```\n", "    BARS\n", "<pre>\nBARS\n</pre>\n", "```\nBARS\n",
    ])
    func barsInsideCodeAreNotCounted(_ markdown: String) {
        let bars = String(repeating: "|", count: 1_000)
        // (A fence left open is an error of its own: not about bars.)
        let found = diagnostics("# T\n\n" + markdown.replacingOccurrences(of: "BARS", with: bars))
        #expect(!found.contains { $0.message.contains("'|'") }, "\(found)")
        #expect(found.isEmpty || markdown == "```\nBARS\n")
    }

    @Test func barsAfterCodeOrAFalseFenceAreCounted() {
        let bars = String(repeating: "|", count: 1_000)
        #expect(diagnostics("# T\n\n```\ncode\n```\n\(bars)\n").first?.location.line == 6)
        // A backtick in the info string: not a fence, so the table below it is one.
        let table = "|" + String(repeating: "a|", count: 300) + "\n|" + String(repeating: "-|", count: 300) + "\n"
        #expect(diagnostics("# T\n\n``` a`b\n\n" + table).first?.location.line == 5)
    }
}
