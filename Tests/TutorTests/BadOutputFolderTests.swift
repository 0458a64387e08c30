import Foundation
import Testing

/// Output folders a book must not be written to, refused before any cell runs, by `build` and by
/// `run` (which keeps its cache in OUT/.cache), with one message and nothing written anywhere.
@Suite struct BadOutputFolderTests {
    /// A project whose only chapter cannot be loaded: if the output-folder check ever let a
    /// dangerous folder through, the build would still stop before writing (`--out /`).
    private static let unloadable = ["01-empty.md": ""]

    /// Runs `arguments` in a fresh project prepared by `setUp`, and expects it refused quickly,
    /// mentioning `fragments`, with the whole project (not only `output/`) left as it was.
    private func expectRefused(_ arguments: [String], mentioning fragments: [String],
                               chapters: [String: String]? = nil, environment: [String: String] = [:],
                               setUp: (Project) throws -> Void = { _ in },
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let project = try chapters.map { try Project(chapters: $0) } ?? Project()
        defer { project.remove() }
        try setUp(project)
        let before = files(project)
        let started = Date()
        let result = try tutor(arguments, in: project.root, environment: environment)
        expectCleanFailure(result, mentions: fragments, before: before, after: files(project), project: project,
                           sourceLocation: sourceLocation)
        #expect(Date().timeIntervalSince(started) < 10, "refused only after working", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: project.url("output").path), "output/ was made", sourceLocation: sourceLocation)
    }

    private func tutor(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> Finished {
        try start(arguments, in: directory, environment: environment).wait()
    }

    /// The project's regular files and their bytes (`Project.snapshot` would block reading a FIFO).
    private func files(_ project: Project) -> [String: Data] {
        var files: [String: Data] = [:]
        for relative in (try? FileManager.default.subpathsOfDirectory(atPath: project.root.path)) ?? [] {
            let url = project.url(relative)
            var info = stat()
            if lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { files[relative] = try? Data(contentsOf: url) }
        }
        return files
    }

    @Test func anEmptyOutputPathIsRefusedRatherThanWritingIntoTheCurrentFolder() throws {
        try expectRefused(["build", "--out", ""], mentioning: ["--out ''", "empty"])
    }

    @Test func theChaptersFolderIsRefused() throws {
        try expectRefused(["build", "--out", "chapters"], mentioning: ["--out chapters: error:", "is the chapters folder"])
    }

    @Test func aFolderInsideTheChaptersIsRefused() throws {
        try expectRefused(["build", "--out", "chapters/book"], mentioning: ["is inside the chapters folder"])
    }

    @Test func theFolderHoldingTheChaptersIsRefused() throws {
        try expectRefused(["build", "--out", "."], mentioning: ["--out .", "contains the chapters folder"])
    }

    @Test func theRootOfTheFileSystemIsRefused() throws {
        try expectRefused(["build", "--out", "/"], mentioning: ["--out /", "root of the file system"], chapters: Self.unloadable)
    }

    @Test func theSampleDigitsFolderIsRefused() throws {
        try expectRefused(["build", "--out", "data/sample"], mentioning: ["is the sample digits folder"])
    }

    @Test func aFolderHoldingTheSampleDigitsIsRefusedEvenThroughALink() throws {
        // data/sample is a link to the repository's; data/ still holds it.
        try expectRefused(["build", "--out", "data"], mentioning: ["contains the sample digits folder"])
    }

    @Test func theHomeFolderIsRefused() throws {
        let project = try Project(chapters: Self.unloadable)
        defer { project.remove() }
        try project.write("", to: "home/.profile")
        let before = files(project)
        let result = try tutor(["build", "--out", "home"], in: project.root, environment: ["HOME": project.url("home").path])
        expectCleanFailure(result, mentions: ["--out home", "is the home folder"], before: before, after: files(project), project: project)
    }

    @Test func aFolderNoFileCanBeMadeInIsRefusedEvenAsRoot() throws {
        // sysfs takes no new file from anyone, root included.
        try expectRefused(["build", "--out", "/sys/kernel"], mentioning: ["--out /sys/kernel", "cannot be written"],
                          chapters: Self.unloadable)
    }

    @Test func aFolderHoldingSomeoneElsesFilesIsRefused() throws {
        try expectRefused(["build", "--out", "src"], mentioning: ["already holds files that are not a book's", "main.swift"],
                          setUp: { try $0.write("print(1)", to: "src/main.swift") })
    }

    @Test func aFileIsRefusedBeforeAnyCellRuns() throws {
        try expectRefused(["build", "--out", "notes.txt"], mentioning: ["--out notes.txt", "is a file, not a folder"],
                          setUp: { try $0.write("my notes", to: "notes.txt") })
    }

    @Test func aFolderUnderAFileIsRefused() throws {
        try expectRefused(["build", "--out", "notes.txt/book"], mentioning: ["notes.txt is a file, not a folder"],
                          setUp: { try $0.write("my notes", to: "notes.txt") })
    }

    @Test func aNamedPipeIsRefusedWithoutBlockingOnIt() throws {
        try expectRefused(["build", "--out", "pipe"], mentioning: ["is a named pipe (FIFO), not a folder"],
                          setUp: { #expect(mkfifo($0.url("pipe").path, 0o644) == 0) })
    }

    @Test func aDanglingLinkIsRefused() throws {
        try expectRefused(["build", "--out", "book"], mentioning: ["is a symbolic link to", "which does not exist"],
                          setUp: { try FileManager.default.createSymbolicLink(atPath: $0.url("book").path, withDestinationPath: "gone") })
    }

    @Test func aLinkToTheChaptersIsTheChaptersFolder() throws {
        try expectRefused(["build", "--out", "book"], mentioning: ["is the chapters folder"],
                          setUp: { try FileManager.default.createSymbolicLink(atPath: $0.url("book").path, withDestinationPath: "chapters") })
    }

    @Test func runRefusesAnEmptyOutputPathToo() throws {
        try expectRefused(["run", "1", "--out", ""], mentioning: ["--out ''", "empty"])
    }

    @Test func runRefusesTheChaptersFolderForItsCache() throws {
        try expectRefused(["run", "1", "--out", "chapters"], mentioning: ["is the chapters folder"])
    }

    @Test func runRefusesAFileForItsCache() throws {
        try expectRefused(["run", "1", "--out", "notes.txt"], mentioning: ["is a file, not a folder"],
                          setUp: { try $0.write("my notes", to: "notes.txt") })
    }

    @Test func runMakesNoFolderWhenTheOutputFolderIsMissing() throws {
        let project = try Project()
        defer { project.remove() }
        try FileManager.default.createDirectory(at: project.url("elsewhere"), withIntermediateDirectories: true)
        let here = try tutor(["run", "1", "--no-pause"], in: project.root, environment: [:])
        let there = try tutor(["run", "2", "--no-pause", "--chapters", "../chapters"], in: project.url("elsewhere"), environment: [:])
        #expect(here.status == 0 && there.status == 0, "\(here.all)\n\(there.all)")
        let made = files(project).keys.filter { !$0.hasPrefix("chapters/") && !$0.hasPrefix("data/") }
        #expect(made.isEmpty, "\(made.sorted())")
        #expect(!FileManager.default.fileExists(atPath: project.url("output").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.url("elsewhere").path).isEmpty)
    }

    @Test func runUsesTheCacheOfTheBooksOutputFolderWhenItExists() throws {
        let project = try Project()
        defer { project.remove() }
        #expect(try tutor(["build"], in: project.root, environment: [:]).status == 0)
        let cache = project.snapshot("output/.cache")
        try FileManager.default.createDirectory(at: project.url("elsewhere"), withIntermediateDirectories: true)
        let result = try tutor(["run", "1", "--no-pause", "--chapters", "../chapters"], in: project.url("elsewhere"), environment: [:])
        #expect(result.status == 0, "\(result.all)")
        #expect(project.snapshot("output/.cache") == cache, "every cell came from the book's cache; nothing new was stored")
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.url("elsewhere").path).isEmpty)
    }
}
