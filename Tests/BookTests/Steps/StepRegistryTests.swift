@testable import Book
import Testing

@Suite struct StepRegistryTests {
    let registry = TestSteps.registry

    func cell(_ info: String) throws -> Cell {
        let fence = Fence(info: info, body: "", location: SourceLocation(path: "ch.md", line: 10, column: 1), infoColumn: 4)
        return Cell(index: 1, fence: fence, info: try InfoString.parse(info))
    }

    func diagnostics(_ info: String) throws -> [Diagnostic] {
        let cell = try cell(info)
        do {
            _ = try registry.resolve(cell)
            return []
        } catch {
            return error.all
        }
    }

    @Test func fillsInDefaultsAndCanonicalValues() throws {
        let resolved = try registry.resolve(try cell("swift step=remember value=2"))
        #expect(resolved.arguments.values == ["value": ParameterValue.number(2)])
        let greet = try registry.resolve(try cell("swift step=greet name=Ada"))
        #expect(greet.arguments.values == ["name": ParameterValue.string("Ada"), "times": ParameterValue.integer(1)])
        #expect(greet.canonicalArguments == #"name="Ada" times=1"#)
    }

    @Test func suggestsTheNearestStepAndListsThemAll() throws {
        let found = try diagnostics("swift step=grete")
        #expect(found.count == 1)
        #expect(found[0].description == "ch.md:10:15: error: unknown step 'grete' (did you mean 'greet'?); the steps are: charts, digit, fail, greet, kernel, recall, remember")
    }

    @Test func doesNotSuggestAFarName() throws {
        #expect(try !diagnostics("swift step=zzzzzz")[0].message.contains("did you mean"))
    }

    @Test func rejectsAnUnknownParameterWithASuggestion() throws {
        let found = try diagnostics("swift step=greet nmae=Ada")
        #expect(found[0].description == "ch.md:10:21: error: step 'greet' has no parameter 'nmae' (did you mean 'name'?); its parameters are: name, times")
    }

    @Test func rejectsAValueOfTheWrongTypeAtTheValue() throws {
        let found = try diagnostics("swift step=greet times=9 name=[1]")
        #expect(found.count == 2)
        #expect(found[0].description == "ch.md:10:27: error: parameter 'times' of step 'greet' is an integer from 1 to 5; found the integer 9")
        #expect(found[1].message.contains("is a \"string\"; found the list [1]"))
    }

    /// The message quotes a value as the cell wrote it, not in the canonical form it was read
    /// into: `1e1` is not the "10.0" a reader never typed.
    @Test func quotesTheValueAsWritten() throws {
        #expect(try diagnostics("swift step=greet times=1e1")[0].message == "parameter 'times' of step 'greet' is an integer from 1 to 5; found the number 1e1")
        #expect(try diagnostics("swift step=greet times=2.50")[0].message.hasSuffix("found the number 2.50"))
        #expect(try diagnostics("swift step=greet times=0009")[0].message.hasSuffix("found the integer 0009"))
        #expect(try diagnostics("swift step=greet name=[ 1, 2 ]")[0].message.hasSuffix("found the list [ 1, 2 ]"))
    }

    @Test func listsTheChoicesAndSuggestsANearOne() throws {
        let found = try diagnostics("swift step=kernel kernel=sobelx")
        #expect(found[0].message.contains("one of: identity, sobelX, sobelY, laplacian, or a square matrix"))
        #expect(found[0].message.contains("(did you mean 'sobelX'?)"))
        #expect(try diagnostics("swift step=digit shape=cube")[0].message == "parameter 'shape' of step 'digit' is one of: bar, ring; found the name 'cube'")
    }

    @Test func acceptsLiteralKernelsOnlyWhenSquareWithAnOddSide() throws {
        #expect(try diagnostics("swift step=kernel kernel=[[0,1,0],[1,-4,1],[0,1,0]]").isEmpty)
        #expect(try diagnostics("swift step=kernel kernel=[[0,1],[1,0]]").count == 1)
        #expect(try diagnostics("swift step=kernel kernel=[[0,1,0],[1,-4,1]]").count == 1)
        #expect(try diagnostics("swift step=kernel kernel=[[0,x,0],[1,-4,1],[0,1,0]]").count == 1)
    }

    @Test func checksBooleansAndNumberLists() throws {
        #expect(try diagnostics("swift step=kernel negate=yes")[0].message.contains("true or false"))
        #expect(try diagnostics("swift step=charts rates=[1,0.5]").isEmpty)
        #expect(try diagnostics("swift step=charts rates=[a]").count == 1)
    }

    @Test func appliesCommandLineOverridesTypeChecked() throws {
        let override = try Override.parse("times=3")
        let resolved = try registry.resolve(try cell("swift step=greet times=2"), overrides: [override])
        #expect(try resolved.arguments.integer("times") == 3)
        let bad = try Override.parse("times=x")
        #expect(throws: Diagnostics.self) { try registry.resolve(try cell("swift step=greet"), overrides: [bad]) }
    }

    /// Several assignments in one `--set` are told apart as separate `--set`s: the advice to add a
    /// space after a comma would lead to "found more after it".
    @Test(arguments: ["digit=3,row=5", "digit=3, row=5", "digit=3 row=5", "digit=3;row=5"])
    func severalAssignmentsInOneSetAreToldToUseOneSetEach(_ text: String) {
        var message = "(accepted)"
        do { _ = try Override.parse(text) } catch { message = error.message }
        #expect(message.hasSuffix("; one --set sets one parameter: write --set digit=3 --set row=5"), "\(message)")
        #expect(Override.severalAssignments("kernel=[[1, 2], [3, 4]]") == nil)
    }

    @Test func showsTheStepsFileWithoutItsImports() throws {
        let resolved = try registry.resolve(try cell("swift step=greet"))
        #expect(resolved.code.hasPrefix("/// Says hello to a name.\nlet greet"))
        #expect(!resolved.code.contains("import"))
    }

    @Test func everyRegisteredStepHasItsSource() {
        #expect(registry.stepsWithoutSource.isEmpty)
        let missing = StepRegistry(steps: [TestSteps.greet], sources: [:], fingerprint: "")
        #expect(missing.stepsWithoutSource.map(\.name) == ["greet"])
    }

    @Test func reportsADriftingFenceBodyWithADiff() throws {
        var drifting = try cell("swift step=greet")
        drifting.fence.body = "/// Says hello to a name.\nlet greet = 1\n"
        let resolved = try registry.resolve(drifting)
        let drift = try #require(registry.drift(of: resolved))
        #expect(drift.message.contains("differs from step 'greet' in Lessons/Greet.swift"))
        #expect(drift.notes.contains("- let greet = 1"))
        #expect(drift.notes.contains("  /// Says hello to a name."))
        // At the first line that differs: the fence's second line, after one above it that matches.
        #expect(drift.location.line == resolved.cell.fence.location.line + 2)
        var blanksFirst = drifting
        blanksFirst.fence.body = "\n  \n" + drifting.fence.body
        #expect(try registry.drift(of: registry.resolve(blanksFirst))?.location.line == resolved.cell.fence.location.line + 4)
        var short = drifting
        short.fence.body = "/// Says hello to a name.\n"
        #expect(try registry.drift(of: registry.resolve(short))?.location.line == resolved.cell.fence.location.line + 2)
        var same = drifting
        same.fence.body = "\n" + resolved.code + "\n\n"
        let matching = try registry.resolve(same)
        #expect(registry.drift(of: matching) == nil)
    }

    /// A line that differs only in the blanks at its end shows them; a fence of pasted junk
    /// gives a diff of a screenful, and a huge one no line-by-line comparison at all.
    @Test func aDriftsDiffShowsTrailingBlanksAndStaysShort() {
        let diff = SourceDiff.lines(from: "let a = 1 \t\nlet b = 2", to: "let a = 1\nlet b = 2")
        #expect(diff == ["+ let a = 1", "- let a = 1·→", "  let b = 2"])
        let junk = SourceDiff.lines(from: Array(repeating: "x", count: 500).joined(separator: "\n"), to: "let a = 1")
        #expect(junk.count == SourceDiff.shownLines + 1 && junk.last == "(441 more lines of the comparison)")
        let huge = SourceDiff.lines(from: Array(repeating: "x", count: 3_000_000).joined(separator: "\n"), to: "a\nb")
        #expect(huge == ["(the cell holds 3000000 lines and the step's source 2: too many to compare line by line)"])
    }

    @Test func measuresEditDistance() {
        #expect(Suggestion.distance("kitten", "sitting") == 3)
        #expect(Suggestion.distance("", "abc") == 3)
        #expect(Suggestion.nearest(to: "sofmax", in: ["softmax", "relu"]) == "softmax")
    }
}
