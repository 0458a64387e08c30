import Foundation
import TutorTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway copy of the book's chapters (so a test may edit them), served by `tutor serve` on a
/// free loopback port, as a teacher runs it: its own process, so nothing else running in the test
/// process can slow the server's threads, and Ctrl-C (SIGINT) to stop it.
final class ServedProject: @unchecked Sendable {
    let root: URL
    let port: Int
    let process: Process
    var probe: HTTPProbe { HTTPProbe(port: port) }

    /// - Parameters:
    ///   - chapters: the repository's chapter files to copy (all but 6 unless told: 6 needs the full MNIST).
    ///   - stepSources: give the project a copy of `Sources/Lessons`, as a teacher's checkout has, to edit.
    ///   - arguments: more options for `tutor serve`.
    ///   - before: run in the project's folder before the server starts (to build the book first, say).
    ///   - fileLimit: the most files the server may have open (`ulimit -n`), if less than the shell's.
    static func start(chapters: [String] = ["01-convolution.md", "02-relu.md", "03-softmax.md", "04-cross-entropy.md", "05-adam.md"],
                      longRunsAtOnce: Int = 1, stepSources: Bool = false, arguments extra: [String] = [], fileLimit: Int? = nil,
                      before: (URL) throws -> Void = { _ in }) async throws -> ServedProject {
        let root = try makeProject(chapters: chapters, stepSources: stepSources)
        try before(root)
        let process = Process()
        process.currentDirectoryURL = root
        let arguments = ["serve", "--port", "0"] + bookArguments + ["--long-runs", "\(longRunsAtOnce)"] + extra
        if let fileLimit {
            // The shell lowers its limit, then becomes tutor (same process, so `process` still stops it).
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", tutorBinary.path] + arguments
        } else {
            process.executableURL = tutorBinary
            process.arguments = arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Its first line says where it listens.
        let said: String = await withCheckedContinuation { continuation in
            Thread {
                var text = ""
                let handle = output.fileHandleForReading
                while !text.contains("\n") {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }.start()
        }
        guard let range = said.range(of: #"127\.0\.0\.1:[0-9]+/"#, options: .regularExpression),
              let port = Int(said[range].dropFirst("127.0.0.1:".count).dropLast()) else {
            process.terminate()
            throw ProbeError("tutor serve did not say where it listens: \(said)")
        }
        return ServedProject(root: root, port: port, process: process)
    }

    /// A throwaway folder holding copies of `chapters` (and of `Sources/Lessons` if asked).
    static func makeProject(chapters: [String], stepSources: Bool = false) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-serve-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        for name in chapters {
            try manager.copyItem(at: repositoryRoot.appendingPathComponent("chapters/\(name)"), to: root.appendingPathComponent("chapters/\(name)"))
        }
        if stepSources {
            try manager.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
            try manager.copyItem(at: repositoryRoot.appendingPathComponent("Sources/Lessons"), to: root.appendingPathComponent("Sources/Lessons"))
        }
        return root
    }

    /// Where the book's chapters, output and data are, as `tutor serve` and `tutor build` take them.
    static var bookArguments: [String] {
        var arguments = ["--chapters", "chapters", "--out", "output", "--sample", repositoryRoot.appendingPathComponent("data/sample").path]
        if let mnist = ProcessInfo.processInfo.environment["TUTOR_DATA"], !mnist.isEmpty {
            arguments += ["--data", URL(fileURLWithPath: mnist, relativeTo: repositoryRoot).standardizedFileURL.path]
        }
        return arguments
    }

    /// Runs `tutor ARGUMENTS` in `folder` to its end (killed after `timeout` s): its status and what it wrote to stderr.
    static func runTutor(_ arguments: [String], in folder: URL, timeout: Double = 120) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = tutorBinary
        process.currentDirectoryURL = folder
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    private init(root: URL, port: Int, process: Process) {
        self.root = root
        self.port = port
        self.process = process
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// The server's resident memory, in bytes (`VmRSS` in /proc).
    var residentBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Files the server has open.
    var openFiles: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? 0
    }

    /// Stops the server as Ctrl-C does and waits for it (SIGKILL after 20 s); keeps the folder.
    /// - Returns: its exit status, and whether a signal ended it.
    @discardableResult
    func stopKeepingFiles() -> (status: Int32, killed: Bool) {
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Stops the server and removes the folder.
    func stop() {
        stopKeepingFiles()
        try? FileManager.default.removeItem(at: root)
    }
}

extension HTTPProbe {
    /// GET, for a task group of readers (every call already runs off the cooperative threads).
    func getConcurrently(_ path: String, timeout: Double = 120) async throws -> Answer {
        try await get(path, timeout: timeout)
    }
}
