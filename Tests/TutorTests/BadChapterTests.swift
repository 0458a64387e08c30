import Foundation
import Testing

/// Bad chapters, tried on purpose: each gets a located message, a non-zero exit, and leaves the
/// book already in `output/` exactly as it was.
@Suite struct BadChapterTests {
    /// Builds the good project, breaks it with `change`, builds again, and checks the failure.
    private func expectBuildFails(mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
                                  _ change: (Project) throws -> Void) throws {
        let project = try Project()
        defer { project.remove() }
        let good = try tutor("build", in: project.root)
        try #require(good.status == 0, "the good project must build first: \(good.all)")
        let before = project.snapshot()
        try change(project)
        let bad = try tutor("build", in: project.root)
        expectCleanFailure(bad, mentions: fragments, before: before, after: project.snapshot(), project: project, sourceLocation: sourceLocation)
    }

    private func breakFirstCell(_ project: Project, infoString: String) throws {
        try project.write(Project.firstChapter.replacingOccurrences(of: "```swift step=kernels", with: "```swift " + infoString),
                          to: "chapters/01-first.md")
    }

    @Test func anUnknownStepIsNamedAtItsCellWithASuggestion() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md:5:1", "kernals", "did you mean 'kernels'"]) {
            try breakFirstCell($0, infoString: "step=kernals")
        }
    }

    @Test func anUnknownParameterIsNamedWithTheValidOnes() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md:8:", "gradiant", "gradient"]) {
            try $0.write(Project.firstChapter.replacingOccurrences(of: "gradient=0.5", with: "gradiant=0.5"), to: "chapters/01-first.md")
        }
    }

    @Test func aValueOfTheWrongTypeIsAnError() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md:8:", "steps"]) {
            try $0.write(Project.firstChapter.replacingOccurrences(of: "steps=2", with: "steps=many"), to: "chapters/01-first.md")
        }
    }

    @Test func aStepWithNoValueIsAnError() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md:5:", "step"]) {
            try breakFirstCell($0, infoString: "step= digit=3")
        }
    }

    @Test func anUnterminatedFenceIsAnError() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md:", "fence"]) {
            try $0.write("# First\n\nProse.\n\n```swift step=kernels\n\nMore prose that the fence swallows.\n", to: "chapters/01-first.md")
        }
    }

    @Test func nonUTF8BytesAreReportedWhereTheyAre() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md:3:", "UTF-8"]) {
            try $0.write(Data("# First\n\nCaf".utf8) + Data([0xE9, 0x20, 0xFF]) + Data("\n".utf8), to: "chapters/01-first.md")
        }
    }

    @Test func anEmptyChapterIsAnError() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md", "empty"]) {
            try $0.write("", to: "chapters/01-first.md")
        }
    }

    @Test func aFiveMegabyteChapterIsRefused() throws {
        try expectBuildFails(mentioning: ["chapters/01-first.md", "at most"]) {
            let paragraph = String(repeating: "All work and no play makes a dull network. ", count: 20) + "\n\n"
            try $0.write("# First\n\n" + String(repeating: paragraph, count: 5 * 1024 * 1024 / paragraph.utf8.count + 1),
                         to: "chapters/01-first.md")
        }
    }

    @Test func aChapterThatIsADirectoryIsAnError() throws {
        try expectBuildFails(mentioning: ["chapters/03-folder.md", "directory"]) {
            try FileManager.default.createDirectory(at: $0.url("chapters/03-folder.md"), withIntermediateDirectories: true)
        }
    }

    @Test func anUnreadableChapterIsAnError() throws {
        // Tests run as root, who can read any mode; a dangling link is unreadable for everyone.
        try expectBuildFails(mentioning: ["chapters/03-gone.md"]) {
            try FileManager.default.createSymbolicLink(atPath: $0.url("chapters/03-gone.md").path, withDestinationPath: "/nonexistent/chapter.md")
        }
    }

    @Test func twoChaptersWithTheSameNumberAreAnErrorNamingBoth() throws {
        try expectBuildFails(mentioning: ["01-first.md", "01-again.md"]) {
            try $0.write("# Again\n\nProse.\n", to: "chapters/01-again.md")
        }
    }

    @Test func aScriptInAChapterReachesThePageAsText() throws {
        let project = try Project(chapters: ["01-first.md": "# First\n\n<script>alert('x')</script>\n\nText <img src=x onerror=alert(1)>.\n"])
        defer { project.remove() }
        let result = try tutor("build", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        let page = try String(contentsOf: project.url("output/01-first.html"), encoding: .utf8)
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img src=x"))
        #expect(page.contains("&lt;script&gt;"))
    }
}
