@testable import Book
import Foundation
import Testing

@Suite struct StepCodeTests {
    let stepFile = """
        extension Lessons {
            /// Doubles a number.
            static let double = StepDefinition(
                "double",
                parameters: [.integer("n", default: 1, in: 0...9, help: "the number")]
            ) { cell in
                let n = cell.arguments.integer("n")
                if n > 0 {
                    cell.show(.text("\\(2 * n)"))
                }
            }
        }
        """

    @Test func showsTheBodyOfTheStepAsTheComputationAtTheMargin() {
        let code = StepCode(stepFile)
        #expect(code.hasDeclaration)
        #expect(code.computation == ["let n = cell.arguments.integer(\"n\")", "if n > 0 {", "    cell.show(.text(\"\\(2 * n)\"))", "}"])
    }

    @Test func keepsHelpersAfterTheStepInTheComputation() {
        let code = StepCode(stepFile.replacingOccurrences(of: "        }\n    }\n}", with: "        }\n    }\n    static func helper() {}\n}"))
        #expect(code.computation.last == "static func helper() {}")
    }

    @Test(arguments: ["let x = 1\nprint(x)", "{ cell in\n}", ""])
    func treatsCodeOfAnotherShapeAsAllComputation(source: String) {
        let code = StepCode(source)
        #expect(!code.hasDeclaration)
        #expect(code.computation.joined(separator: "\n") == source.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: ["    ) { cell in", "{ context in", "  foo(x) { c in  "])
    func recognisesTheLineThatOpensTheStepClosure(line: String) {
        #expect(StepCode.opensClosure(Substring(line)))
    }

    @Test(arguments: ["for x in xs {", "let s = \"{ cell in\" + x", "} in"])
    func ignoresLinesThatOnlyLookLikeIt(line: String) {
        #expect(!StepCode.opensClosure(Substring(line)))
    }

    @Test func listingKeepsTheSourceTextExactly() {
        let source = "if a < b && c {\n\n        deep(\"x\")\n}"
        let html = CodeListing.html(source.split(separator: "\n", omittingEmptySubsequences: false), class: "code")
        // Remove the tags and undo the escaping: what is left is what a reader copies.
        let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        #expect(text == source + "\n")
        #expect(html.contains("<span class=\"code-line\" style=\"--indent:8\">"))
    }
}
