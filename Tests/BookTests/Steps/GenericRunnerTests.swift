@testable import Book
import Foundation
import Testing

/// The runner is a runner for any course: it knows only general parameter types and data by name;
/// a course brings its own types (`ParameterKind`) and data sources (`DataSource`).
@Suite struct GenericRunnerTests {
    /// Catches a course's vocabulary creeping back into the runner, in code or in comments.
    @Test func nothingInTheBookLibraryMentionsTheCNNCourse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()   // Tests/BookTests/Steps
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let book = root.appendingPathComponent("Sources/Book")
        let files = try #require(FileManager.default.enumerator(at: book, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50, "found \(files.count) files under \(book.path)")
        let pattern = try Regex("mnist|digit|kernel").ignoresCase()
        var hits: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(pattern) {
                hits.append("\(file.path.dropFirst(root.path.count + 1)):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(hits.isEmpty, "\(hits.joined(separator: "\n"))")
    }

    /// A course's own type: an even number of at most 10, named or written.
    struct Even: ParameterKind {
        var name: String { "even" }
        var summary: String { "two|four|2...10 even" }
        var expected: String { "two, four, or an even integer from 2 to 10" }
        var domain: ParameterDomain? { .integers(2...10) }
        func check(_ value: ParameterValue) -> Result<ParameterValue, ParameterFailure> {
            switch value {
            case .identifier("two"): return .success(.integer(2))
            case .identifier("four"): return .success(.integer(4))
            case .integer(let n) where n % 2 == 0 && (2...10).contains(n): return .success(.integer(n))
            default: return .failure(ParameterFailure(expected, suggestion: value.nameValue, choices: ["two", "four"]))
            }
        }
    }

    static let halve = StepDefinition("halve", summary: "Halves an even number.",
        parameters: [.custom("n", Even(), default: .integer(2))], fileID: "Course/Halve.swift") { cell in
        cell.show(.text("\(try cell.arguments.integer("n") / 2)"))
    }

    static let registry = StepRegistry(steps: [halve], sources: ["Course/Halve.swift": "let halve = 1\n"], fingerprint: "x")

    func cell(_ info: String) throws -> Cell {
        try #require(try Chapter.parse("# A\n\n```swift \(info)\n```\n", path: "chapters/01-a.md", fileName: "01-a.md").cells.first)
    }

    @Test func aCoursesOwnTypeIsCheckedAndCanonicalisedByTheRunner() throws {
        // `n=four` and `n=4` are one argument, so one cache entry.
        let named = try Self.registry.resolve(try cell("step=halve n=four"))
        let written = try Self.registry.resolve(try cell("step=halve n=4"))
        #expect(named.arguments == written.arguments)
        #expect(named.canonicalArguments == "n=4")
        #expect(Self.halve.parameters[0].type.summary == "two|four|2...10 even")
    }

    @Test func aBadValueOfACoursesOwnTypeIsLocatedAndSaysWhatTheTypeAccepts() throws {
        let bad = try cell("step=halve n=fuor")
        #expect(throws: Diagnostics.self) { try Self.registry.resolve(bad) }
        do {
            _ = try Self.registry.resolve(bad)
        } catch {
            #expect(error.all.map(\.description) == [
                "chapters/01-a.md:3:23: error: parameter 'n' of step 'halve' is two, four, or an even integer from 2 to 10; found the name 'fuor' (did you mean 'four'?)",
            ])
        }
        let odd = try cell("step=halve n=7")
        #expect(throws: Diagnostics.self) { try Self.registry.resolve(odd) }
    }

    @Test func theDataFingerprintCoversExactlyTheSourcesAStepReads() throws {
        let scratch = try ScratchDirectory()
        let a = scratch.url.appendingPathComponent("a"), b = scratch.url.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
        let data = DataSources([DataSource("a", contents: "a", folder: a), DataSource("b", contents: "b", folder: b)])
        let readsA = DataFingerprint.of(DataNeed("a"), in: data)
        let readsBoth = DataFingerprint.of([DataNeed("b"), DataNeed("a")], in: data)
        #expect(DataFingerprint.of(.none, in: data) == "none")
        _ = try scratch.write("b/new.csv", "1\n")
        #expect(DataFingerprint.of(DataNeed("a"), in: data) == readsA)
        #expect(DataFingerprint.of([DataNeed("a"), DataNeed("b")], in: data) != readsBoth)
        // A source the build does not supply is a fingerprint of its own, not a crash.
        #expect(DataFingerprint.of(DataNeed("c"), in: data) == "c:absent")
    }

    @Test func aStepReadingASourceTheBuildDoesNotSupplyFailsItsCellSayingSo() {
        #expect(throws: StepError.self) { try DataSources.none.folder("tables") }
    }

    @Test func aStepWithoutEmbeddedSourceRunsWhenTheCourseSaysSourcesAreOptional() throws {
        let bare = StepRegistry(steps: [Self.halve], sources: [:], fingerprint: "x", requiresSources: false)
        #expect(bare.stepsWithoutSource.isEmpty)
        let resolved = try bare.resolve(try cell("step=halve n=6"))
        #expect(resolved.code == "")
        let strict = StepRegistry(steps: [Self.halve], sources: [:], fingerprint: "x")
        #expect(strict.stepsWithoutSource.map(\.name) == ["halve"])
        #expect(throws: Diagnostics.self) { try strict.resolve(try cell("step=halve n=6")) }
    }
}
