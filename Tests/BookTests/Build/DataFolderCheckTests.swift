@testable import Book
import Foundation
import Testing

@Suite struct DataFolderCheckTests {
    static let readsSample = StepDefinition("readsSample", summary: "Reads the sample digits.", data: .sample) { _ in }
    static let registry = StepRegistry(steps: TestSteps.all + [readsSample], sources: [:], fingerprint: "x")

    func chapter(_ name: String, _ text: String) throws -> Chapter {
        try Chapter.parse(text, path: "chapters/\(name)", fileName: name)
    }

    @Test func namesTheFolderTriedAtTheFirstCellThatReadsItInEachChapter() throws {
        let scratch = try ScratchDirectory()
        let missing = scratch.url.appendingPathComponent("data/sample")
        let chapters = [
            try chapter("01-a.md", "# A\n\n```swift step=greet\n```\n\n```swift step=readsSample\n```\n\n```swift step=readsSample\n```\n"),
            try chapter("02-b.md", "# B\n\n```swift step=greet\n```\n"),
        ]
        let problems = DataFolderCheck.problems(in: chapters, registry: Self.registry,
                                                  data: DataSources.testing(sample: missing, mnist: missing))
        #expect(problems.map(\.description) == [
            "chapters/01-a.md:6:1: error: step 'readsSample' reads the sample digits, but \(missing.path) does not exist; pass --sample DIR to name the folder that holds them",
        ])
    }

    @Test func isQuietWhenTheFolderIsThereOrNoCellReadsIt() throws {
        let scratch = try ScratchDirectory()
        let reads = try chapter("01-a.md", "# A\n\n```swift step=readsSample\n```\n")
        #expect(DataFolderCheck.problems(in: [reads], registry: Self.registry,
                                           data: DataSources.testing(sample: scratch.url, mnist: scratch.url)).isEmpty)
        let file = try scratch.write("sample", "")
        let none = try chapter("01-a.md", "# A\n\n```swift step=greet\n```\n")
        #expect(DataFolderCheck.problems(in: [none], registry: Self.registry, data: DataSources.testing(sample: file, mnist: file)).isEmpty)
        #expect(DataFolderCheck.problems(in: [reads], registry: Self.registry, data: DataSources.testing(sample: file, mnist: file))
            .first?.message.contains("\(file.path) is not a folder") == true)
    }

    @Test func eachSourceIsCheckedInItsOwnWordsAndOnlyIfItGivesAdvice() throws {
        let scratch = try ScratchDirectory()
        let tables = scratch.url.appendingPathComponent("tables"), download = scratch.url.appendingPathComponent("download")
        let both = StepDefinition("both", summary: "Reads two sources.", data: [DataNeed("tables"), DataNeed("download")]) { _ in }
        let registry = StepRegistry(steps: [both], sources: [:], fingerprint: "x")
        let data = DataSources([
            DataSource("tables", contents: "the tables", folder: tables, advice: "pass --tables DIR"),
            // No advice: the step explains a missing download itself, so the build does not stop.
            DataSource("download", contents: "the download", folder: download),
        ])
        let chapters = [try chapter("01-a.md", "# A\n\n```swift step=both\n```\n")]
        #expect(DataFolderCheck.problems(in: chapters, registry: registry, data: data).map(\.description) == [
            "chapters/01-a.md:3:1: error: step 'both' reads the tables, but \(tables.path) does not exist; pass --tables DIR",
        ])
        try FileManager.default.createDirectory(at: tables, withIntermediateDirectories: true)
        #expect(DataFolderCheck.problems(in: chapters, registry: registry, data: data).isEmpty)
    }
}
