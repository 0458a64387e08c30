@testable import Book
import Foundation
import Testing

/// The variants a page offers: computed with the step's own code, from the right state, through
/// the cache, and followed by the later cells that can see them.
@Suite struct ExplorationRunTests {
    let registry = TestSteps.registry

    /// Runs `cells` (info strings) as a chapter, then its variants, with `cache` (or none).
    func explore(_ infos: [String], cache: CellCache? = nil, overrides: [Override] = []) throws -> ExploredChapter {
        let text = "# T\n" + infos.map { "\n```swift \($0)\n```\n" }.joined()
        let chapter = try Chapter.parse(text, path: "ch/01-t.md", fileName: "01-t.md")
        var settings = ExploredChapter.settings
        settings.cache = cache
        return try ExploredChapter(chapter, registry: registry, overrides: overrides, settings: settings)
    }

    func c(_ cell: Int, _ name: String) -> ControlID { ControlID(cell: cell, name: name) }

    @Test func aChapterWithoutVariationsHasNothingToExplore() throws {
        let built = try explore(["step=greet", "step=remember"])
        #expect(built.exploration.isEmpty)
        #expect(built.exploration.variantsRun == 0)
    }

    @Test func eachVariantIsTheStepRunWithThoseValues() throws {
        let built = try explore(["step=greet name=\"a\" times=1 vary-times=all"])
        let cell = try #require(built.exploration.cells[1])
        #expect(cell.controls == [c(1, "times")])
        #expect(cell.variants.count == 5)
        for times in 1...5 {
            let outputs = try #require(cell.variants[[.integer(times)]])
            #expect(outputs == Array(repeating: Output.text("Hello, a!"), count: times))
        }
        // The own setting is the page's own outputs; the four others ran.
        #expect(cell.variants[[.integer(1)]] == built.results[0].outputs)
        #expect(built.exploration.variantsRun == 4)
    }

    /// Quick variants run on every core at once: each still gets the results of its own values.
    @Test func manyVariantsRunAtOnceEachGetTheirOwnValues() throws {
        let names = (0..<20).map { "n\($0)" }
        let list = names.map { "\"\($0)\"" }.joined(separator: ",")
        let built = try explore(["step=greet name=\"n0\" times=1 vary-name=[\(list)] vary-times=all"])
        let cell = try #require(built.exploration.cells[1])
        #expect(cell.variants.count == 100)
        #expect(built.exploration.variantsRun == 99)
        for name in names {
            for times in 1...5 {
                #expect(cell.variants[[.string(name), .integer(times)]] == Array(repeating: Output.text("Hello, \(name)!"), count: times))
            }
        }
    }

    /// A cell computed again for each value of an earlier control (it comes after a cell whose
    /// control changes the state) whose outputs differ only in a measured time does not follow
    /// the control: the time is no result. Without the mark the same difference counts.
    @Test func variantsThatDifferOnlyInAMeasuredTimeDoNotFollowTheControl() throws {
        let runs = Locked(0)
        func timed(marked: Bool) -> StepDefinition {
            // It declares it reads the value (a cell that reads nothing follows no earlier control at all).
            StepDefinition("timed", summary: "Shows how long it took.", needs: ["value"], fileID: "Lessons/Timed.swift") { context in
                let took = "\(runs.update { count -> Int in count += 1; return count }) ms"
                context.show(.text("The same result, computed in " + (marked ? MeasuredTime.mark(took) : took) + "."))
                context.show(.table(Table(header: ["seconds"], rows: [[marked ? MeasuredTime.mark(took) : took]])))
            }
        }
        for marked in [true, false] {
            let registry = StepRegistry(steps: TestSteps.all + [timed(marked: marked)], sources: TestSteps.sources, fingerprint: "x",
                                        requiresSources: false)
            let text = "# T\n\n```swift step=remember value=2.5 vary-value=[1.5,2.5,4]\n```\n\n```swift step=timed\n```\n"
            let built = try ExploredChapter(try Chapter.parse(text, path: "ch/01-t.md", fileName: "01-t.md"), registry: registry)
            // Computed for each value of cell 1 either way (its state changed)...
            #expect(built.exploration.variantsRun == 2 + 2)
            // ...but shown under cell 1's control only when more than a time differs.
            #expect((built.exploration.cells[2]?.controls ?? []) == (marked ? [] : [c(1, "value")]), "marked: \(marked)")
        }
        // The marks never reach a reader.
        var html = OutputHTML(imagePrefix: "t", location: SourceLocation(path: "t.md", line: 1, column: 1))
        let marked = Output.gallery([.text("took " + MeasuredTime.mark("2 ms")),
                                     .table(Table(header: ["s"], rows: [[MeasuredTime.mark("0.5")]]))])
        let page = try html.html(marked)
        let terminal = TerminalPresenter(terminal: TerminalCapabilities(color: .none, width: 80)).output(marked)
        for shown in [page, terminal] {
            #expect(!shown.unicodeScalars.contains { $0 == "\u{E000}" || $0 == "\u{E001}" }, "\(shown)")
            #expect(shown.contains("2 ms") && shown.contains("0.5"))
        }
    }

    @Test func laterCellsFollowAControlThatChangesTheStateTheyRead() throws {
        let built = try explore(["step=remember value=2.5 vary-value=[1.5,2.5,4]", "step=recall", "step=greet times=2 vary-times=[1,2]"])
        let recall = try #require(built.exploration.cells[2])
        #expect(recall.controls == [c(1, "value")])
        #expect(recall.variants[[.number(1.5)]] == [.text("recalled 1.5")])
        #expect(recall.variants[[.number(4)]] == [.text("recalled 4.0")])
        #expect(recall.variants[[.number(2.5)]] == built.results[1].outputs)
        // A later cell that reads and writes no state shows no control of cell 1, and is computed
        // for its own values alone.
        let greet = try #require(built.exploration.cells[3])
        #expect(greet.controls == [c(3, "times")])
        #expect(greet.variants.count == 2)
        #expect(greet.ignored.isEmpty)
        #expect(built.exploration.variantsRun == 2 + 2 + 1)
    }

    @Test func aControlThatLeavesTheStateAloneIsFollowedByNoLaterCell() throws {
        let built = try explore(["step=remember value=2.5", "step=greet times=2 vary-times=all", "step=recall"])
        #expect(built.exploration.cells[1] == nil)
        #expect(built.exploration.cells[2]?.controls == [c(2, "times")])
        #expect(built.exploration.cells[3] == nil, "recall cannot see greet's times")
    }

    @Test func aControlWhoseEffectALaterCellOverwritesIsFollowedNoFurther() throws {
        // The second remember stores its own value over the first's: recall cannot tell which
        // value cell 1 was given, so it follows no control, and costs no budget.
        let built = try explore(["step=remember value=2.5 vary-value=[1.5,2.5,4]", "step=remember value=9", "step=recall",
                                 "step=greet times=1 vary-times=all"])
        #expect(built.exploration.cells[2] == nil || built.exploration.cells[2]?.controls == [])
        #expect(built.exploration.cells[3] == nil || built.exploration.cells[3]?.controls == [])
        #expect(built.exploration.cells[4]?.controls == [c(4, "times")])
        // The second remember ran once per value of cell 1 (it might have read it); recall and
        // greet only for their own controls, of which recall has none.
        #expect(built.exploration.variantsRun == 2 + 2 + 4)
    }

    @Test func tooManyCombinationsWithAnEarlierControlAreShownAsTheChaptersOwnAndSaidSo() throws {
        let values = (0..<30).map { "\($0)" }.joined(separator: ",")
        let built = try explore(["step=remember value=0 vary-value=[\(values)]", "step=recall",
                                 "step=remember value=1 vary-value=[1,2,3,4,5]", "step=recall"])
        #expect(built.exploration.cells[2]?.controls == [c(1, "value")])
        // 30 × 5 = 150 > 100: the second remember shows its own 5, with the chapter's own value
        // of cell 1; it reads nothing, so no note says so of it.
        let second = try #require(built.exploration.cells[3])
        #expect(second.controls == [c(3, "value")])
        #expect(second.ignored.isEmpty)
        // The cell after it, which reads the state, follows its control and says it shows cell 1's own value.
        let last = try #require(built.exploration.cells[4])
        #expect(last.controls == [c(3, "value")])
        #expect(last.ignored == [c(1, "value")])
    }

    /// A cell that reads and writes no state (greet) shows the same whatever came before: its
    /// own controls count alone against the budget, it carries no note, and the cells after it
    /// follow what they followed before it.
    @Test func aCellThatNeitherReadsNorWritesTheStateIsLeftOutOfTheFollowing() throws {
        let values = (0..<30).map { "\($0)" }.joined(separator: ",")
        let built = try explore(["step=remember value=0 vary-value=[\(values)]", "step=greet times=1 vary-times=all", "step=recall"])
        let greet = try #require(built.exploration.cells[2])
        #expect(greet.controls == [c(2, "times")] && greet.variants.count == 5 && greet.ignored.isEmpty)
        let recall = try #require(built.exploration.cells[3])
        #expect(recall.controls == [c(1, "value")] && recall.ignored.isEmpty)
        #expect(recall.variants[[.number(7)]] == [.text("recalled 7.0")])
        // greet ran its own 4 others once, not once per value of cell 1; recall 29 others.
        #expect(built.exploration.variantsRun == 29 + 4 + 29)
    }

    @Test func variantsAgreeWithTheRunnerGivenTheSameValuesOnTheCommandLine() throws {
        let infos = ["step=remember value=2.5 vary-value=[1.5,2.5,4]", "step=recall", "step=kernel vary-kernel=all vary-negate=all"]
        let built = try explore(infos)
        for value in [1.5, 4.0] {
            let set = try explore(infos, overrides: [try Override.parse("value=\(value)")])
            #expect(built.exploration.cells[2]?.variants[[.number(value)]] == set.results[1].outputs)
        }
        for kernel in TestSteps.kernels {
            for negate in ["false", "true"] {
                let set = try explore(infos, overrides: [try Override.parse("kernel=\(kernel)"), try Override.parse("negate=\(negate)")])
                // The kernel cell does not read the value, so it follows only its own two controls.
                let setting: [ParameterValue] = [.identifier(kernel), .identifier(negate)]
                #expect(built.exploration.cells[3]?.variants[setting] == set.results[2].outputs, "\(setting)")
            }
        }
    }

    @Test func aSecondBuildTakesEveryVariantFromTheCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-explore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let infos = ["step=remember value=2.5 vary-value=[1.5,2.5,4]", "step=recall", "step=greet vary-times=all"]
        let first = try explore(infos, cache: CellCache(directory: folder))
        #expect(first.exploration.variantsRun == 2 + 2 + 4)
        let second = try explore(infos, cache: CellCache(directory: folder))
        #expect(second.exploration.variantsRun == 0)
        #expect(second.exploration.variantsCached == first.exploration.variantsRun)
        for (index, cell) in first.exploration.cells {
            #expect(second.exploration.cells[index]?.variants == cell.variants)
            #expect(second.exploration.cells[index]?.controls == cell.controls)
        }
    }

    @Test func aVariantThatFailsFailsTheBuildNamingItsValues() throws {
        let safety = StepRegistry(steps: TestSteps.all + TestSteps.misbehaving, sources: TestSteps.sources, fingerprint: "x")
        let text = "# T\n\n```swift step=claim n=2 vary-n=[2,3]\n```\n"
        let chapter = try Chapter.parse(text, path: "ch/01-t.md", fileName: "01-t.md")
        let cells = try chapter.cells.map { try safety.resolve($0) }
        let settings = RunSettings(seed: 1, data: DataSources.testing(sample: URL(fileURLWithPath: "/none"), mnist: URL(fileURLWithPath: "/none")),
                                   libraryFingerprint: "x", cache: nil)
        let run = ChapterRun(cells: cells, settings: settings)
        let own = try run.next()
        #expect(throws: Diagnostic.self) { try ExplorationRun(cells: cells, ownOutputs: [own.outputs], settings: settings).run() }
        do {
            _ = try ExplorationRun(cells: cells, ownOutputs: [own.outputs], settings: settings).run()
        } catch {
            #expect(error.description.contains("ch/01-t.md:3:1"))
            #expect(error.description.contains("step 'claim' failed with n=3: a claim about the result is false: 3 is odd"))
        }
        // Of several variants that fail, however they were scheduled, the first in the page's
        // order is the one reported.
        let several = try Chapter.parse("# T\n\n```swift step=claim n=2 vary-n=[2,4,9,6,7,8,3,10,5]\n```\n", path: "ch/01-t.md", fileName: "01-t.md")
        let severalCells = try several.cells.map { try safety.resolve($0) }
        let severalOwn = try ChapterRun(cells: severalCells, settings: settings).next()
        for _ in 0..<5 {
            do {
                _ = try ExplorationRun(cells: severalCells, ownOutputs: [severalOwn.outputs], settings: settings).run()
                Issue.record("odd values must fail")
            } catch {
                #expect(error.description.contains("failed with n=9: a claim about the result is false: 9 is odd"))
            }
        }
    }
}
