@testable import Book
import Foundation
import Testing

/// Files under Tests/BookTests/Fixtures, and scratch directories that clean up after themselves.
enum Fixtures {
    /// The copy of a fixture inside the test bundle.
    static func url(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(path)
    }

    /// The fixture in the source tree, for rewriting goldens (`TUTOR_UPDATE_GOLDEN=1`).
    static func sourceURL(_ path: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(path)
    }

    /// The diagnostics of parsing `markdown` as a chapter named `ch.md`, or none.
    static func parseDiagnostics(_ markdown: String) -> [Book.Diagnostic] {
        do {
            _ = try CommonMark.parse(markdown, path: "ch.md", allowRawHTML: false)
            return []
        } catch {
            return error.all
        }
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    /// Compares `actual` with a golden file; with TUTOR_UPDATE_GOLDEN=1, rewrites the golden instead.
    static func expectGolden(_ actual: String, _ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["TUTOR_UPDATE_GOLDEN"] == "1" {
            let target = sourceURL(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: target, atomically: true, encoding: .utf8)
            return
        }
        let expected = try text(path)
        #expect(actual == expected, "differs from golden \(path); rerun with TUTOR_UPDATE_GOLDEN=1 to accept", sourceLocation: sourceLocation)
    }
}

/// A temporary directory, removed when the value goes away.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` inside, creating folders, and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
