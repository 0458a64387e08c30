@testable import Book
import Foundation
import Testing

/// The commands end to end, as `tutor` calls them, on the fixture chapters with the test steps.
@Suite struct CommandLineTests {
    func directory(_ name: String) -> ChapterDirectory {
        ChapterDirectory.load(Fixtures.url(name), displayPath: name)
    }

    func settings(_ scratch: ScratchDirectory) -> RunSettings {
        RunSettings(seed: 1, data: DataSources.testing(sample: scratch.url, mnist: scratch.url), libraryFingerprint: "x",
                    cache: CellCache(directory: scratch.url.appendingPathComponent("cache")))
    }

    func walkthrough(_ chapter: String, overrides: [String] = [], pause: Bool = false, firstStep: Int = 1,
                     scratch: ScratchDirectory) throws -> ChapterWalkthrough {
        try ChapterWalkthrough(chapter: try directory("book").chapter(named: chapter), registry: TestSteps.registry,
                               overrides: try overrides.map { try Override.parse($0) }, settings: settings(scratch),
                               presenter: TerminalPresenter(terminal: TerminalCapabilities(color: .none, width: 80)),
                               pause: pause, firstStep: firstStep)
    }

    @Test func listsChaptersWithTheirSteps() {
        let text = ChapterListing.text(directory("book"), registry: TestSteps.registry)
        #expect(text.hasPrefix("chapter1  Kernels & pictures  (book/01-kernels.md)\n  1. kernel  — Draws a kernel.\n"))
        #expect(text.contains("chapter2  Memory between cells  (book/02-memory.md)\n  1. remember value=2.5  — Stores a number for later cells.\n"))
    }

    @Test func checkPassesAGoodBookAndReportsEveryProblemOfABadOne() {
        #expect(BookCheck.run(directory("book"), registry: TestSteps.registry).succeeded)
        let report = BookCheck.run(directory("failing"), registry: TestSteps.registry)
        // A step that throws is not a problem check can see: it runs nothing.
        #expect(report.diagnostics.map(\.description) == [
            "failing/03-typo.md:3:15: error: unknown step 'gret' (did you mean 'greet'?); the steps are: charts, digit, fail, greet, kernel, recall, remember",
        ])
    }

    @Test func findsAChapterByNumberNameOrSlug() throws {
        let book = directory("book")
        for name in ["chapter2", "2", "02", "memory", "02-memory", "02-memory.md", "Chapter2"] {
            #expect(try book.chapter(named: name).number == 2, "\(name)")
        }
        #expect {
            try book.chapter(named: "memroy")
        } throws: { error in
            (error as! Diagnostic).message == "no chapter 'memroy' (did you mean 'memory'?); the chapters are: 1 kernels (Kernels & pictures), 2 memory (Memory between cells)"
        }
        // A number is not a misspelt slug (an exploration read "no chapter '0' (did you mean 'a'?)").
        for name in ["0", "chapter7", "9"] {
            #expect {
                try book.chapter(named: name)
            } throws: { error in
                (error as! Diagnostic).message == "no chapter '\(name)'; the chapters are: 1 kernels (Kernels & pictures), 2 memory (Memory between cells)"
            }
        }
    }

    /// A title as `tutor list` shows it names its chapter, in any case and spacing.
    @Test func findsAChapterByItsTitle() throws {
        let book = directory("book")
        for name in ["Memory between cells", "memory  BETWEEN cells", " Memory between cells "] {
            #expect(try book.chapter(named: name).number == 2, "\(name)")
        }
        #expect(throws: Diagnostic.self) { try book.chapter(named: "Memory between") }
    }

    /// `--set N.key=value` gives one step the value; `--set key=value` every step that takes it,
    /// and the step's own comes after (wins).
    @Test func aSetForOneStepReachesThatStepAlone() throws {
        let scratch = try ScratchDirectory()
        let walk = try walkthrough("memory", overrides: ["3.times=4", "1.value=7"], scratch: scratch)
        #expect(try walk.cells[2].arguments.integer("times") == 4)
        #expect(try walk.cells[0].arguments.number("value") == 7)
        func refusal(_ overrides: [String]) -> String {
            do {
                _ = try walkthrough("memory", overrides: overrides, scratch: scratch)
                return "accepted"
            } catch {
                return (error as? Diagnostics)?.all.map(\.description).joined(separator: "\n") ?? "\(error)"
            }
        }
        #expect(refusal(["9.times=2"]) == "--set 9.times=2:1:1: error: chapter2 has 3 steps; a --set for one step names it from 1 to 3")
        #expect(refusal(["1.times=2"]).hasPrefix("--set 1.times=2:1:1: error: step 1, 'remember', has no parameter 'times'; its parameters are: value"))
        // The value is checked against that step's range, and the column is the value's.
        #expect(refusal(["3.times=9"]).hasPrefix("--set 3.times=9:1:9: error: parameter 'times' of step 'greet' is an integer from 1 to 5"))
        #expect(refusal(["0.times=2"]).contains("cells count from 1"))
        #expect(refusal(["-1.times=2"]).hasPrefix("--set -1.times=2:1:1: error: cells count from 1, not from the end"), "\(refusal(["-1.times=2"]))")
        // A value for every step that takes it, where each of them has its own: it sets nothing, and is refused.
        #expect(refusal(["times=1", "3.times=4"]) == "--set times=1:1:1: error: this sets no step: --set 3.times already sets 'times' "
                + "for step 3, the only step that takes it; leave one of them out")
    }

    @Test func runsAChapterStraightThrough() throws {
        let scratch = try ScratchDirectory()
        var text = ""
        let finished = try walkthrough("memory", scratch: scratch).run(write: { text += $0 }, readLine: { Issue.record("asked for input"); return nil })
        #expect(finished)
        #expect(text.hasPrefix("chapter2: Memory between cells\n\n"))
        #expect(text.contains("The first cell stores a value.\n"))
        #expect(text.contains("── step 1/3: remember value=2.5  (Lessons/Remember.swift)\n  │ /// Stores a number for later cells.\n"))
        #expect(text.contains("recalled 2.5\n"))
        #expect(text.contains("Hello, class!\nHello, class!\n"))
    }

    @Test func waitsForEnterAndQuitsOnQ() throws {
        let scratch = try ScratchDirectory()
        var text = ""
        var answers = ["", "q"]
        let finished = try walkthrough("memory", pause: true, scratch: scratch).run(write: { text += $0 }, readLine: { answers.removeFirst() })
        #expect(!finished)
        #expect(text.contains("recalled 2.5"))
        #expect(!text.contains("Hello, class!"))
        #expect(text.components(separatedBy: "[Enter] next step, q [Enter] quit").count == 3)
    }

    /// Anything but Enter and q is said not to be understood, and asked again: "quit" quits,
    /// "next" or "x" neither moves on nor quits.
    @Test func anAnswerThatIsNeitherEnterNorQIsAskedAgain() throws {
        let scratch = try ScratchDirectory()
        var text = ""
        var answers = ["x", "next", "", "quit"]
        let finished = try walkthrough("memory", pause: true, scratch: scratch).run(write: { text += $0 }, readLine: { answers.removeFirst() })
        #expect(!finished && answers.isEmpty)
        #expect(text.contains("'x' is not a key here: [Enter] next step, q [Enter] quit"))
        #expect(text.contains("'next' is not a key here"))
        #expect(text.contains("recalled 2.5") && !text.contains("Hello, class!"))
    }

    @Test func startsAtAStepAfterRunningTheOnesBefore() throws {
        let scratch = try ScratchDirectory()
        var text = ""
        try walkthrough("memory", firstStep: 2, scratch: scratch).run(write: { text += $0 })
        #expect(!text.contains("stored 2.5"))
        #expect(text.contains("A later cell reads it back."))
        #expect(text.contains("recalled 2.5"))
    }

    @Test func overridesAParameterTypeChecked() throws {
        let scratch = try ScratchDirectory()
        var text = ""
        try walkthrough("memory", overrides: ["value=7"], scratch: scratch).run(write: { text += $0 })
        #expect(text.contains("recalled 7.0"))
        #expect {
            try walkthrough("memory", overrides: ["value=x"], scratch: scratch)
        } throws: { error in
            (error as! Diagnostics).all.map(\.description) == ["--set value=x:1:7: error: parameter 'value' of step 'remember' is a number; found the name 'x'"]
        }
        #expect {
            try walkthrough("memory", overrides: ["vale=1"], scratch: scratch)
        } throws: { error in
            (error as! Diagnostics).all[0].message.contains("no step of chapter2 has a parameter 'vale' (did you mean 'value'?)")
        }
    }

    @Test func rejectsAStepOutOfRangeSayingHowManyStepsTheChapterHas() throws {
        let scratch = try ScratchDirectory()
        #expect {
            try walkthrough("memory", firstStep: 9, scratch: scratch)
        } throws: { error in
            (error as! Diagnostics).all.map(\.description) == ["--step 9: error: chapter2 has 3 steps; --step counts from 1 to 3"]
        }
    }

    struct ReaderGone: Error {}

    @Test func stopsAtTheFirstWriteThatFailsWithoutRunningTheCellsAfter() throws {
        let scratch = try ScratchDirectory()
        var writes = 0
        #expect(throws: ReaderGone.self) {
            try walkthrough("memory", scratch: scratch).run(write: { _ in
                writes += 1
                if writes == 2 { throw ReaderGone() }
            })
        }
        #expect(writes == 2)
        // Only the first cell ran and was saved; the two after it never started.
        let saved = try FileManager.default.contentsOfDirectory(atPath: scratch.url.appendingPathComponent("cache/cells").path)
        #expect(saved.count == 1, "\(saved)")
    }
}

/// One bad `--set` value is wrong for every cell that takes it: `tutor run` says so once, naming
/// each step (`--set digit=-1` in chapter 1 was said four times, a line per step).
@Suite struct SaidOnceTests {
    @Test func oneComplaintFromSeveralStepsIsSaidOnceNamingThemAll() {
        let at = SourceLocation(path: "--set digit=-1", line: 1, column: 7)
        func refused(_ step: String, _ range: String = "0 to 9") -> Diagnostic {
            Diagnostic(at, "parameter 'digit' of step '\(step)' is an integer from \(range); found the integer -1")
        }
        let elsewhere = Diagnostic(SourceLocation(path: "ch.md", line: 3, column: 1), "step 'a' needs 'value'")
        let said = ChapterWalkthrough.saidOnce([refused("showDigit"), refused("convolveAll"), elsewhere, refused("onePixel"),
                                                refused("showDigit"), refused("other", "0 to 4"), elsewhere])
        #expect(said.map(\.description) == [
            "--set digit=-1:1:7: error: parameter 'digit' of steps 'showDigit', 'convolveAll' and 'onePixel' is an integer from 0 to 9; found the integer -1",
            "ch.md:3:1: error: step 'a' needs 'value'",
            "--set digit=-1:1:7: error: parameter 'digit' of step 'other' is an integer from 0 to 4; found the integer -1",
        ])
    }
}
