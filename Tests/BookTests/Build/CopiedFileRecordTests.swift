@testable import Book
import Foundation
import Hashing
import Testing

/// Only what a build recorded is removed, only as a file reached through folders whose bytes are
/// still those copied, never one of the book's own; a record edited to say otherwise removes nothing.
@Suite struct CopiedFileRecordTests {
    /// A chapters folder beside them holding `figs/a.png` with `picture`'s bytes.
    private func chapters(in root: URL, picture: String) throws -> URL {
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters.appendingPathComponent("figs"), withIntermediateDirectories: true)
        try Data(picture.utf8).write(to: chapters.appendingPathComponent("figs/a.png"))
        return chapters
    }

    private func scratch() throws -> (root: URL, output: URL, elsewhere: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("copied-\(UUID().uuidString)")
        let output = root.appendingPathComponent("output"), elsewhere = root.appendingPathComponent("elsewhere")
        for folder in [output.appendingPathComponent("figs/deep"), elsewhere] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        return (root, output, elsewhere)
    }

    @Test func removesOnlyRecordedFilesWithTheirBytesThroughFolders() throws {
        let (root, output, elsewhere) = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let x = SHA256.hex(Data("x".utf8))
        for path in ["figs/deep/a.png", "figs/keep.png", "figs/edited.png", "index.html", "01-one.html"] {
            try Data("x".utf8).write(to: output.appendingPathComponent(path))
        }
        try Data("edited by hand".utf8).write(to: output.appendingPathComponent("figs/edited.png"))
        try Data("x".utf8).write(to: elsewhere.appendingPathComponent("e.png"))
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("link").path, withDestinationPath: elsewhere.path)
        let record = CopiedFileRecord(file: root.appendingPathComponent("copied.json"), output: output)
        #expect(record.load() == [:], "no record yet")
        let written: [String: String] = ["figs/deep/a.png": x, "link/e.png": x, "../elsewhere/e.png": x, "/etc/hostname": x,
                                         "figs/./keep.png": x, "index.html": x, "01-one.html": x, "IMAGES/a.pgm": x, "figs/edited.png": x]
        try JSONEncoder().encode(written).write(to: record.file)
        #expect(record.load() == ["figs/deep/a.png": x, "link/e.png": x, "figs/edited.png": x])
        record.remove(record.load(), keeping: [])
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("figs/deep").path), "a.png and its empty folder")
        for kept in ["figs/keep.png", "figs/edited.png", "index.html", "01-one.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(kept).path), "\(kept)")
        }
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("e.png").path), "removed through a link")
        // A path differing from a kept one only in case is the same file on some systems: kept.
        try Data("x".utf8).write(to: output.appendingPathComponent("figs/Keep.PNG"))
        record.remove(["figs/Keep.PNG": x], keeping: ["figs/keep.png"])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("figs/Keep.PNG").path))
        // A record that is a folder is an empty record: nothing the book cannot tell is its own is replaced.
        try FileManager.default.removeItem(at: record.file)
        try FileManager.default.createDirectory(at: record.file, withIntermediateDirectories: true)
        #expect(record.load() == [:])
    }

    /// A different file where a copy goes, that no build recorded, is someone's own: refused.
    @Test func aCopyNeverReplacesAFileTheBookDidNotWrite() throws {
        let (root, output, _) = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = try chapters(in: root, picture: "chapter's")
        try Data("mine".utf8).write(to: output.appendingPathComponent("figs/a.png"))
        let file = ChapterFiles.CopiedFile(path: "figs/a.png", file: chapters.appendingPathComponent("figs/a.png"),
                                           location: SourceLocation(path: "ch.md", line: 2, column: 1))
        do {
            try ChapterFiles.copy([file], into: output, shownAs: "output", owned: [:])
            Issue.record("replaced a file the book did not write")
        } catch {
            #expect(error.description.contains("output/figs/a.png is a file the book did not write"), "\(error)")
        }
        #expect(try Data(contentsOf: output.appendingPathComponent("figs/a.png")) == Data("mine".utf8))
        // Recorded as the book's, but changed since: refused too.
        do {
            try ChapterFiles.copy([file], into: output, shownAs: "output", owned: ["figs/a.png": SHA256.hex(Data("copied".utf8))])
            Issue.record("replaced a copy edited since")
        } catch {
            #expect(error.description.contains("output/figs/a.png was changed since the book copied it there"), "\(error)")
        }
        // A link where the copy goes: refused, never read nor followed.
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("figs/l.png").path, withDestinationPath: "a.png")
        let linked = ChapterFiles.CopiedFile(path: "figs/l.png", file: chapters.appendingPathComponent("figs/a.png"),
                                             location: SourceLocation(path: "ch.md", line: 3, column: 1))
        #expect(throws: ChapterFiles.CopyFailure.self) { try ChapterFiles.copy([linked], into: output, shownAs: "output", owned: ["figs/l.png": "x"]) }
        // Recorded as the book's and as written: replaced, and the new bytes' digest returned.
        let copied = try ChapterFiles.copy([file], into: output, shownAs: "output", owned: ["figs/a.png": SHA256.hex(Data("mine".utf8))])
        #expect(copied == ["figs/a.png": SHA256.hex(Data("chapter's".utf8))])
        #expect(try Data(contentsOf: output.appendingPathComponent("figs/a.png")) == Data("chapter's".utf8))
    }

    /// A file swapped for a link out of the chapters folder after the check is never read.
    @Test func aFileIsReadOnlyIfWhatIsOpenedIsInsideTheChaptersFolder() throws {
        let (root, _, elsewhere) = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = try chapters(in: root, picture: "inside")
        try Data("secret".utf8).write(to: elsewhere.appendingPathComponent("s.png"))
        try FileManager.default.createSymbolicLink(atPath: chapters.appendingPathComponent("figs/b.png").path,
                                                   withDestinationPath: elsewhere.appendingPathComponent("s.png").path)
        try FileManager.default.createSymbolicLink(atPath: chapters.appendingPathComponent("figs/c.png").path, withDestinationPath: "a.png")
        #expect(ChapterFiles.read(chapters.appendingPathComponent("figs/a.png"), chaptersFolder: chapters) == Data("inside".utf8))
        #expect(ChapterFiles.read(chapters.appendingPathComponent("figs/c.png"), chaptersFolder: chapters) == Data("inside".utf8))
        #expect(ChapterFiles.read(chapters.appendingPathComponent("figs/b.png"), chaptersFolder: chapters) == nil)
        #expect(ChapterFiles.read(chapters.appendingPathComponent("figs"), chaptersFolder: chapters) == nil)
    }

    /// Only tutor's own temporary files, only regular files, only in a real folder.
    @Test func leftoversAreOnlyTutorsOwnTemporaryFiles() throws {
        let (root, output, elsewhere) = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let ours = ".a.png.\(UUID().uuidString).partial", check = ".tutor-write-check-\(UUID().uuidString).partial"
        for name in [ours, check, ".backup.partial"] { try Data().write(to: output.appendingPathComponent("figs/" + name)) }
        try FileManager.default.createDirectory(at: output.appendingPathComponent("figs/.dir.\(UUID().uuidString).partial"),
                                                withIntermediateDirectories: true)
        try Data().write(to: elsewhere.appendingPathComponent(ours))
        try FileManager.default.createSymbolicLink(atPath: output.appendingPathComponent("link").path, withDestinationPath: elsewhere.path)
        AtomicFile.removeLeftovers(in: output.appendingPathComponent("figs"))
        AtomicFile.removeLeftovers(in: output.appendingPathComponent("link"))
        let left = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("figs").path).sorted()
        #expect(left.count == 3 && left.contains(".backup.partial") && left.contains("deep") && left.contains { $0.hasPrefix(".dir.") }, "\(left)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent(ours).path), "removed through a link")
    }
}
