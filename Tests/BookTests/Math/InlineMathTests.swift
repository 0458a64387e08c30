@testable import Book
import Testing

@Suite struct InlineMathTests {
    @Test func findsSpansWithTheirColumns() {
        let (text, spans) = InlineMath.protect("a $x$ b\n`$no$` $y_1$")
        #expect(spans.map(\.tex) == ["x", "y_1"])
        #expect(spans[0].line == 1 && spans[0].column == 3)
        #expect(spans[1].line == 2 && spans[1].column == 8)
        #expect(!text.contains("$x$"))
        #expect(text.contains("`$no$`"))
    }

    @Test func followsPandocsRulesForDollars() {
        #expect(InlineMath.protect("costs $5 and $6 today").spans.isEmpty)
        #expect(InlineMath.protect("a $ x$ b").spans.isEmpty)
        #expect(InlineMath.protect("a $x $ b").spans.isEmpty)
        #expect(InlineMath.protect("\\$x$").spans.isEmpty)
        #expect(InlineMath.protect("$a\\$b$").spans.map(\.tex) == ["a\\$b"])
    }

    @Test func skipsFencedBlocks() {
        #expect(InlineMath.protect("```\n$x$\n```\n$y$").spans.map(\.tex) == ["y"])
    }

    @Test func restoresPlaceholders() {
        let (text, spans) = InlineMath.protect("a $x$ b")
        #expect(InlineMath.restore(text, spans: spans) == "a $x$ b")
    }
}
