import Foundation

/// What the suites that run the built `tutor` binary (TutorTests, ServeTests) share.

/// The `tutor` binary built next to the test bundle (each of those test targets depends on it).
public let tutorBinary: URL = {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL.deletingLastPathComponent(),
        Bundle.main.bundleURL,
    ].map { $0.appendingPathComponent("tutor") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}()

/// The repository's root, from this file's path (Tests/TutorTestSupport/BuiltTutor.swift).
public let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
