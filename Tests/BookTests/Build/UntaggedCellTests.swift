@testable import Book
import Foundation
import Testing

/// A fence of Swift code whose word after the language names a step (```` ```swift greet ````)
/// is a cell whose `step=` was forgotten: the page would show the code and run nothing. `tutor
/// check` refuses it, the build and the presenters warn of it, at the word.
@Suite struct UntaggedCellTests {
    private func untagged(_ markdown: String) throws -> [Diagnostic] {
        let chapter = try Chapter.parse("# One\n\n" + markdown + "\n", path: "chapters/01-one.md", fileName: "01-one.md")
        return TestSteps.registry.untaggedCells(in: chapter)
    }

    @Test func aStepsNameAfterTheLanguageIsSaidAtTheName() throws {
        let found = try untagged("```swift greet\n```\n\nText.\n\n~~~~  swift\tRecall extra words\nlet x = 1\n~~~~")
        #expect(found.map(\.location.line) == [3, 8], "\(found)")
        #expect(found.map(\.location.column) == [10, 13], "\(found)")
        #expect(found[0].message == "this fence shows Swift code and runs nothing, since a tagged cell names its step as step=NAME: "
                + "write ```swift step=greet to run step 'greet'")
        // The name as the registry spells it, whatever the case written.
        #expect(found[1].message.hasSuffix("write ```swift step=recall to run step 'recall'"), "\(found[1])")
    }

    @Test func plainCodeIsLeftAlone() throws {
        // `swift` alone, another word, another language, a fence inside a list, and the cell itself.
        let found = try untagged("""
            ```swift
            let greet = 1
            ```

            ```swift Package.swift
            ```

            ```python greet
            ```

            - item

              ```swift greet
              ```

            ```swift step=greet
            ```
            """)
        #expect(found.isEmpty, "\(found)")
    }

    @Test func checkRefusesItAndTheBuildWarnsAndStillBuilds() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("chapters/01-one.md", "# One\n\n```swift greet\n```\n")
        let chapters = scratch.url.appendingPathComponent("chapters")
        let report = BookCheck.run(ChapterDirectory.load(chapters, displayPath: "chapters"), registry: TestSteps.registry)
        #expect(report.diagnostics.map(\.description) == [
            "chapters/01-one.md:3:10: error: this fence shows Swift code and runs nothing, since a tagged cell names its step as step=NAME: "
                + "write ```swift step=greet to run step 'greet'",
        ])
        let data = DataSources.testing(sample: scratch.url.appendingPathComponent("sample"), mnist: scratch.url.appendingPathComponent("mnist"))
        let options = BuildOptions(chapters: chapters, chaptersDisplayPath: "chapters", output: scratch.url.appendingPathComponent("output"),
                                   data: data, useCache: true)
        let summary = BookBuilder(registry: TestSteps.registry, options: options).build()
        #expect(summary.succeeded && summary.chaptersBuilt == 1)
        #expect(summary.diagnostics.map(\.description) == report.diagnostics.map { $0.asWarning.description })
    }
}
