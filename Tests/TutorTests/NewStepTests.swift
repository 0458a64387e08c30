import Foundation
import Testing

/// `tutor new step NAME`: writes a step that declares itself in the form the build registers,
/// says what to do next, and refuses, changing nothing, a bad name, a taken name or file, or a
/// folder that is not the package.
@Suite struct NewStepTests {
    /// A project that also looks like the package: Package.swift and Sources/Lessons.
    private func package() throws -> Project {
        let project = try Project()
        try project.write("// swift-tools-version:6.0\n", to: "Package.swift")
        try project.write("import Book\n\npublic enum Lessons {}\n", to: "Sources/Lessons/Lessons.swift")
        return project
    }

    @Test func aNewStepIsWrittenInTheRegisteredFormAndTheNextStepsAreSaid() throws {
        let project = try package()
        defer { project.remove() }

        let result = try tutor("new", "step", "inkRows", "--group", "Ink", in: project.root)

        #expect(result.status == 0, "\(result.all)")
        let text = try String(contentsOf: project.url("Sources/Lessons/Ink/InkRows.swift"), encoding: .utf8)
        // The form EmbedSourcesTool's StepScan registers: `static let NAME = StepDefinition(` directly in `extension Lessons {`.
        let declaration = try #require(text.range(of: #"\nextension Lessons \{\n(    ///[^\n]*\n)*    static let inkRows = StepDefinition\(\n        "inkRows","#,
                                                  options: .regularExpression), "\(text)")
        #expect(text[declaration.upperBound...].components(separatedBy: "StepDefinition(").count == 1, "one step only")
        for piece in ["data: .sample", "validate: {", ".integer(\"digit\"", "cell.show(.image(", "cell.show(.table(", "cell.show(.text(",
                      "try cell.claim("] {
            #expect(text.contains(piece), "the template lacks \(piece)")
        }
        #expect(!text.contains("\\(name)"), "the name was not filled in")
        for next in ["created Sources/Lessons/Ink/InkRows.swift", "swift build -c release", "```swift step=inkRows", "tutor list --steps"] {
            #expect(result.stdout.contains(next), "\(result.stdout)")
        }
        #expect(project.halfWrittenFiles().isEmpty)
    }

    @Test func theGroupDefaultsToCustom() throws {
        let project = try package()
        defer { project.remove() }
        let result = try tutor("new", "step", "myFirstStep", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        #expect(FileManager.default.fileExists(atPath: project.url("Sources/Lessons/Custom/MyFirstStep.swift").path))
    }

    /// From outside the package (`--package DIR`), the path it prints is one the teacher can open from there.
    @Test func thePathItPrintsIsInsideThePackageFolder() throws {
        let project = try package()
        defer { project.remove() }
        let outside = project.root.deletingLastPathComponent()
        let result = try tutor("new", "step", "inkRows", "--package", project.root.lastPathComponent, in: outside)
        let shown = project.root.lastPathComponent + "/Sources/Lessons/Custom/InkRows.swift"
        #expect(result.status == 0 && result.stdout.contains("created " + shown), "\(result.all)")
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent(shown).path))
        // The next steps' commands work from there: `swift build` and `.build` are the package's.
        let folder = project.root.lastPathComponent
        #expect(result.stdout.contains("cd \(folder)  then  swift build -c release"), "\(result.stdout)")
        #expect(result.stdout.contains("a file in \(folder)/chapters/"), "\(result.stdout)")
    }

    @Test func aNameThatIsNotALowerCamelCaseIdentifierIsRefused() throws {
        let project = try package()
        defer { project.remove() }
        let cases: [(String, String)] = [
            ("ink-rows", "'ink-rows' is not a step name"),
            ("2rows", "'2rows' is not a step name"),
            ("InkRows", "(did you mean 'inkRows'?)"),
            ("SHOWPIXELS", "(did you mean 'showpixels'?)"),
            ("RGBMean", "(did you mean 'rgbMean'?)"),
            ("ink rows", "'ink rows' is not a step name"),
            ("café", "'café' is not a step name"),
            ("default", "'default' is a Swift keyword"),
            // Inside `extension Lessons` a step so named would be found in place of Swift's function.
            ("min", "'min' is a function Swift code calls by that name"),
            ("zip", "'zip' is a function Swift code calls by that name"),
            ("", "the step name is empty"),
            (String(repeating: "a", count: 61), "at most 60"),
        ]
        for (name, message) in cases {
            let before = project.snapshot("Sources")
            let result = try tutor("new", "step", name, in: project.root)
            expectCleanFailure(result, mentions: [message], before: before, after: project.snapshot("Sources"), project: project)
        }
        let group = try tutor("new", "step", "inkRows", "--group", "../Elsewhere", in: project.root)
        expectCleanFailure(group, mentions: ["--group '../Elsewhere' is not a group name"], before: [:], after: [:], project: project)
        let longGroup = try tutor("new", "step", "inkRows", "--group", String(repeating: "A", count: 61), in: project.root)
        expectCleanFailure(longGroup, mentions: ["--group is 61 characters long; at most 60"], before: [:], after: [:], project: project)
        // No hint toward a keyword.
        let keyword = try tutor("new", "step", "Self", in: project.root)
        expectCleanFailure(keyword, mentions: ["'Self' is not a step name"], before: [:], after: [:], project: project)
        #expect(!keyword.all.contains("did you mean"), "\(keyword.all)")
        // A group that is a file.
        try project.write("not a folder", to: "Sources/Lessons/Filey")
        let before = project.snapshot("Sources")
        let file = try tutor("new", "step", "inkRows", "--group", "Filey", in: project.root)
        expectCleanFailure(file, mentions: ["Sources/Lessons/Filey is a file, not a folder of steps"], before: before,
                           after: project.snapshot("Sources"), project: project)
        // A group that is a link round in a loop, or to nothing: said so, not "already exists".
        try FileManager.default.createSymbolicLink(atPath: project.url("Sources/Lessons/Loop").path, withDestinationPath: "Loop")
        try FileManager.default.createSymbolicLink(atPath: project.url("Sources/Lessons/Gone").path, withDestinationPath: "nowhere")
        for (group, why) in [("Loop", "leads round in a loop"), ("Gone", "leads nowhere")] {
            let linked = try tutor("new", "step", "inkRows", "--group", group, in: project.root)
            expectCleanFailure(linked, mentions: ["Sources/Lessons/\(group) is a symbolic link that \(why)"],
                               before: [:], after: [:], project: project)
        }
    }

    @Test func aNameThatIsTakenIsRefusedAndNothingIsOverwritten() throws {
        let project = try package()
        defer { project.remove() }
        // A step already built into tutor.
        var before = project.snapshot("Sources")
        let registered = try tutor("new", "step", "showDigit", in: project.root)
        expectCleanFailure(registered, mentions: ["a step named 'showDigit' already exists"], before: before,
                           after: project.snapshot("Sources"), project: project)

        // A file of the same name in another group: one target cannot hold two.
        try project.write("// mine\n", to: "Sources/Lessons/Other/InkRows.swift")
        before = project.snapshot("Sources")
        let file = try tutor("new", "step", "inkRows", in: project.root)
        expectCleanFailure(file, mentions: ["Sources/Lessons/Other/InkRows.swift already exists"], before: before,
                           after: project.snapshot("Sources"), project: project)

        // A step written since this tutor was built, and a name the course already gives another
        // member of `Lessons`.
        for (file, declaration, name) in [("Later", "static let fresh = StepDefinition(\"fresh\", summary: \"\") { _ in }", "fresh"),
                                          ("Helpers", "public static func helperTable(_ x: Int) -> Int { x }", "helperTable")] {
            try project.write("extension Lessons {\n    \(declaration)\n}\n", to: "Sources/Lessons/Other/\(file).swift")
            before = project.snapshot("Sources")
            let declared = try tutor("new", "step", name, in: project.root)
            expectCleanFailure(declared, mentions: ["Sources/Lessons/Other/\(file).swift already declares '\(name)'"], before: before,
                               after: project.snapshot("Sources"), project: project)
        }
        // A function the steps call by its bare name, which a step of that name would shadow.
        try project.write("extension Lessons {\n    static func f() -> Int { clampTo(3) }\n}\nfunc clampTo(_ x: Int) -> Int { x }\n",
                          to: "Sources/Lessons/Other/Calls.swift")
        before = project.snapshot("Sources")
        let shadowing = try tutor("new", "step", "clampTo", in: project.root)
        expectCleanFailure(shadowing, mentions: ["Sources/Lessons/Other/Calls.swift calls a function named 'clampTo'"], before: before,
                           after: project.snapshot("Sources"), project: project)
        // `embeddedSources` would be written to EmbeddedSources.swift, the name of the file the
        // build generates (declaring the type `EmbeddedSources`).
        for reserved in ["registry", "embeddedSources", "embeddedsources"] {
            let refused = try tutor("new", "step", reserved, in: project.root)
            expectCleanFailure(refused, mentions: ["tutor: error: '\(reserved)' is a name the build declares itself"], before: before,
                               after: project.snapshot("Sources"), project: project)
        }
        // Nor is such a name suggested for a capitalized one.
        let capitalized = try tutor("new", "step", "EmbeddedSources", in: project.root)
        expectCleanFailure(capitalized, mentions: ["'EmbeddedSources' is not a step name"], before: before,
                           after: project.snapshot("Sources"), project: project)
        #expect(!capitalized.all.contains("did you mean"), "\(capitalized.all)")
    }

    @Test func aFolderThatIsNotThePackageIsRefused() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutor("new", "step", "inkRows", in: project.root)
        expectCleanFailure(result, mentions: [". is not the tutor package", "--package DIR"], before: [:], after: [:], project: project)
        #expect(!FileManager.default.fileExists(atPath: project.url("Sources").path))
    }
}
