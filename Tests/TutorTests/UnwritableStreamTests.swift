import Foundation
import TutorTestSupport
import Testing

/// Standard output or standard error that cannot be written: closed (`>&-`), a full disk
/// (`/dev/full`), a pipe whose reader has gone. Each ends the command with a failing status and,
/// where the other stream works, a message on it; never a signal, never a half-written book.
@Suite struct UnwritableStreamTests {
    /// Runs `tutor arguments...` through `/bin/sh` with `redirections` (`>&-`, `>/dev/full`), since
    /// Process cannot close a descriptor; `exec` makes the shell's process tutor's, so a signal
    /// that kills tutor shows in the status.
    private func tutorThroughShell(_ arguments: [String], _ redirections: String, in directory: URL,
                                   environment: [String: String] = [:]) throws -> Finished {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" \(redirections)", tutorBinary.path] + arguments
        return try finish(process, in: directory, environment: environment, standardOutput: nil)
    }

    /// Runs `tutor arguments...` with standard output a pipe whose read end is closed before tutor
    /// starts, so its first write meets a reader that has gone, every time (`| head -1` only
    /// sometimes does, depending on who is faster).
    private func tutorIntoClosedPipe(_ arguments: [String], in directory: URL) throws -> Finished {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        let process = Process()
        process.executableURL = tutorBinary
        process.arguments = arguments
        return try finish(process, in: directory, environment: [:],
                          standardOutput: FileHandle(fileDescriptor: ends[1], closeOnDealloc: true))
    }

    /// Starts `process` in `directory` with empty input, NO_COLOR, the given standard output (or a
    /// file), standard error to a file, and waits for it.
    private func finish(_ process: Process, in directory: URL, environment: [String: String],
                        standardOutput: FileHandle?) throws -> Finished {
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let files = (0..<2).map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("tutor-stream-\(UUID().uuidString)") }
        defer { files.forEach { try? FileManager.default.removeItem(at: $0) } }
        for file in files { try Data().write(to: file) }
        process.standardOutput = try standardOutput ?? FileHandle(forWritingTo: files[0])
        process.standardError = try FileHandle(forWritingTo: files[1])
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        return Finished(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                        stdout: read(files[0]), stderr: read(files[1]))
    }

    /// Every HTML page of the project's book is whole.
    private func expectSoundBook(_ project: Project, pages: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let html = project.snapshot().filter { $0.key.hasSuffix(".html") }
        #expect(html.count == pages, "\(html.keys.sorted())", sourceLocation: sourceLocation)
        for (name, data) in html {
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasPrefix("<!DOCTYPE html>") && text.hasSuffix("</html>\n"), "\(name) is not a whole page", sourceLocation: sourceLocation)
            #expect(!text.contains("built "), "\(name) holds what was meant for the terminal", sourceLocation: sourceLocation)
        }
    }

    @Test func listWithStandardOutputClosedFailsWithAMessageOnStandardError() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["list"], ">&-", in: project.root)
        expectCleanFailure(result, mentions: ["cannot write to standard output: Bad file descriptor"],
                           before: [:], after: project.snapshot(), project: project)
    }

    @Test func listToAFullDiskFails() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["list"], ">/dev/full", in: project.root)
        expectCleanFailure(result, mentions: ["cannot write to standard output: No space left on device"],
                           before: [:], after: project.snapshot(), project: project)
    }

    @Test func helpToAFullDiskFails() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["build", "--help"], ">/dev/full", in: project.root)
        expectCleanFailure(result, mentions: ["cannot write to standard output"], before: [:], after: project.snapshot(), project: project)
    }

    @Test func aUsageErrorWithStandardErrorClosedStillFailsWithoutACrash() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["run", "1", "--step", "0"], "2>&-", in: project.root)
        expectCleanFailure(result, mentions: ["cannot write to standard error"], before: [:], after: project.snapshot(), project: project)
    }

    @Test func buildToAFullDiskFailsAfterWritingAWholeBook() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["build"], ">/dev/full", in: project.root)
        #expect(result.status == 1 && !result.killedBySignal, "\(result.all)")
        #expect(result.stderr.contains("tutor: error: cannot write to standard output: No space left on device; "
                                       + "before that, tutor wrote the book in output (2 chapters)"), "\(result.stderr)")
        expectSoundBook(project, pages: 3)
        #expect(project.halfWrittenFiles().isEmpty)
    }

    @Test func aNewStepWhoseMessageCannotBeWrittenIsStillSaidToBeCreated() throws {
        // The file is written before the message: the error must not read as if nothing happened,
        // or the user tries again and is told the name is taken.
        let project = try Project()
        defer { project.remove() }
        try project.write("// swift-tools-version:6.0\n", to: "Package.swift")
        try project.write("import Book\n\npublic enum Lessons {}\n", to: "Sources/Lessons/Lessons.swift")
        let result = try tutorThroughShell(["new", "step", "inkRows"], ">/dev/full", in: project.root)
        #expect(result.status == 1 && !result.killedBySignal, "\(result.all)")
        #expect(result.stderr.contains("cannot write to standard output: No space left on device; "
                                       + "before that, tutor created Sources/Lessons/Custom/InkRows.swift"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: project.url("Sources/Lessons/Custom/InkRows.swift").path))
        #expect(project.halfWrittenFiles().isEmpty)
    }

    @Test func buildWithStandardOutputClosedWritesNothingMeantForTheTerminalIntoThePages() throws {
        // A closed descriptor 1 would be given to the first file tutor opens; the summary line
        // would then land in a page.
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["build"], ">&-", in: project.root)
        #expect(result.status == 1 && !result.killedBySignal, "\(result.all)")
        #expect(result.stderr.contains("cannot write to standard output"), "\(result.stderr)")
        expectSoundBook(project, pages: 3)
    }

    @Test func aFailingBuildWithStandardErrorClosedSaysSoOnStandardOutput() throws {
        // A badly named chapter file leaves the book's contents unknown, so the build fails before writing anything.
        let project = try Project(chapters: ["01-first.md": Project.firstChapter, "2-second.md": Project.secondChapter])
        defer { project.remove() }
        let before = project.snapshot()
        let result = try tutorThroughShell(["build"], "2>&-", in: project.root)
        expectCleanFailure(result, mentions: ["tutor: error: cannot write to standard error: Bad file descriptor"],
                           before: before, after: project.snapshot(), project: project)
        #expect(result.stdout.hasPrefix("built nothing"), "\(result.stdout)")
    }

    @Test func bothStreamsClosedStillEndsWithAFailingStatusAndNoSignal() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["list"], ">&- 2>&-", in: project.root)
        expectCleanFailure(result, mentions: [], before: [:], after: project.snapshot(), project: project)
    }

    @Test func runToAFullDiskFails() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["run", "1", "--no-pause"], ">/dev/full", in: project.root)
        expectCleanFailure(result, mentions: ["cannot write to standard output: No space left on device"],
                           before: [:], after: project.snapshot(), project: project)
    }

    @Test func runIntoAPipeNobodyReadsEndsQuietlyWithAFailingStatus() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorIntoClosedPipe(["run", "1", "--no-pause"], in: project.root)
        expectCleanFailure(result, mentions: [], before: [:], after: project.snapshot(), project: project)
        #expect(result.stderr.isEmpty, "a reader that left on purpose needs no message: \(result.stderr)")
    }

    @Test func listIntoAPipeNobodyReadsEndsQuietlyWithAFailingStatus() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorIntoClosedPipe(["list"], in: project.root)
        expectCleanFailure(result, mentions: [], before: [:], after: project.snapshot(), project: project)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func runPipedIntoHeadIsNeverKilledBySIGPIPE() throws {
        // The everyday case: whether tutor finishes writing before head leaves is a race, so
        // either status is right, but a signal never is.
        let project = try Project()
        defer { project.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "\"$0\" run 1 --no-pause | head -1 >/dev/null; echo \"tutor ${PIPESTATUS[0]}\" >&2", tutorBinary.path]
        let result = try finish(process, in: project.root, environment: [:], standardOutput: nil)
        #expect(result.stderr == "tutor 0\n" || result.stderr == "tutor 1\n", "\(result.stderr)")
    }

    @Test func runWithStandardInputClosedRunsStraightThrough() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["run", "2"], "<&-", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stdout.contains("chapter2: Second"), "\(result.stdout)")
    }

    @Test func trainJSONToAFullDiskFails() throws {
        let mnist = try mnistDirectory()
        let project = try Project()
        defer { project.remove() }
        let result = try tutorThroughShell(["train", "--data", mnist, "--epochs", "1", "--validation-split", "0.9", "--json"], ">/dev/full",
                                           in: project.root)
        expectCleanFailure(result, mentions: ["cannot write to standard output: No space left on device"],
                           before: [:], after: project.snapshot(), project: project)
    }

    @Test func trainToAFullDiskStopsAtTheFirstLineOfTheLog() throws {
        let mnist = try mnistDirectory()
        let project = try Project()
        defer { project.remove() }
        let started = Date()
        // Ten epochs that would take a minute; the log's first line fails after the first.
        let result = try tutorThroughShell(["train", "--data", mnist, "--epochs", "10", "--validation-split", "0.9"], ">/dev/full",
                                           in: project.root)
        expectCleanFailure(result, mentions: ["cannot write to standard output: No space left on device"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(Date().timeIntervalSince(started) < 30, "kept training with nobody to read the log")
    }
}
