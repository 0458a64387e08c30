import Foundation
import TutorTestSupport
import Testing

/// What a finished `tutor` process left: its exit status and its two streams.
struct Finished {
    var status: Int32
    /// True when a signal ended the process (a crash, or a kill): `status` is then the signal.
    var killedBySignal = false
    var stdout: String
    var stderr: String
    /// Both streams, for messages that may go to either.
    var all: String { stdout + stderr }
}

/// A started `tutor` process, for tests that interrupt it.
struct Running {
    let process: Process
    let stdout: URL
    let stderr: URL

    func interrupt() { kill(process.processIdentifier, SIGINT) }

    func wait(timeout: Double = 120) -> Finished {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        // SIGKILL: the test runner blocks SIGTERM, and its children inherit that.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        defer { [stdout, stderr].forEach { try? FileManager.default.removeItem(at: $0) } }
        return Finished(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                        stdout: read(stdout), stderr: read(stderr))
    }
}

/// Starts `tutor arguments...` in `directory`, standard input empty (not a terminal).
func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Running {
    try start(tutorBinary, arguments, in: directory, environment: environment)
}

/// Runs a shell script to the end, in `directory`, as `tutor` would be run (its path is `$TUTOR`).
func shell(_ script: String, in directory: URL, timeout: Double = 60) throws -> Finished {
    try start(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: directory,
              environment: ["TUTOR": tutorBinary.path]).wait(timeout: timeout)
}

private func start(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> Running {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-out-\(UUID().uuidString)")
    let err = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-err-\(UUID().uuidString)")
    try Data().write(to: out)
    try Data().write(to: err)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return Running(process: process, stdout: out, stderr: err)
}

/// Runs `tutor arguments...` to the end.
@discardableResult
func tutor(_ arguments: String..., in directory: URL, environment: [String: String] = [:], timeout: Double = 300) throws -> Finished {
    try start(arguments, in: directory, environment: environment).wait(timeout: timeout)
}

/// The same, with the arguments as an array.
@discardableResult
func tutor(_ arguments: [String], in directory: URL, environment: [String: String] = [:], timeout: Double = 300) throws -> Finished {
    try start(arguments, in: directory, environment: environment).wait(timeout: timeout)
}

/// The full MNIST from `TUTOR_DATA`; a test that needs it fails, rather than passing, without it.
func mnistDirectory() throws -> String {
    guard let path = ProcessInfo.processInfo.environment["TUTOR_DATA"], !path.isEmpty else {
        throw MissingData()
    }
    return URL(fileURLWithPath: path, relativeTo: repositoryRoot).standardizedFileURL.path
}

struct MissingData: Error, CustomStringConvertible {
    var description: String { "set TUTOR_DATA to a folder holding the four MNIST files (CI uses ../shared/mnist)" }
}
