@testable import Book
import Testing

@Suite struct MathNestingTests {
    @Test(arguments: [
        String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000),
        String(repeating: "\\frac{", count: 10_000) + "x" + String(repeating: "}{y}", count: 10_000),
        String(repeating: "\\sqrt{", count: 10_000) + "x" + String(repeating: "}", count: 10_000),
        String(repeating: "x^{", count: 10_000) + "x" + String(repeating: "}", count: 10_000),
        String(repeating: "\\left(", count: 10_000) + "x" + String(repeating: "\\right)", count: 10_000),
        String(repeating: "\\begin{matrix}", count: 10_000) + "x" + String(repeating: "\\end{matrix}", count: 10_000),
        String(repeating: "\\hat ", count: 10_000) + "x",
        String(repeating: "\\mathbf{", count: 10_000) + "x" + String(repeating: "}", count: 10_000),
    ])
    func deepNestingIsAnErrorAtTheFirstLevelTooDeep(tex: String) {
        #expect {
            try MathML.render(tex, display: true)
        } throws: { error in
            guard let error = error as? MathError else { return false }
            return error.message.contains("nests more than \(MathML.maximumNesting)") && error.offset > 0 && error.offset < tex.utf8.count / 2
        }
    }

    /// "More than 50 levels" means what it says: 50 groups render, 51 do not, the error at the 51st.
    @Test func nestingUpToTheLimitRenders() throws {
        let depth = MathML.maximumNesting
        for symbol in ["x", "\\alpha", "7"] {
            let tex = String(repeating: "{", count: depth) + symbol + String(repeating: "}", count: depth)
            #expect(try MathML.render(tex, display: false).contains("</m"), "\(symbol)")
        }
        let tooDeep = String(repeating: "{", count: depth + 1) + "x" + String(repeating: "}", count: depth + 1)
        #expect {
            try MathML.render(tooDeep, display: false)
        } throws: { error in
            (error as? MathError)?.offset == depth
        }
    }
}
