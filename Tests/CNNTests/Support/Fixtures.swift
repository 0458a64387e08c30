import CNN
import Foundation
import Testing

/// The repository's root, found from this file's path (Tests/CNNTests/Support/Fixtures.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The book's 500-digit sample, shipped in the repository.
let sampleDirectory = repositoryRoot.appendingPathComponent("data/sample")

/// A test that needs the real MNIST files and cannot find them fails with this.
struct MissingMNIST: Error, CustomStringConvertible {
    var description: String
}

/// The MNIST directory named by TUTOR_DATA (relative paths from the current directory), with all
/// four files in it; otherwise an error saying what to set.
func mnistDirectory() throws -> URL {
    guard let variable = ProcessInfo.processInfo.environment[DataLocation.environmentVariable], !variable.isEmpty else {
        throw MissingMNIST(description: "this test needs the MNIST files: set TUTOR_DATA to their directory "
                           + "(e.g. TUTOR_DATA=../shared/mnist swift test), or run `tutor data` to fetch them")
    }
    let directory = DataLocation.resolve(option: nil)
    let missing = MNISTFile.allCases.filter { $0.locate(in: directory) == nil }
    guard missing.isEmpty else {
        throw MissingMNIST(description: "TUTOR_DATA=\(variable) (\(directory.path)) lacks "
                           + missing.map(\.compressedName).joined(separator: ", "))
    }
    return directory
}

/// A scratch directory for one test, removed when `body` returns.
@discardableResult
func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cnn-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The bytes of an IDX file: big-endian magic and dimensions, then the values.
func idxFile(magic: UInt32, dimensions: [Int], values: [UInt8]) -> [UInt8] {
    func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
    return bigEndian(magic) + dimensions.flatMap { bigEndian(UInt32($0)) } + values
}

/// Release builds only: the full MNIST runs take seconds there and minutes in a debug build.
#if DEBUG
let releaseBuildsOnly = ConditionTrait.disabled("full MNIST training runs in release builds: swift test -c release")
#else
let releaseBuildsOnly = ConditionTrait.enabled(if: true)
#endif
