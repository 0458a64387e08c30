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

    /// Bars in fenced code are code, never a table row, whatever their number; the fence ends
    /// only at a bare closing run of the same character, at least as long.
    @Test func barsInsideFencedCodeAreNotCounted() {
        let bars = String(repeating: "|", count: 1_000)
        #expect(diagnostics("# T\n\n```text\n\(bars)\n```\n").isEmpty)
        #expect(diagnostics("# T\n\n~~~~\n```\n\(bars)\n~~~~\n").isEmpty)
        #expect(diagnostics("# T\n\n   ```\n\(bars)\n``` not a close\n\(bars)\n```\n").isEmpty)
        #expect(diagnostics("# T\n\n```\ncode\n```\n\(bars)\n").first?.location.line == 6)
        // Indented four spaces, a run of backticks is not a fence.
        #expect(diagnostics("# T\n\n    ```\n\(bars)\n").first?.location.line == 4)
    }
}
