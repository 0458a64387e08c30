import Foundation
import Testing

/// gzip's own compression of `data` (the system's `gzip`, an implementation independent of the reader's zlib use).
func gzipped(_ data: Data) throws -> Data {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-gzip-\(UUID().uuidString)")
    try data.write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
    process.arguments = ["-c", "-n", "-9", input.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    return compressed
}
