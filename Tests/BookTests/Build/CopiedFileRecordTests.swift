@testable import Book
import Foundation
import Testing

/// Only what a build recorded is removed, only as a file reached through folders, and a record
/// edited to point elsewhere removes nothing.
@Suite struct CopiedFileRecordTests {
    @Test func removesOnlyRecordedFilesThroughFoldersAndNothingOutsideTheBook() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("copied-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("output"), elsewhere = root.appendingPathComponent("elsewhere")
        for folder in [output.appendingPathComponent("figs/deep"), elsewhere] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for path in ["figs/deep/a.png", "figs/keep.png"] { try Data("x".utf8).write(to: output.appendingPathComponent(path)) }
        try Data("theirs".utf8).write(to: elsewhere.appendingPathComponent("e.png"))
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("link").path, withDestinationPath: elsewhere.path)
        let record = CopiedFileRecord(file: root.appendingPathComponent("copied.json"), output: output)
        try JSONEncoder().encode(["figs/deep/a.png", "link/e.png", "../elsewhere/e.png", "/etc/hostname", "figs/./keep.png"])
            .write(to: record.file)
        #expect(record.load() == ["figs/deep/a.png", "link/e.png"])
        record.remove(record.load(), keeping: ["FIGS/KEEP.png"])
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("figs/deep").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("figs/keep.png").path))
        #expect(try Data(contentsOf: elsewhere.appendingPathComponent("e.png")) == Data("theirs".utf8), "removed through a link")
        // A path differing from a kept one only in case is the same file on some systems: kept.
        try Data("x".utf8).write(to: output.appendingPathComponent("figs/Keep.PNG"))
        record.remove(["figs/Keep.PNG"], keeping: ["figs/keep.png"])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("figs/Keep.PNG").path))
    }
}
