import Book
import Foundation
import Lessons
import Testing

@Suite struct RegistryTests {
    @Test func everyStepShowsItsOwnEmbeddedSource() throws {
        #expect(Lessons.registry.stepsWithoutSource.map(\.name) == [])
        for step in Lessons.registry.steps {
            let code = try #require(Lessons.registry.displayedCode(of: step))
            // The code on the page declares this very step, and shows no import lines.
            #expect(code.contains("\"\(step.name)\""), "\(step.name): its source does not declare it")
            #expect(!code.contains("import "), "\(step.name): imports should be trimmed from the page")
        }
    }

    /// `tutor serve` runs quick steps at once, however many readers ask, and queues long ones a
    /// few at a time: a step that trains a model, however briefly, must be declared long, or a
    /// class asking for its longest settings holds up every other cell. Read from what each step
    /// calls (the helpers shown under its code), so a new training step cannot slip through.
    /// A quick step may train only a bounded little: at most 2,048 digits' worth of optimizer
    /// steps (its `steps` or `batches` times its `batchSize`, at the ends of their declared ranges),
    /// a few hundredths of a second. An unbounded count (epochs, a range without an end) is long.
    @Test func everyStepThatTrainsMoreThanALittleIsDeclaredLong() {
        let trainingLoops: Set<String> = ["Sequential.fit", "Sequential.train"]
        func largest(_ step: StepDefinition, _ name: String) -> Int? {
            guard case .integer(let range)? = step.parameter(named: name)?.type else { return nil }
            return range?.upperBound
        }
        for step in Lessons.registry.steps {
            let helpers = Set((Lessons.registry.stepHelpers[step.fileID] ?? []).map(\.name))
            guard !helpers.isDisjoint(with: trainingLoops), step.cost == .quick else { continue }
            let steps = largest(step, "steps") ?? largest(step, "batches")
            let batch = largest(step, "batchSize")
            let digits = steps.flatMap { steps in batch.map { steps * $0 } }
            let why = "\(step.name) trains a model (it calls \(helpers.intersection(trainingLoops).sorted())) "
                + "up to \(digits.map(String.init) ?? "an unbounded number of") digits' worth, but is declared quick"
            #expect(digits.map { $0 <= 2048 } ?? false, Comment(rawValue: why))
        }
        // The rule sees the steps it is for.
        #expect(Lessons.registry.steps.contains { step in
            (Lessons.registry.stepHelpers[step.fileID] ?? []).contains { $0.name == "Sequential.fit" }
        })
    }

    /// Messages and pages name a step's file, and each function shown under its code, by a path a
    /// teacher can open: from the package's folder, not `#fileID` ("Lessons/Kernels.swift" names no file).
    @Test func everyStepFileAndHelperIsNamedByAPathThatExists() {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: package.appendingPathComponent(path).path) }
        for step in Lessons.registry.steps {
            let path = Lessons.registry.sourcePath(ofFile: step.fileID)
            #expect(path.hasPrefix("Sources/Lessons/") && exists(path), "\(step.name): \(path)")
            for helper in Lessons.registry.stepHelpers[step.fileID] ?? [] {
                #expect(helper.path != helper.fileID && exists(helper.path), "\(helper.name): \(helper.path)")
            }
        }
    }

    @Test func stepNamesAreUnique() {
        let names = Lessons.registry.steps.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func eachStepLivesInAFileOfItsOwn() {
        let files = Lessons.registry.steps.map(\.fileID)
        #expect(Set(files).count == files.count)
    }

    @Test func theBookChecksCleanly() {
        let chapters = ChapterDirectory.load(chaptersDirectory, displayPath: "chapters")
        #expect(chapters.diagnostics.isEmpty, "\(chapters.diagnostics)")
        #expect(chapters.chapters.map(\.number) == [1, 2, 3, 4, 5, 6])
        let report = BookCheck.run(chapters, registry: Lessons.registry)
        #expect(report.succeeded, "\(report.diagnostics)")
    }

    /// Each `--set` an exercise suggests (`tutor run chapter6 --set filters=8`, or `--set
    /// epochs=1` in that chapter) is taken by the chapter: every cell resolves with it, and some
    /// cell takes it. Chapter 6's `--set filters=8` was once refused by its dense network.
    @Test func everySetTheChaptersSuggestIsTakenByTheirCells() throws {
        let directory = ChapterDirectory.load(chaptersDirectory, displayPath: "chapters")
        var suggestions = 0
        for chapter in directory.chapters {
            let file = URL(fileURLWithPath: chapter.path).lastPathComponent
            let text = try String(contentsOf: chaptersDirectory.appendingPathComponent(file), encoding: .utf8)
            for code in text.split(separator: "`") where code.contains("--set ") {
                let words = code.split(separator: " ")
                let overrides = try zip(words, words.dropFirst()).filter { $0.0 == "--set" }.map { try Override.parse(String($0.1)) }
                let meant = words.count > 2 && words[0] == "tutor" && words[1] == "run" ? String(words[2]) : chapter.name
                let target = try #require(directory.chapters.first { $0.name == meant }, "`\(code)` names no chapter")
                suggestions += 1
                var taken = Set<String>()
                for cell in target.cells {
                    do {
                        let resolved = try Lessons.registry.resolve(cell, overrides: overrides)
                        for override in overrides where resolved.step.parameter(named: override.parameter.name)?.applies(in: resolved.arguments.values) == true {
                            taken.insert(override.parameter.name)
                        }
                    } catch {
                        Issue.record("`\(code)` (\(file)): \(error.all)")
                    }
                }
                #expect(taken == Set(overrides.map(\.parameter.name)), "`\(code)` (\(file)): taken \(taken)")
            }
        }
        #expect(suggestions >= 10)
    }

    @Test func everyRegisteredStepIsUsedByAChapter() {
        let chapters = ChapterDirectory.load(chaptersDirectory, displayPath: "chapters")
        let used = Set(chapters.chapters.flatMap(\.cells).compactMap { try? Lessons.registry.resolve($0).step.name })
        #expect(Set(Lessons.registry.steps.map(\.name)).subtracting(used) == [])
    }
}
