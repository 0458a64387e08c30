@testable import Book
import Foundation
import Testing
import BookFuzzing

/// `vary-NAME=...` in a cell: what it offers, and every way of writing it wrong, each a located error.
@Suite struct VariationCheckTests {
    let registry = StepRegistry(steps: TestSteps.all + TestSteps.misbehaving, sources: TestSteps.sources, fingerprint: "x")

    func resolve(_ info: String) throws(Diagnostics) -> ResolvedCell {
        let text = "# T\n\n```\(info)\n```\n"
        let chapter = try Chapter.parse(text, path: "ch/01-t.md", fileName: "01-t.md")
        // A mutated info string may no longer name a step: then the fence is plain code.
        guard let cell = chapter.cells.first else { throw Diagnostics([Diagnostic(file: "ch/01-t.md", "no cell")]) }
        return try registry.resolve(cell)
    }

    /// The one diagnostic `info` gives, as `line:column: message`.
    func problem(_ info: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        do {
            _ = try resolve(info)
            Issue.record("\(info) was accepted", sourceLocation: sourceLocation)
            return ""
        } catch {
            #expect(error.all.count == 1, "\(error.all)", sourceLocation: sourceLocation)
            let d = error.all[0]
            return "\(d.location.line):\(d.location.column): \(d.message)"
        }
    }

    @Test func allOffersTheDeclaredValues() throws {
        let greet = try resolve("swift step=greet times=2 vary-times=all")
        #expect(greet.variations.map(\.name) == ["times"])
        #expect(greet.variations[0].values == (1...5).map(ParameterValue.integer))
        #expect(greet.variations[0].ownValue == .integer(2))
        // The cell's own arguments are unchanged: the variation is not a parameter.
        #expect(greet.canonicalArguments == "name=\"world\" times=2")

        let kernel = try resolve("swift step=kernel vary-kernel=all vary-negate=all")
        #expect(kernel.variations[0].values == TestSteps.kernels.map(ParameterValue.identifier))
        #expect(kernel.variations[0].ownValue == .identifier("sobelX"))
        #expect(kernel.variations[1].values == [.identifier("false"), .identifier("true")])
        #expect(try resolve("swift step=digit vary-shape=all").variations[0].values == [.identifier("bar"), .identifier("ring")])
    }

    @Test func aListIsCheckedAndCanonical() throws {
        let cell = try resolve("swift step=remember value=2.5 vary-value=[1,2.5,1e1]")
        #expect(cell.variations[0].values == [.number(1), .number(2.5), .number(10)])
        #expect(cell.variations[0].ownIndex == 1)
        let matrices = try resolve("swift step=kernel vary-kernel=[sobelX,[[0,1,0],[1,-4,1],[0,1,0]]]")
        #expect(matrices.variations[0].values.count == 2)
    }

    @Test func everyMistakeIsLocatedAtWhatToFix() {
        // Columns count from the fence's first backtick: "```swift step=greet " is 20 characters.
        #expect(problem("swift step=greet vary-tiems=all")
                == "3:21: vary-tiems: step 'greet' has no parameter 'tiems' (did you mean 'times'?); its parameters are: name, times")
        #expect(problem("swift step=remember vary-value=all").hasPrefix("3:35: parameter 'value' (number) has no short list of values for 'all'"))
        #expect(problem("swift step=greet vary-times=3") == "3:32: vary-times takes 'all' or a [list] of values to offer, found the integer 3")
        // An item of the list is blamed where it stands ("[" is at 32), quoted as written.
        #expect(problem("swift step=greet vary-times=[1,9]") == "3:35: vary-times: parameter 'times' of step 'greet' is an integer from 1 to 5; found the integer 9")
        #expect(problem("swift step=greet vary-times=[1, 2e0]") == "3:36: vary-times: parameter 'times' of step 'greet' is an integer from 1 to 5; found the number 2e0")
        #expect(problem("swift step=greet vary-times=[1,1]") == "3:35: vary-times lists 1 twice")
        #expect(problem("swift step=remember value=1 vary-value=[1,2,1.0]") == "3:48: vary-value lists 1 twice (here as 1.0)")
        #expect(problem("swift step=greet vary-times=[1]") == "3:32: vary-times needs at least two values for a reader to choose from, found 1")
        #expect(problem("swift step=greet times=3 vary-times=[1,2]").hasPrefix("3:40: vary-times does not offer the cell's own value 3"))
        #expect(problem("swift step=kernel vary-kernel=[sobelX,sobelZ]").contains("(did you mean 'sobelX'?)"))
        // A key "vary-" with no name is a syntax error, caught by the info string's parser.
        do {
            _ = try resolve("swift step=greet vary-=all")
            Issue.record("vary- was accepted")
        } catch {
            #expect(error.all[0].message.contains("'vary-' needs the name of the parameter to vary"))
            #expect(error.all[0].location.column == 21)
        }
    }

    @Test func aLongListOfMistakesIsOneError() {
        let twice = Array(repeating: "2", count: 20_000).joined(separator: ",")
        #expect(problem("swift step=greet vary-times=[\(twice)]") == "3:32: vary-times offers 20000 values, over the budget of 100 variants per cell")
        let sixty = (0..<60).map { _ in "9" }.joined(separator: ",")
        #expect(problem("swift step=greet vary-times=[1,\(sixty)]") == "3:35: vary-times: parameter 'times' of step 'greet' is an integer from 1 to 5; found the integer 9")
        let repeated = Array(repeating: "2", count: 60).joined(separator: ",")
        #expect(problem("swift step=greet times=2 vary-times=[\(repeated)]") == "3:43: vary-times lists 2 twice")
    }

    @Test func combinationsOverTheBudgetAreRefused() {
        let names = (0..<21).map { "\"n\($0)\"" }.joined(separator: ",")
        let message = problem("swift step=greet name=\"n0\" vary-name=[\(names)] vary-times=all")
        #expect(message.hasPrefix("3:31: this cell varies name (21) × times (5) = 105 combinations, over the budget of 100 variants per cell"))
        let many = (0...100).map(String.init).joined(separator: ",")
        #expect(problem("swift step=remember value=0 vary-value=[\(many)]").contains("offers 101 values, over the budget of 100"))
    }

    @Test func aCombinationTheStepRefusesIsAnError() {
        // ruled: a + b ≤ 10. a=1 b=1 is fine alone, but a=10 with b=1 is not.
        let message = problem("swift step=ruled vary-a=all vary-b=[1,2]")
        #expect(message.hasPrefix("3:21: with a=9 b=2 step 'ruled' refuses its arguments: a + b must be at most 10, not 11"))
    }

    /// Mutated cells, many with `vary-` keys, through the parser and the registry: each is
    /// accepted or refused with diagnostics, never a crash, and an accepted one is consistent.
    @Test func neverCrashesOnMutatedVariations() {
        var fuzzer = InfoStringFuzzer(seed: 2026)
        var offered = 0
        for _ in 0..<4000 {
            let info = fuzzer.next().replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "`", with: "'")
            guard let cell = try? resolve(info) else { continue }
            for variation in cell.variations {
                offered += 1
                #expect(variation.values.count >= 2 && variation.values.count <= ExplorationBudget.variantsPerCell)
                #expect(variation.values.indices.contains(variation.ownIndex))
            }
            #expect(Variation.combinationCount(cell.variations.map(\.values.count)) <= ExplorationBudget.variantsPerCell)
        }
        #expect(offered > 20, "the mutations must keep some variations valid")
    }

    @Test func overridesDoNotChangeWhatThePageOffers() throws {
        let text = "# T\n\n```swift step=greet times=2 vary-times=[1,2]\n```\n"
        let chapter = try Chapter.parse(text, path: "ch/01-t.md", fileName: "01-t.md")
        let overridden = try registry.resolve(chapter.cells[0], overrides: [try Override.parse("times=5")])
        #expect(overridden.arguments.values["times"] == .integer(5))
        #expect(overridden.variations[0].ownValue == .integer(2))
    }
}
