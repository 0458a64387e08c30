import Book
import Foundation
import Testing
import Hashing

/// A second, tiny course — numerical integration — built by the same runner as the real book,
/// with no CNN and no Lessons: its own parameter type (`Integrand`), its own data source
/// (`measurements`, CSV files shipped as a test resource), two chapters, two steps.
@Suite struct IntegrationCourseTests {
    /// The copied `Resources` folder: the chapters and the `measurements` data.
    static let resources = Bundle.module.url(forResource: "Resources", withExtension: nil)!
    static let sourceFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Course/TrapezoidStep.swift")

    /// The course's steps, shown with their own source (this target has no EmbedSources plugin,
    /// so it passes the file explicitly).
    static func registry(showingSource: Bool = true) throws -> StepRegistry {
        let source = try String(contentsOf: sourceFile, encoding: .utf8)
        return StepRegistry(steps: IntegrationCourse.steps,
                            sources: showingSource ? [IntegrationCourse.trapezoid.fileID: source] : [:],
                            fingerprint: SHA256.hex(source), requiresSources: showingSource)
    }

    static func data(_ folder: URL) -> DataSources {
        DataSources([DataSource("measurements", contents: "the measured samples", folder: folder,
                                advice: "pass --measurements DIR to name the folder of CSV files")])
    }

    /// A fresh book: the course's chapters (and, unless told, its data) copied into a temp folder.
    private struct CourseBook {
        let root: URL
        init(chapters: [String: String]? = nil) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("integration-course-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: IntegrationCourseTests.resources.appendingPathComponent("chapters"),
                                             to: root.appendingPathComponent("chapters"))
            try FileManager.default.copyItem(at: IntegrationCourseTests.resources.appendingPathComponent("data"),
                                             to: root.appendingPathComponent("data"))
            for (name, text) in chapters ?? [:] {
                try text.write(to: root.appendingPathComponent("chapters/\(name)"), atomically: true, encoding: .utf8)
            }
        }
        var measurements: URL { root.appendingPathComponent("data/measurements") }
        var output: URL { root.appendingPathComponent("output") }
        func page(_ name: String) throws -> String { try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8) }
        func build(registry: StepRegistry, data: URL? = nil) -> BuildSummary {
            BookBuilder(registry: registry, options: BuildOptions(
                chapters: root.appendingPathComponent("chapters"), chaptersDisplayPath: "chapters", output: output,
                data: IntegrationCourseTests.data(data ?? measurements), bookTitle: "Numerical integration")).build()
        }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// The numbers of the table row "n | estimate | exact | error" after `caption` on `page`.
    private func row(after caption: String, in page: String) throws -> [Double] {
        let start = try #require(page.range(of: caption)).upperBound
        let rest = page[start...]
        let body = try #require(rest.range(of: "<tbody>")).upperBound
        let end = try #require(rest.range(of: "</tbody>")).lowerBound
        let cells = rest[body..<end].components(separatedBy: "<td").dropFirst().map { cell -> Double? in
            let text = cell.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }
            return Double(text.trimmingCharacters(in: .whitespaces))
        }
        return cells.compactMap { $0 }
    }

    @Test func theCourseBuildsWithTheSameRunnerAndItsPagesHoldTheIntegrals() throws {
        let book = try CourseBook()
        defer { book.remove() }
        let summary = book.build(registry: try Self.registry())
        #expect(summary.succeeded, "\(summary.diagnostics)")
        #expect(summary.chaptersBuilt == 2 && summary.cellsRun == 3)

        let first = try book.page("01-trapezoid.html")
        // ∫₀¹ sin = 1 − cos 1; the trapezoid error is at most (b−a)·h²/12 · max|f''| (≤ 1 for sin).
        let sine = try row(after: "sin from 0.0 to 1.0", in: first)
        try #require(sine.count == 4)
        #expect(sine[0] == 8)
        #expect(abs(sine[1] - (1 - cos(1.0))) <= 1.0 / 64 / 12)
        #expect(abs(sine[2] - (1 - cos(1.0))) < 1e-9)
        // ∫₀² eˣ = e² − 1; |error| ≤ 2 · (2/64)² / 12 · e².
        let exponential = try row(after: "exp from 0.0 to 2.0", in: first)
        try #require(exponential.count == 4)
        #expect(abs(exponential[1] - (exp(2.0) - 1)) <= 2 * pow(2.0 / 64, 2) / 12 * exp(2.0))
        // The trapezoid rule overestimates a convex function: the error has a sign, not only a size.
        #expect(exponential[1] > exp(2.0) - 1)
        // The page shows the step's own source, passed explicitly.
        #expect(first.contains("enum IntegrationCourse"))

        // ∫₀¹ x² = 1/3 from 11 samples: the trapezoid rule gives 1/3 + h²/6 exactly, h = 0.1.
        let second = try book.page("02-samples.html")
        let found = try #require(second.range(of: #"∫ ≈ [0-9.]+"#, options: .regularExpression))
        let estimate = second[found]
        let value = try #require(Double(estimate.dropFirst(4)))
        #expect(abs(value - (1.0 / 3 + 0.01 / 6)) < 1e-9)
        #expect(second.contains("11 samples of square"))
    }

    @Test func aSecondBuildTakesEveryCellFromTheCacheAndChangedDataRerunsOnlyItsReaders() throws {
        let book = try CourseBook()
        defer { book.remove() }
        let registry = try Self.registry()
        #expect(book.build(registry: registry).cellsRun == 3)
        let again = book.build(registry: registry)
        #expect(again.cellsRun == 0 && again.cellsCached == 3)
        // The data source's fingerprint is in the key of exactly the cells that read it.
        try "x,y\n0,0\n1,1\n".write(to: book.measurements.appendingPathComponent("line.csv"), atomically: true, encoding: .utf8)
        let changed = book.build(registry: registry)
        #expect(changed.cellsRun == 1 && changed.cellsCached == 2)
    }

    @Test func aBadValueOfTheCoursesOwnTypeIsALocatedError() throws {
        let book = try CourseBook(chapters: ["03-bad.md": "# Bad\n\n```swift step=trapezoid f=sine n=3\n```\n\n```swift step=trapezoid f=[1,2]\n```\n"])
        defer { book.remove() }
        let summary = book.build(registry: try Self.registry())
        #expect(!summary.succeeded)
        let messages = summary.diagnostics.map(\.description)
        #expect(messages.contains(
            "chapters/03-bad.md:3:27: error: parameter 'f' of step 'trapezoid' is a function, one of: sin, exp, square; found the name 'sine' (did you mean 'sin'?)"),
            "\(messages)")
        #expect(messages.contains { $0.hasPrefix("chapters/03-bad.md:6:27: error: parameter 'f' of step 'trapezoid' is a function, one of: sin, exp, square; found the list [1,2]") },
                "\(messages)")
        // `tutor check` sees the same, without running anything.
        let check = BookCheck.run(ChapterDirectory.load(book.root.appendingPathComponent("chapters"), displayPath: "chapters"),
                                  registry: try Self.registry())
        #expect(check.diagnostics.count == 2)
        // And the custom type says how to list it and what a control could offer.
        let spec = try #require(IntegrationCourse.trapezoid.parameter(named: "f"))
        #expect(spec.type.summary == "sin|exp|square")
        if case .custom(let custom) = spec.type { #expect(custom.kind.domain == .choices(["sin", "exp", "square"])) } else { Issue.record("not custom") }
    }

    @Test func aMissingDataFolderStopsTheBuildWithTheSourcesOwnAdvice() throws {
        let book = try CourseBook()
        defer { book.remove() }
        let missing = book.root.appendingPathComponent("nowhere")
        let summary = book.build(registry: try Self.registry(), data: missing)
        #expect(summary.stoppedBeforeRunning)
        #expect(summary.diagnostics.map(\.description) == [
            "chapters/02-samples.md:5:1: error: step 'samples' reads the measured samples, but \(missing.path) does not exist; pass --measurements DIR to name the folder of CSV files",
        ])
        #expect(!FileManager.default.fileExists(atPath: book.output.appendingPathComponent("01-trapezoid.html").path))
    }

    @Test func aCourseWithoutEmbeddedSourcesStillBuilds() throws {
        let book = try CourseBook()
        defer { book.remove() }
        let registry = try Self.registry(showingSource: false)
        #expect(registry.stepsWithoutSource.isEmpty)
        let summary = book.build(registry: registry)
        #expect(summary.succeeded, "\(summary.diagnostics)")
        #expect(!(try book.page("01-trapezoid.html")).contains("enum IntegrationCourse"))
    }
}
