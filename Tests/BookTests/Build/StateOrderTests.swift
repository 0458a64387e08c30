@testable import Book
import Foundation
import Testing

/// The chapter state a step declares (`needs:` and `makes:`): `tutor check` finds a cell whose
/// chapter makes what it needs only later, or never, and a step cannot touch a key it did not
/// declare, so what `check` reasons from is what the steps really do.
@Suite struct StateOrderTests {
    func check(_ chapter: String) throws -> [String] {
        let scratch = try ScratchDirectory()
        try scratch.write("01-memory.md", chapter)
        let directory = ChapterDirectory.load(scratch.url, displayPath: "book")
        return BookCheck.run(directory, registry: TestSteps.registry).diagnostics.map(\.description)
    }

    @Test func aCellAfterTheOneThatMakesWhatItNeedsPasses() throws {
        #expect(try check("# M\n\n```swift step=remember\n```\n\n```swift step=recall\n```\n") == [])
    }

    @Test func aCellBeforeTheOneThatMakesWhatItNeedsIsToldToMove() throws {
        #expect(try check("# M\n\n```swift step=recall\n```\n\nText.\n\n```swift step=remember\n```\n") == [
            "book/01-memory.md:3:1: error: step 'recall' needs 'value', which an earlier cell of this chapter must make; "
                + "the cell that makes it comes later (line 8, step 'remember'): move it before this one",
        ])
    }

    @Test func aCellWhoseChapterNeverMakesWhatItNeedsIsToldWhichStepDoes() throws {
        // The state of one chapter is not another's, and an unknown step makes nothing.
        #expect(try check("# M\n\n```swift step=greet\n```\n\n```swift step=recal\n```\n\n```swift step=recall\n```\n") == [
            "book/01-memory.md:6:15: error: unknown step 'recal' (did you mean 'recall'?); the steps are: charts, digit, fail, greet, kernel, recall, remember",
            "book/01-memory.md:9:1: error: step 'recall' needs 'value', which an earlier cell of this chapter must make; "
                + "none does: put a cell of 'remember' before this one",
        ])
    }

    // MARK: - A step keeps to what it declared

    func run(_ step: StepDefinition, state: ChapterState = ChapterState()) -> Error? {
        let context = CellContext(arguments: Arguments([:]), state: state, seed: 1,
                                  data: DataSources.testing(sample: URL(fileURLWithPath: "/none"), mnist: URL(fileURLWithPath: "/none")))
        do { try step.run(context) } catch { return error }
        return nil
    }

    /// A state that does not read as the step expects (a cache file edited by hand) fails the
    /// step in words, with what to do, not with Swift's own decoding error.
    @Test func aStateThatDoesNotReadSaysSoAndWhatToDo() throws {
        let state = ChapterState()
        try state.set("value", ["not", "a", "number"])
        let reads = StepDefinition("reads", summary: "", needs: ["value"]) { cell in _ = try cell.state.get(Double.self, "value") }
        let error = run(reads, state: state)
        #expect(error as? StepError == .failed("the chapter state under 'value' does not read as the value this step expects "
                                               + "(not a Double): no cell leaves that; rebuild with --no-cache"), "\(String(describing: error))")
    }

    @Test func aStepThatReadsOrWritesAKeyItDidNotDeclareFailsAsABugInTheStep() throws {
        let state = ChapterState()
        try state.set("value", 2.0)  // outside a step: anything goes
        let reads = StepDefinition("reads", summary: "") { cell in _ = try cell.state.get(Double.self, "value") }
        let writes = StepDefinition("writes", summary: "", needs: ["value"]) { cell in try cell.state.set("value", 3.0) }
        let swallows = StepDefinition("swallows", summary: "") { cell in _ = try? cell.state.get(Double.self, "value") }
        let asks = StepDefinition("asks", summary: "") { cell in _ = cell.state.has("value") }
        for (step, verb, declaration) in [(reads, "read", "needs"), (writes, "wrote", "makes"), (swallows, "read", "needs"), (asks, "read", "needs")] {
            let error = run(step, state: state)
            #expect(error as? StepError == .programming("it \(verb) the chapter state 'value' without declaring it (\(declaration): [\"value\"] in its StepDefinition)"),
                    "\(step.name): \(String(describing: error))")
        }
        #expect(try state.get(Double.self, "value") == 2.0)
        // Declared, the same reads and writes are fine, a key the step makes read back too.
        let declared = StepDefinition("declared", summary: "", needs: ["value"], makes: ["total"]) { cell in
            let total = cell.state.has("total") ? try cell.state.get(Double.self, "total") : 0
            try cell.state.set("total", total + (try cell.state.get(Double.self, "value")))
        }
        #expect(run(declared, state: state) == nil)
        #expect(run(declared, state: state) == nil)
        #expect(try state.get(Double.self, "total") == 4.0)
    }

    @Test func aNeededKeyNoEarlierCellMadeIsReportedAsMissing() {
        let error = run(TestSteps.recall)
        #expect(error as? StepError == .missingState("value"))
    }
}
