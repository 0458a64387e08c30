@testable import Book
import Foundation
import Testing

@Suite struct SampleFolderCheckTests {
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
        let problems = SampleFolderCheck.problems(in: chapters, registry: Self.registry,
                                                  data: DataDirectories(sample: missing, mnist: missing))
        #expect(problems.map(\.description) == [
            "chapters/01-a.md:6:1: error: step 'readsSample' reads the sample digits, but \(missing.path) does not exist; pass --sample DIR to name the folder that holds them",
        ])
    }

    @Test func isQuietWhenTheFolderIsThereOrNoCellReadsIt() throws {
        let scratch = try ScratchDirectory()
        let reads = try chapter("01-a.md", "# A\n\n```swift step=readsSample\n```\n")
        #expect(SampleFolderCheck.problems(in: [reads], registry: Self.registry,
                                           data: DataDirectories(sample: scratch.url, mnist: scratch.url)).isEmpty)
        let file = try scratch.write("sample", "")
        let none = try chapter("01-a.md", "# A\n\n```swift step=greet\n```\n")
        #expect(SampleFolderCheck.problems(in: [none], registry: Self.registry, data: DataDirectories(sample: file, mnist: file)).isEmpty)
        #expect(SampleFolderCheck.problems(in: [reads], registry: Self.registry, data: DataDirectories(sample: file, mnist: file))
            .first?.message.contains("\(file.path) is not a folder") == true)
    }
}
