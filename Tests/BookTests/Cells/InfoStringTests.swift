@testable import Book
import Testing
import BookFuzzing

@Suite struct InfoStringTests {
    @Test func readsTheStepAndEachParameterType() throws {
        let info = try InfoString.parse(#"swift step=convolve digit=7 rate=0.5 small=-1e-3 kernel=sobelX title="a \"b\"" k=[[0,1,0],[1,-4,1],[0,1,0]]"#)
        #expect(info.step == "convolve")
        #expect(info.stepColumn == 12)
        let values = Dictionary(uniqueKeysWithValues: info.parameters.map { ($0.name, $0.value) })
        #expect(values["digit"] == .integer(7))
        #expect(values["rate"] == .number(0.5))
        #expect(values["small"] == .number(-0.001))
        #expect(values["kernel"] == .identifier("sobelX"))
        #expect(values["title"] == .string("a \"b\""))
        #expect(values["k"] == .list([.list([.integer(0), .integer(1), .integer(0)]),
                                      .list([.integer(1), .integer(-4), .integer(1)]),
                                      .list([.integer(0), .integer(1), .integer(0)])]))
    }

    @Test func recordsTheColumnOfEachKeyAndValue() throws {
        let info = try InfoString.parse("swift  step=a   digit=7")
        #expect(info.parameters[0].column == 17)
        #expect(info.parameters[0].valueColumn == 23)
    }

    @Test func acceptsEmptyListsAndTrailingCommasAndSpacesInLists() throws {
        let info = try InfoString.parse("swift step=a l=[] m=[ 1 , 2, ]")
        #expect(info.parameters[0].value == .list([]))
        #expect(info.parameters[1].value == .list([.integer(1), .integer(2)]))
    }

    @Test(arguments: [
        ("swift step=", 12, "needs a value"),
        ("swift step= digit=7", 12, "needs a value"),
        ("swift step=a digit= 7", 20, "no spaces around '=': write digit=VALUE"),
        ("swift step=a digit=  [1, 2]", 20, "no spaces around '='"),
        ("swift digit=7", 1, "needs step=NAME"),
        ("swift step=a step=b", 14, "the step is named twice"),
        ("swift step=a n=1 n=2", 18, "parameter 'n' is given twice"),
        ("swift step=a digit =7", 19, "no spaces around '='"),
        ("swift step=a digit", 19, "needs '=' and a value"),
        ("swift step=7", 12, "needs a step name"),
        ("swift step=a x=\"open", 16, "no closing '\"'"),
        ("swift step=a x=[1,2", 16, "no closing ']'"),
        ("swift step=a x=[1;2]", 18, "expected ',' or ']'"),
        ("swift step=a x=1.", 18, "numeral 0-9 after '.'"),
        ("swift step=a x=12abc", 18, "in a number"),
        ("swift step=a x=99999999999999999999", 16, "too large"),
        ("swift step=a x=1e999", 16, "out of range"),
        ("swift step=a x=1e-400", 16, "the value of 'x': 1e-400 is too small for a number: it would be 0"),
        ("swift step=a k=99999999999999999999", 16, "the value of 'k': 99999999999999999999 is too large for an integer"),
        ("swift step=a m=[1,1e400]", 19, "the value of 'm': 1e400 is out of range for a number"),
        ("swift step=a x=-2.5e-999", 16, "too small for a number"),
        ("swift step=a =1", 14, "expected a parameter"),
        ("swift step=a x=@", 16, "expected a number, a name"),
        ("swift step=a x=\"\\q\"", 18, "unknown escape"),
        ("swift step=a x=1,", 17, "expected a space after"),
        ("python step=a", 1, "starts with 'swift'"),
        // Characters outside ASCII: the whole word quoted, a typographic twin named.
        ("swift step=a kérnel=sobelX", 15, "a parameter's name is ASCII letters, numerals, '_' and '-'; 'kérnel' holds the character U+00E9"),
        ("swift step=a kernel=sóbelX", 22, "a name as a value is ASCII letters, numerals and '_'; 'sóbelX' holds the character U+00F3: write it in ASCII"),
        ("swift step=a k=[[\u{2212}1,0]]", 18, "the character U+2212, not the ASCII '-' (this is a minus sign)"),
        ("swift step=a s=\u{201C}hi\u{201D}", 16, "the character U+201C, not the ASCII '\"' (this is a curly quote)"),
        ("swift step=a n=1\u{A0}m=2", 17, "the character U+00A0, not the ASCII space (this is a no-break space)"),
    ])
    func rejectsMalformedInfoStringsAtTheRightColumn(info: String, column: Int, message: String) {
        #expect {
            try InfoString.parse(info)
        } throws: { error in
            let error = error as! InfoStringError
            return error.column == column && error.message.contains(message)
        }
    }

    @Test func rejectsListsNestedTooDeep() {
        let deep = "swift step=a x=" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: InfoStringError.self) { try InfoString.parse(deep) }
    }

    @Test func onlySwiftFencesThatMentionAStepAreCells() {
        #expect(InfoString.namesStep("swift step=convolve"))
        #expect(InfoString.namesStep("swift step="))
        #expect(InfoString.namesStep("swift  kernel=x step=y"))
        #expect(!InfoString.namesStep("swift"))
        #expect(!InfoString.namesStep("swift title=\"x\""))
        #expect(!InfoString.namesStep("python step=x"))
        #expect(!InfoString.namesStep("swiftstep=x"))
    }

    @Test func parsesOneAssignmentForTheCommandLine() throws {
        let parameter = try InfoString.parseAssignment("digit=3")
        #expect(parameter.name == "digit" && parameter.value == .integer(3))
        #expect(throws: InfoStringError.self) { try InfoString.parseAssignment("digit=3 x=4") }
    }

    /// A few thousand random and mutated inputs; the benchmark runs a hundred thousand more.
    @Test func neverCrashesOnRandomOrMutatedInput() {
        var fuzzer = InfoStringFuzzer(seed: 12345)
        var parsed = 0
        for _ in 0..<3000 {
            let input = fuzzer.next()
            if (try? InfoString.parse(input)) != nil { parsed += 1 }
            _ = InfoString.namesStep(input)
        }
        // The mutations of valid strings must keep some valid, or the fuzzer tests only errors.
        #expect(parsed > 100)
    }
}
