import Foundation
import TutorTestSupport
import Testing

/// `tutor build` with a damaged or crowded cell cache (`output/.cache`): a cache folder that is
/// not a folder is an error that says where; leftovers, damaged entries and entries no chapter
/// uses any more are cleaned up by the next build, never followed out of the cache.
@Suite struct BadCacheTests {
    /// The entry files of the project's cache, by name.
    private func entries(_ project: Project) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: project.url("output/.cache/cells").path)) ?? []
        return names.filter { $0.hasSuffix(".cell") }.sorted()
    }

    /// True when `url` is a regular file that starts like an entry (`tutor-cell-cache <format> <sha256>`
    /// and a payload). That its checksum is right shows in the next build, which serves it from the cache.
    private func isSoundEntry(_ url: URL) -> Bool {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let data = try? Data(contentsOf: url), let newline = data.firstIndex(of: UInt8(ascii: "\n")) else { return false }
        let header = String(decoding: data[..<newline], as: UTF8.self).split(separator: " ")
        return header.count == 3 && header[0] == "tutor-cell-cache" && data.count > newline + 1
    }

    /// Pages and images of the built book (not the cache), to compare two builds.
    private func book(_ project: Project) -> [String: Data] {
        project.snapshot().filter { !$0.key.hasPrefix(".cache") }
    }

    private func expectBuilt(_ result: Finished, run: Int, cached: Int, _ project: Project,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0 && !result.killedBySignal, "\(result.all)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains("\(run) \(run == 1 ? "cell" : "cells") run, \(cached) cached"), "\(result.all)",
                sourceLocation: sourceLocation)
        #expect(project.halfWrittenFiles().isEmpty, "\(project.halfWrittenFiles())", sourceLocation: sourceLocation)
        for crashSign in ["Fatal error", "NSCocoaErrorDomain"] {
            #expect(!result.all.contains(crashSign), "\(result.all)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [".cache", ".cache/cells", ".cache/state", ".cache/pages"])
    func aCacheFolderThatIsAFileFailsTheBuildAndSaysWhich(_ path: String) throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("I am not a folder", to: "output/" + path)
        let before = project.snapshot()
        let result = try tutor("build", in: project.root)
        expectCleanFailure(result, mentions: ["output/\(path): error: the cell cache needs a folder here, but this is a file",
                                              "remove it"],
                           before: before, after: project.snapshot(), project: project)
    }

    /// A folder where the cache keeps a record file would lose the record at every build, in silence.
    @Test(arguments: [".cache/contents.json", ".cache/copied.json"])
    func aCacheRecordThatIsAFolderFailsTheBuildAndSaysWhich(_ path: String) throws {
        let project = try Project()
        defer { project.remove() }
        try FileManager.default.createDirectory(at: project.url("output/" + path), withIntermediateDirectories: true)
        let before = project.snapshot()
        let result = try tutor("build", in: project.root)
        expectCleanFailure(result, mentions: ["output/\(path): error: the cell cache keeps a record in a file here, but this is a folder",
                                              "remove it"],
                           before: before, after: project.snapshot(), project: project)
    }

    /// A cache folder that cannot be written would drop every result in silence: refused up front.
    @Test func aCacheFolderThatCannotBeWrittenFailsTheBuildBeforeRunning() throws {
        let project = try Project()
        defer { project.remove() }
        let cells = project.url("output/.cache/cells")
        try FileManager.default.createDirectory(at: cells, withIntermediateDirectories: true)
        guard UnwritableFolder.make(cells) else {
            Issue.record("cannot make a folder unwritable here (root without chattr?): not tested")
            return
        }
        defer { UnwritableFolder.undo(cells) }
        let before = project.snapshot()
        let result = try tutor("build", in: project.root)
        expectCleanFailure(result, mentions: ["output/.cache/cells: error: the cell cache cannot write in this folder"],
                           before: before, after: project.snapshot(), project: project)
        #expect(result.all.contains("built nothing: nothing was run or written"), "\(result.all)")
    }

    /// `tutor run` presents a chapter whatever its cache, but says when its results cannot be
    /// saved: in a cache folder that cannot be written, or in an output folder where no cache
    /// can be made.
    @Test(arguments: [("output/.cache/cells", true), ("output", false)])
    func runSaysWhenItsResultsCannotBeSaved(folder: String, built: Bool) throws {
        let project = try Project()
        defer { project.remove() }
        if built {
            #expect(try tutor("build", in: project.root).status == 0)
        } else {
            try FileManager.default.createDirectory(at: project.url(folder), withIntermediateDirectories: true)
        }
        guard UnwritableFolder.make(project.url(folder)) else {
            Issue.record("cannot make a folder unwritable here (root without chattr?): not tested")
            return
        }
        defer { UnwritableFolder.undo(project.url(folder)) }
        let run = try tutor("run", "1", "--no-pause", in: project.root)
        #expect(run.status == 0 && run.stdout.contains("First"), "\(run.all)")
        #expect(run.stderr.contains("\(folder): warning: the cell cache cannot \(built ? "write" : "be made") in this folder")
                && run.stderr.contains("its new results are not saved"), "\(run.all)")
    }

    @Test func aCacheThatLinksElsewhereFailsTheBuildAndLeavesTheTargetAlone() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("keep me", to: "elsewhere/notes.txt")
        try project.write(Data(), to: "elsewhere/\(String(repeating: "a", count: 64)).cell")
        try FileManager.default.createDirectory(at: project.url("output"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: project.url("output/.cache"), withDestinationURL: project.url("elsewhere"))
        let before = project.snapshot("elsewhere")
        let result = try tutor("build", in: project.root)
        expectCleanFailure(result, mentions: ["output/.cache: error:", "this is a symbolic link"],
                           before: before, after: project.snapshot("elsewhere"), project: project)
        #expect(!FileManager.default.fileExists(atPath: project.url("output/index.html").path))
    }

    @Test func leftoversOfAKilledBuildAreRemovedByTheNextBuild() throws {
        let project = try Project()
        defer { project.remove() }
        expectBuilt(try tutor("build", in: project.root), run: 3, cached: 0, project)
        let entry = try #require(entries(project).first)
        for leftover in [".cache/.\(entry).1A2B.partial", ".cache/cells/.\(entry).3C4D.partial", ".cache/state/.0123.5E6F.partial",
                         ".cache/pages/.\(entry).7A8B.partial"] {
            try project.write("half", to: "output/" + leftover)
        }
        #expect(project.halfWrittenFiles().count == 4)
        expectBuilt(try tutor("build", in: project.root), run: 0, cached: 3, project)
    }

    @Test func damagedEntriesAreRecomputedAndRepairedWithoutFollowingLinks() throws {
        let project = try Project()
        defer { project.remove() }
        expectBuilt(try tutor("build", in: project.root), run: 3, cached: 0, project)
        let firstBook = book(project)
        let passwd = try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd"))
        let names = entries(project)
        try #require(names.count == 3)
        let cells = project.url("output/.cache/cells")
        // Truncated mid-header, a wrong checksum, a folder, a link to a system file.
        let truncated = try Data(contentsOf: cells.appendingPathComponent(names[0])).prefix(20)
        try truncated.write(to: cells.appendingPathComponent(names[0]))
        var flipped = try Data(contentsOf: cells.appendingPathComponent(names[1]))
        flipped[flipped.count - 2] ^= 0x20
        try flipped.write(to: cells.appendingPathComponent(names[1]))
        try FileManager.default.removeItem(at: cells.appendingPathComponent(names[2]))
        try FileManager.default.createDirectory(at: cells.appendingPathComponent(names[2]), withIntermediateDirectories: true)
        // Without their drawn pages, so the chapters are drawn again from the cell entries.
        try FileManager.default.removeItem(at: project.url("output/.cache/pages"))
        expectBuilt(try tutor("build", in: project.root), run: 3, cached: 0, project)
        for name in names { #expect(isSoundEntry(cells.appendingPathComponent(name)), "\(name) was not repaired") }
        #expect(book(project) == firstBook, "the recomputed book is the same book")

        try FileManager.default.removeItem(at: cells.appendingPathComponent(names[0]))
        try FileManager.default.createSymbolicLink(at: cells.appendingPathComponent(names[0]), withDestinationURL: URL(fileURLWithPath: "/etc/passwd"))
        try FileManager.default.removeItem(at: project.url("output/.cache/pages"))
        expectBuilt(try tutor("build", in: project.root), run: 1, cached: 2, project)
        #expect(isSoundEntry(cells.appendingPathComponent(names[0])), "the link was replaced by an entry")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd")) == passwd)
        expectBuilt(try tutor("build", in: project.root), run: 0, cached: 3, project)
    }

    @Test func damagedStateIsRecomputedAndRepaired() throws {
        // trainSample leaves a model in the chapter's state, saved once under state/.
        let chapter = "# First\n\n```swift step=trainSample epochs=1\n```\n\n```swift step=kernels\n```\n"
        let project = try Project(chapters: ["01-first.md": chapter])
        defer { project.remove() }
        expectBuilt(try tutor("build", in: project.root), run: 2, cached: 0, project)
        let states = project.url("output/.cache/state")
        let values = try FileManager.default.contentsOfDirectory(atPath: states.path)
        try #require(!values.isEmpty)
        for value in values { try Data("garbage".utf8).write(to: states.appendingPathComponent(value)) }
        // The entries are sound, so nothing reruns until a new cell needs the state they left.
        expectBuilt(try tutor("build", in: project.root), run: 0, cached: 2, project)
        try project.write(chapter + "\n```swift step=lossCurve points=17\n```\n", to: "chapters/01-first.md")
        // The new cell runs; the damaged state is rebuilt by running the cells before it again.
        expectBuilt(try tutor("build", in: project.root), run: 1, cached: 2, project)
        for value in try FileManager.default.contentsOfDirectory(atPath: states.path) {
            #expect(try sha256(of: states.appendingPathComponent(value)) == value, "\(value) was not repaired")
        }
        expectBuilt(try tutor("build", in: project.root), run: 0, cached: 3, project)
    }

    /// SHA-256 by the system's `sha256sum`, independent of the code under test.
    private func sha256(of url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(output.prefix(64))
    }

    @Test func aFullBuildPrunesEntriesNoChapterUsesAndOnlyThose() throws {
        let project = try Project()
        defer { project.remove() }
        expectBuilt(try tutor("build", in: project.root), run: 3, cached: 0, project)
        let first = entries(project)
        try project.write("a teacher's note", to: "output/.cache/cells/notes.txt")
        try project.write("keep me", to: "outside.txt")
        let link = "output/.cache/cells/\(String(repeating: "b", count: 64)).cell"
        try FileManager.default.createSymbolicLink(at: project.url(link), withDestinationURL: project.url("outside.txt"))

        try project.write(Project.secondChapter.replacingOccurrences(of: "points=20", with: "points=30"), to: "chapters/02-second.md")
        expectBuilt(try tutor("build", in: project.root), run: 1, cached: 2, project)
        let second = entries(project)
        #expect(second.count == 3, "\(second)")
        #expect(Set(first).intersection(second).count == 2, "the old chapter 2 entry is pruned")
        #expect(FileManager.default.fileExists(atPath: project.url("output/.cache/cells/notes.txt").path))
        #expect(!FileManager.default.fileExists(atPath: project.url(link).path), "a stray link is removed")
        #expect(try String(contentsOf: project.url("outside.txt"), encoding: .utf8) == "keep me")
        // State values no entry names are pruned too: each left is named by an entry.
        let states = try FileManager.default.contentsOfDirectory(atPath: project.url("output/.cache/state").path)
        let entryText = try second.map { try String(contentsOf: project.url("output/.cache/cells/" + $0), encoding: .utf8) }.joined()
        for state in states { #expect(entryText.contains(state), "\(state) is named by no entry") }
    }

    @Test func aBuildWithAFailedChapterPrunesNothing() throws {
        let project = try Project()
        defer { project.remove() }
        expectBuilt(try tutor("build", in: project.root), run: 3, cached: 0, project)
        let first = entries(project)
        try project.write("# Second\n\n```swift step=lossCurv points=20\n```\n", to: "chapters/02-second.md")
        let result = try tutor("build", in: project.root)
        #expect(result.status == 1, "\(result.all)")
        #expect(result.all.contains("02-second.md:3:"), "\(result.all)")
        #expect(entries(project) == first, "chapter 2's entry is kept while the chapter is broken")
        try project.write(Project.secondChapter, to: "chapters/02-second.md")
        expectBuilt(try tutor("build", in: project.root), run: 0, cached: 3, project)
    }

    /// SIGTERM, Ctrl-C, Ctrl-\ (SIGQUIT) and a closed terminal (SIGHUP) stop a build at once, by
    /// that signal, with nothing half-written, and never with a "Program crashed" report from
    /// Swift's runtime (which, on a terminal, would then wait 30 s for a key).
    @Test(arguments: [SIGTERM, SIGINT, SIGQUIT, SIGHUP])
    func aBuildStoppedByASignalLeavesNoHalfWrittenFilesAndTheNextBuildCompletesIt(signal: Int32) throws {
        // Many quick cells, so the signal lands while the cache is being written.
        let cells = (1...40).map { "```swift step=lossCurve points=\($0 + 10)\n```\n" }.joined(separator: "\n")
        let project = try Project(chapters: ["01-many.md": "# Many\n\n" + cells])
        defer { project.remove() }
        let running = try start(["build", "--no-cache"], in: project.root)
        let deadline = Date().addingTimeInterval(60)
        while entries(project).count < 3 && running.process.isRunning && Date() < deadline { usleep(1_000) }
        kill(running.process.processIdentifier, signal)
        let stopped = running.wait(timeout: 60)
        if entries(project).count < 40 {
            // It was stopped mid-build (rather than finishing first): by the signal, not by the
            // test's fallback SIGKILL, and with nothing half-written.
            #expect(stopped.killedBySignal && stopped.status == signal, "status \(stopped.status): \(stopped.all)")
            // Not in silence: it says what is left of the book.
            #expect(stopped.stderr.contains("tutor: stopped. Each page in output is whole"), "\(stopped.stderr)")
        }
        #expect(!stopped.all.contains("crashed"), "\(stopped.all)")
        #expect(project.halfWrittenFiles().isEmpty, "\(project.halfWrittenFiles())")
        let done = try tutor("build", in: project.root)
        #expect(done.status == 0, "\(done.all)")
        #expect(entries(project).count == 40)
        #expect(project.halfWrittenFiles().isEmpty)
    }
}
