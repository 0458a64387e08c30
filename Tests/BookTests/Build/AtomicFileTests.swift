@testable import Book
import Foundation
import Testing

@Suite struct AtomicFileTests {
    @Test func writesTheWholeFileAndLeavesNoTemporaryBehind() throws {
        let scratch = try ScratchDirectory()
        let url = scratch.url.appendingPathComponent("deep/er/page.html")
        try AtomicFile.write("<p>new</p>", to: url)
        try AtomicFile.write("<p>newer</p>", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "<p>newer</p>")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["page.html"])
    }

    @Test func aFailureSaysWhichFileAndWhyInWordsNotAnNSErrorDump() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("notes.txt", "mine")
        #expect {
            try AtomicFile.write("x", to: file.appendingPathComponent("page.html"))
        } throws: { error in
            "\(error)" == "cannot write \(file.path): Not a directory" && !"\(error)".contains("NSCocoaErrorDomain")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
    }

    @Test func aFolderInTheWayOfTheFileIsAFailureAndThePartialIsRemoved() throws {
        let scratch = try ScratchDirectory()
        let url = scratch.url.appendingPathComponent("page.html")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        #expect {
            try AtomicFile.write("x", to: url)
        } throws: { error in
            "\(error)".hasPrefix("cannot write \(url.path): ")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["page.html"])
    }
}
