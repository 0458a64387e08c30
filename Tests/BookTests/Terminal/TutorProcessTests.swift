import Foundation
import Testing

/// The `tutor` executable itself, run as a teacher would, on chapters that need no step (the
/// real steps live in Lessons, which these tests do not link). Skipped when the binary has not
/// been built next to the tests (`swift test` builds it).
@Suite(.enabled(if: TutorProcess.binary != nil, "the tutor binary is not built next to the tests"))
struct TutorProcessTests {
    @Test func buildsABookAndExitsZero() throws {
        let scratch = try ScratchDirectory()
        let result = try TutorProcess.run(["build", "--chapters", Fixtures.url("cli/good").path, "--out", scratch.url.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("built 1 chapter, 0 cells run, 0 cached, in "))
        let page = try String(contentsOf: scratch.url.appendingPathComponent("01-prose.html"), encoding: .utf8)
        #expect(page.contains("<math><mrow><mi>E</mi><mo>=</mo>"))
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("index.html").path))
    }

    @Test func checkReportsAnUnknownStepAtItsPlaceAndFails() throws {
        let result = try TutorProcess.run(["check", "--chapters", Fixtures.url("cli/bad").path])
        #expect(result.status == 1)
        #expect(result.error.contains("/cli/bad/01-typo.md:3:15: error: unknown step 'nosuchstep'"))
    }

    @Test func runPrintsAChapterWithoutWaitingWhenInputIsNotATerminal() throws {
        let scratch = try ScratchDirectory()
        let result = try TutorProcess.run(["run", "1", "--chapters", Fixtures.url("cli/good").path, "--out", scratch.url.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("chapter1: Only prose"))
        #expect(result.output.contains("A chapter with no cells builds with any registry"))
    }

    @Test func runNamesTheChaptersThereAreForAnUnknownOne() throws {
        let result = try TutorProcess.run(["run", "chapter9", "--chapters", Fixtures.url("cli/good").path])
        #expect(result.status == 1)
        #expect(result.error.contains("error: no chapter 'chapter9'; the chapters are: 1 prose (Only prose)"))
    }

    /// A chapters folder that is not there is said once, not followed by "the chapters are: none".
    @Test func runSaysOnceThatThereIsNoChaptersFolder() throws {
        let result = try TutorProcess.run(["run", "1", "--chapters", "/nonexistent/chapters"])
        #expect(result.status == 1)
        #expect(result.error.contains("there is no chapters directory here") && !result.error.contains("no chapter '1'"), "\(result.error)")
    }
}

enum TutorProcess {
    /// `tutor` in the build directory the test bundle sits in.
    static let binary: URL? = {
        let candidate = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("tutor")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }
}
