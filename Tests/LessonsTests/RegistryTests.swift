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

    @Test func everyRegisteredStepIsUsedByAChapter() {
        let chapters = ChapterDirectory.load(chaptersDirectory, displayPath: "chapters")
        let used = Set(chapters.chapters.flatMap(\.cells).compactMap { try? Lessons.registry.resolve($0).step.name })
        #expect(Set(Lessons.registry.steps.map(\.name)).subtracting(used) == [])
    }
}
