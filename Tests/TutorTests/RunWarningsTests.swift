import Foundation
import Testing

/// `tutor run` presents a chapter whatever its links, but says first, as warnings at their places,
/// what `tutor build` would refuse or warn of: a teacher rehearsing with `run` learns of it before
/// the book fails to build.
@Suite struct RunWarningsTests {
    @Test func runWarnsOfDeadLinksLeftOutAddressesAndCodeThatDiffersFromTheStep() throws {
        let chapter = """
            # Warned

            ```swift step=kernels
            // pasted, and not the step's code
            ```

            See [the next cell](#cell-2) and [a script](javascript:alert(1)).

            ```swift showDigit
            ```
            """
        let project = try Project(chapters: ["01-warned.md": chapter])
        defer { project.remove() }
        let run = try tutor("run", "1", "--no-pause", in: project.root)
        #expect(run.status == 0, "\(run.all)")
        let lines = run.stderr.split(separator: "\n").filter { $0.contains("warning:") }
        #expect(lines.contains { $0.hasPrefix("chapters/01-warned.md:4:1: warning: the code in this cell differs from step 'kernels'") }, "\(run.stderr)")
        #expect(lines.contains { $0.hasPrefix("chapters/01-warned.md:7:") && $0.contains("'#cell-2'") }, "\(run.stderr)")
        #expect(lines.contains { $0.contains("javascript:alert(1)") && $0.contains("left out of the page") }, "\(run.stderr)")
        #expect(lines.contains { $0.hasPrefix("chapters/01-warned.md:9:10: warning: this fence shows Swift code and runs nothing") }, "\(run.stderr)")
        // The chapter was presented all the same, its step's output on standard output.
        #expect(run.stdout.contains("Warned"))
        // `tutor build` refuses the dead link, as the warning said.
        let build = try tutor("build", in: project.root)
        #expect(build.status == 1 && build.stderr.contains("01-warned.md:7:") && build.stderr.contains("'#cell-2'"), "\(build.all)")
    }

    @Test func aChapterWithNothingToSayRunsWithoutWarnings() throws {
        let project = try Project(chapters: ["01-quiet.md": "# Quiet\n\n## Part\n\n```swift step=kernels\n```\n\n[up](#part)\n"])
        defer { project.remove() }
        let run = try tutor("run", "1", "--no-pause", in: project.root)
        #expect(run.status == 0 && !run.stderr.contains("warning"), "\(run.all)")
    }
}
