@testable import Book
import Testing

/// Deep nesting is refused with a located error, never a stack overflow.
@Suite struct NestingLimitTests {
    func firstDiagnostic(_ markdown: String) -> Diagnostic? {
        do {
            _ = try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: false)
            return nil
        } catch {
            return error.all.first
        }
    }

    @Test(arguments: [
        String(repeating: ">", count: 100_000) + " deep\n",
        String(repeating: "- ", count: 100_000) + "deep\n",
        String(repeating: "1. ", count: 50_000) + "deep\n",
        String(repeating: "*a _b ", count: 20_000) + "x" + String(repeating: " b_ a*", count: 20_000) + "\n",
        String(repeating: "[", count: 100_000) + "x" + String(repeating: "](u)", count: 100_000) + "\n",
    ])
    func deeplyNestedMarkdownIsAnErrorNotACrash(markdown: String) throws {
        let diagnostic = firstDiagnostic("# T\n\n" + markdown)
        // Brackets that do not nest into links are text, not depth: either outcome is fine, a crash is not.
        if let diagnostic, diagnostic.message.contains("nest") {
            #expect(diagnostic.location.line == 3)
            #expect(diagnostic.message.contains("\(CommonMark.maximumNesting)"))
        }
    }

    @Test func nestingUpToTheLimitIsFine() {
        let quotes = String(repeating: "> ", count: CommonMark.maximumNesting - 2) + "text\n"
        #expect(firstDiagnostic("# T\n\n" + quotes) == nil)
        let tooDeep = String(repeating: "> ", count: CommonMark.maximumNesting + 1) + "text\n"
        #expect(firstDiagnostic("# T\n\n" + tooDeep)?.message.contains("nest") == true)
    }

    /// A list's items and their paragraphs are the list's own level, as a reader counts: 40
    /// nested lists are fine, 41 are one too many.
    @Test func nestedListsCountOneLevelEach() {
        func lists(_ count: Int) -> String {
            (0..<count).map { String(repeating: "  ", count: $0) + "- level \($0 + 1)\n" }.joined()
        }
        #expect(firstDiagnostic("# T\n\n" + lists(20)) == nil)
        #expect(firstDiagnostic("# T\n\n" + lists(CommonMark.maximumNesting)) == nil)
        let tooDeep = firstDiagnostic("# T\n\n" + lists(CommonMark.maximumNesting + 1))
        #expect(tooDeep?.location.line == 3 + CommonMark.maximumNesting && tooDeep?.message.contains("nest") == true, "\(String(describing: tooDeep))")
    }

    @Test func deepMathInProseIsAnErrorAtTheMath() {
        let tex = String(repeating: "\\frac{", count: 10_000) + "x" + String(repeating: "}{y}", count: 10_000)
        let diagnostic = firstDiagnostic("# T\n\nSee $" + tex + "$.\n")
        #expect(diagnostic?.location.line == 3)
        #expect(diagnostic?.message.contains("nests more than \(MathML.maximumNesting)") == true)
    }

    @Test func deepBracesInDisplayMathAreAnErrorOnTheirLine() {
        let tex = String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000)
        let diagnostic = firstDiagnostic("# T\n\n```math\n" + tex + "\n```\n")
        #expect(diagnostic?.location.line == 4)
        #expect(diagnostic?.location.column == MathML.maximumNesting + 1)
        #expect(diagnostic?.message.contains("nests") == true)
    }
}

@Suite struct MathErrorLimitTests {
    @Test func aLineOfManyBrokenSpansIsReportedBrieflyAndQuickly() {
        let line = String(repeating: "$\\nosuch$ ", count: 200_000)
        let clock = ContinuousClock()
        var all: [Diagnostic] = []
        let elapsed = clock.measure {
            do { _ = try CommonMark.parse("# T\n\n" + line + "\n", path: "ch.md", allowRawHTML: false) } catch let error as Diagnostics { all = error.all } catch {}
        }
        #expect(all.count == CommonMark.maximumMathErrors + 1)
        #expect(all.last?.message.contains("and \(200_000 - CommonMark.maximumMathErrors) more errors in math") == true)
        // Each located error walks its line once: 100 walks of 2 MB, not 200,000.
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }
}
