@testable import Book
import Foundation
import Testing

/// What a step may not do to the book: print NaN, claim what is false, read what it did not
/// declare, or run with arguments its rules refuse. Each fails its cell, at the cell, and only it.
@Suite struct StepSafetyTests {
    let registry = TestSteps.safetyRegistry

    func cell(_ info: String, line: Int = 10) throws -> Cell {
        let fence = Fence(info: info, body: "", location: Book.SourceLocation(path: "ch.md", line: line, column: 1), infoColumn: 4)
        return Cell(index: 1, fence: fence, info: try InfoString.parse(info))
    }

    /// Runs one cell as a build does, returning its outputs or the diagnostic it failed with.
    func run(_ info: String, overrides: [Override] = []) throws -> Result<[Output], Diagnostic> {
        let resolved = try registry.resolve(try cell(info), overrides: overrides)
        let settings = RunSettings(seed: 1, data: DataSources.testing(sample: URL(fileURLWithPath: "/none"), mnist: URL(fileURLWithPath: "/none")),
                                   libraryFingerprint: "test", cache: nil, readCache: false)
        let run = ChapterRun(cells: [resolved], settings: settings)
        do {
            return .success(try run.next().outputs)
        } catch {
            return .failure(error)
        }
    }

    func failure(_ info: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic? {
        guard case .failure(let diagnostic) = try run(info) else {
            Issue.record("\(info) did not fail", sourceLocation: sourceLocation)
            return nil
        }
        return diagnostic
    }

    func resolveMessages(_ info: String, overrides: [Override] = []) throws -> [Diagnostic] {
        let cell = try cell(info)
        do {
            _ = try registry.resolve(cell, overrides: overrides)
            return []
        } catch {
            return error.all
        }
    }

    // MARK: claims

    @Test func aTrueClaimIsShown() throws {
        let outputs = try run("swift step=claim n=4").get()
        #expect(outputs == [.text("4 is even.")])
    }

    @Test func aFalseClaimFailsTheCellAtItsLocationSayingWhatWasMeasured() throws {
        let diagnostic = try #require(try failure("swift step=claim n=3"))
        #expect(diagnostic.location == Book.SourceLocation(path: "ch.md", line: 10, column: 1))
        #expect(diagnostic.message.contains("step 'claim'"))
        #expect(diagnostic.message.contains("a claim about the result is false: 3 is odd"))
        #expect(!diagnostic.message.contains("3 is even"))
    }

    // MARK: programming slips

    @Test func aStepReadingAnUndeclaredParameterFailsItsCellAsABugInTheStep() throws {
        let diagnostic = try #require(try failure("swift step=undeclared n=5"))
        #expect(diagnostic.location == Book.SourceLocation(path: "ch.md", line: 10, column: 1))
        #expect(diagnostic.message.contains("bug in the step"))
        #expect(diagnostic.message.contains("'m'"))
        #expect(diagnostic.message.contains("it declares: n"))
    }

    @Test func aBuggyStepFailsOnlyItsChapterAndTheRestOfTheBookBuilds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("step-safety-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try "# Buggy\n\n```swift step=undeclared\n```\n".write(to: chapters.appendingPathComponent("01-buggy.md"), atomically: true, encoding: .utf8)
        try "# Fine\n\n```swift step=greet name=Ada\n```\n".write(to: chapters.appendingPathComponent("02-fine.md"), atomically: true, encoding: .utf8)
        let options = BuildOptions(chapters: chapters, chaptersDisplayPath: "chapters", output: root.appendingPathComponent("output"),
                                   data: DataSources.testing(sample: root.appendingPathComponent("data/sample"),
                                                         mnist: root.appendingPathComponent("data/mnist")))
        let summary = BookBuilder(registry: registry, options: options).build()
        #expect(summary.chaptersBuilt == 1 && summary.chaptersFailed == 1)
        try #require(summary.diagnostics.count == 1)
        #expect(summary.diagnostics[0].description.hasPrefix("chapters/01-buggy.md:3:1: error: step 'undeclared' failed: bug in the step"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/02-fine.html").path))
    }

    @Test func readingAParameterAsTheWrongTypeIsABugInTheStepNotACrash() {
        let arguments = Arguments(["name": .string("Ada"), "n": .integer(3)])
        #expect(throws: StepError.self) { try arguments.integer("name") }
        #expect(throws: StepError.self) { try arguments.numbers("n") }
        #expect(throws: StepError.self) { try arguments.boolean("name") }
        #expect(throws: StepError.self) { try arguments.kernel("n") }
        #expect(throws: Never.self) { try arguments.number("n") }
    }

    // MARK: non-finite numbers

    @Test func aStepThatPrintsNaNOrInfinityFailsItsCell() throws {
        for output in ["text", "table", "chart", "map"] {
            let diagnostic = try #require(try failure("swift step=divide d=0 output=\(output)"), "\(output)")
            #expect(diagnostic.message.contains("never shows NaN or infinity"), "\(output): \(diagnostic.message)")
            #expect(diagnostic.location.line == 10)
        }
    }

    @Test func finiteNumbersPassTheOutputCheck() throws {
        for output in ["text", "table", "chart", "map"] {
            #expect(throws: Never.self) { try run("swift step=divide d=4 output=\(output)").get() }
        }
    }

    @Test func theOutputCheckFindsNanAndInfAsWordsButNotInsideProse() {
        #expect(FiniteOutputs.word(in: "loss -nan at step 3") == "-nan")
        #expect(FiniteOutputs.word(in: "1/0 = inf") == "inf")
        #expect(FiniteOutputs.word(in: "NaN") == "NaN")
        #expect(FiniteOutputs.word(in: "+Inf") == "+Inf")
        #expect(FiniteOutputs.word(in: "the loss grows to infinity; infinite sums; Nancy; info") == nil)
        #expect(FiniteOutputs.problem(in: .barChart(BarChart(labels: ["a"], values: [.infinity]))) != nil)
        #expect(FiniteOutputs.problem(in: .trajectories(TrajectoryPlot(xRange: 0...1, yRange: 0...1, width: 1, height: 1, surface: [0],
            paths: [.init(name: "p", points: [.init(x: .nan, y: 0)])]))) != nil)
        #expect(FiniteOutputs.problem(in: .heatmap(Heatmap(width: 1, height: 1, values: [1], scale: .infinity))) != nil)
    }

    // MARK: parameter rules

    @Test func aRuleAcrossParametersIsCheckedWhenTheCellResolvesAtTheValueToBlame() throws {
        let messages = try resolveMessages("swift step=ruled a=6 b=5")
        try #require(messages.count == 1)
        #expect(messages[0].message.contains("a + b must be at most 10, not 11"))
        // "swift step=ruled a=6 b=" is 23 bytes; the info string starts at column 4.
        #expect(messages[0].location == Book.SourceLocation(path: "ch.md", line: 10, column: 4 + 23))
        #expect(try resolveMessages("swift step=ruled a=5 b=5").isEmpty)
    }

    @Test func aRuleBrokenByACommandLineValuePointsAtTheCommandLine() throws {
        let messages = try resolveMessages("swift step=ruled a=6", overrides: [try Override.parse("b=7")])
        try #require(messages.count == 1)
        #expect(messages[0].location.path == "--set b=7")
    }

    @Test func theRuleRunsBeforeTheStepEvenWhenTheStepIsCalledDirectly() throws {
        let context = CellContext(arguments: Arguments(["a": .integer(9), "b": .integer(9), "weights": .list([.number(0.5)])]),
                                  state: ChapterState(), seed: 1,
                                  data: DataSources.testing(sample: URL(fileURLWithPath: "/none"), mnist: URL(fileURLWithPath: "/none")))
        #expect(throws: StepError.invalidArguments("a + b must be at most 10, not 18", parameter: "b")) {
            try TestSteps.ruled.run(context)
        }
    }

    @Test func numberListsHaveALengthAndARangeForEachElement() throws {
        #expect(try resolveMessages("swift step=ruled weights=[0,0.5,1]").isEmpty)
        for bad in ["[]", "[0.1,0.2,0.3,0.4]", "[1.5]", "[-0.1]", "[0.5,2]"] {
            let messages = try resolveMessages("swift step=ruled weights=\(bad)")
            try #require(messages.count == 1, "\(bad) was accepted")
            #expect(messages[0].message.contains("a list of 1 to 3 numbers, each from 0 to 1"), "\(messages[0].message)")
        }
    }

    @Test func anEmptyListIsRefusedUnlessTheParameterAllowsIt() throws {
        // `charts` declares rates with the default rule: at least one number.
        #expect(try resolveMessages("swift step=charts rates=[]").count == 1)
    }

    @Test func literalKernelWeightsMustFitTheConvolutionsRange() throws {
        #expect(try resolveMessages("swift step=kernel kernel=[[1e7]]").count == 1)
        #expect(try resolveMessages("swift step=kernel kernel=[[1e6]]").isEmpty)
    }

    /// A property: for random values of the declared types (in range or not), the registry accepts
    /// the cell exactly when the types, the ranges and the step's rule all hold, and an accepted
    /// cell always runs.
    @Test func checkAcceptsExactlyTheArgumentsTheStepRunsWith() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let a = Int.random(in: -3...14, using: &random), b = Int.random(in: -3...14, using: &random)
            let count = Int.random(in: 0...4, using: &random)
            let weights = (0..<count).map { _ in (Double.random(in: -0.5...1.5, using: &random) * 100).rounded() / 100 }
            let list = "[" + weights.map { ParameterValue.number($0).sourceText }.joined(separator: ",") + "]"
            let info = "swift step=ruled a=\(a) b=\(b) weights=\(list)"
            let expected = (0...10).contains(a) && (0...10).contains(b) && a + b <= 10
                && (1...3).contains(count) && weights.allSatisfy { (0...1).contains($0) }
            let accepted = try resolveMessages(info).isEmpty
            #expect(accepted == expected, "\(info)")
            if accepted {
                #expect(throws: Never.self) { try run(info).get() }
            }
        }
    }
}
