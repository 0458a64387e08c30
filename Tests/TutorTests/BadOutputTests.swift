import Foundation
import TutorTestSupport
import Testing

/// An output folder that cannot be written, and a build interrupted halfway.
@Suite struct BadOutputTests {
    @Test func anOutputDirectoryThatCannotBeWrittenIsAnError() throws {
        let project = try Project()
        defer { project.remove() }
        // As root no permission stops a write, so put a file where the folder should be.
        try project.write("not a folder", to: "blocked")
        let before = project.snapshot(".")
        let result = try tutor("build", "--out", "blocked/book", in: project.root)
        expectCleanFailure(result, mentions: ["--out blocked/book: error:", "blocked is a file, not a folder"],
                           before: before, after: project.snapshot("."), project: project)
        #expect(try String(contentsOf: project.url("blocked"), encoding: .utf8) == "not a folder")
    }

    @Test func aBuildInterruptedWithControlCLeavesNoHalfPageAndTheNextBuildSucceeds() throws {
        let mnist = try mnistDirectory()
        let project = try Project(chapters: [:])
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.url("chapters"))
        try FileManager.default.createSymbolicLink(at: project.url("chapters"),
                                                   withDestinationURL: repositoryRoot.appendingPathComponent("chapters"))

        // Interrupt while chapter 6 trains: by then the cells of chapters 1-5 (19 of them) are cached.
        let running = try start(["build", "--data", mnist], in: project.root)
        let cells = project.url("output/.cache/cells").path
        let deadline = Date().addingTimeInterval(120)
        while running.process.isRunning && Date() < deadline
              && ((try? FileManager.default.contentsOfDirectory(atPath: cells))?.filter { $0.hasSuffix(".cell") }.count ?? 0) < 19 {
            usleep(10_000)
        }
        usleep(200_000)
        running.interrupt()
        let interrupted = running.wait()
        #expect(interrupted.status != 0, "the interrupted build must fail: \(interrupted.all)")

        for (name, data) in project.snapshot() where name.hasSuffix(".html") {
            #expect(String(decoding: data, as: UTF8.self).hasSuffix("</html>\n"), "\(name) is half-written")
        }
        let again = try tutor("build", "--data", mnist, in: project.root)
        #expect(again.status == 0, "\(again.all)")
        // The cache is sound: a third build finds every cell in it and writes the same book.
        let pages = project.snapshot()
        let cached = try tutor("build", "--data", mnist, in: project.root)
        #expect(cached.status == 0)
        #expect(cached.stdout.contains(" 0 cells run"), "\(cached.stdout)")
        #expect(project.snapshot() == pages)
    }
}
