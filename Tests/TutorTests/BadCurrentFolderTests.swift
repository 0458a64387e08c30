import Foundation
import Testing

/// tutor typed in a folder other than the book's, or with the sample digits missing: the book's
/// own files are found from its chapters folder, and what is missing is named exactly.
@Suite struct BadCurrentFolderTests {
    /// One chapter that reads the sample digits (showDigit) after one that does not.
    static let sampleChapter = """
        # Digits

        ```swift step=kernels
        ```

        ```swift step=showDigit digit=3
        ```
        """

    @Test func buildFromAnotherFolderFindsTheSampleAndWritesBesideTheChapters() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter])
        defer { project.remove() }
        try FileManager.default.createDirectory(at: project.url("elsewhere"), withIntermediateDirectories: true)
        let result = try tutor("build", "--chapters", "../chapters", in: project.url("elsewhere"))
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stdout.contains("open ../output/index.html"), "\(result.stdout)")
        #expect(try String(contentsOf: project.url("output/01-digits.html"), encoding: .utf8).contains("label 3"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.url("elsewhere").path).isEmpty)
    }

    /// A folder deleted under the shell that stands in it: every command says so at once (a build
    /// once walked up from its relative output folder for ever, looking for one that exists).
    @Test(arguments: [["build"], ["build", "--out", "out"], ["check"], ["list"], ["run", "1"], ["train", "--epochs", "1"]])
    func aCurrentFolderThatWasDeletedIsSaidToBeGone(arguments: [String]) throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter])
        defer { project.remove() }
        let gone = project.url("gone")
        try FileManager.default.createDirectory(at: gone, withIntermediateDirectories: true)
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let started = Date()
        let result = try shell("cd '\(gone.path)' && rmdir '\(gone.path)' && exec \"$TUTOR\" \(quoted)", in: project.root, timeout: 30)
        #expect(result.status == 1, "\(result.all)")
        #expect(result.all.contains("tutor: error: the current folder no longer exists (it was deleted or moved away)"), "\(result.all)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func missingSampleDigitsAreNamedWithThePathTriedAndTheOptionToPass() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter])
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.url("data/sample"))
        let started = Date()
        let result = try tutor("build", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/01-digits.md:6:1: error: step 'showDigit' reads the sample digits",
                                              project.url("data/sample").path + " does not exist", "--sample DIR"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(!result.all.contains("TUTOR_DATA"), "the MNIST advice does not apply: \(result.all)")
        #expect(!FileManager.default.fileExists(atPath: project.url("output").path), "nothing is written, not even the contents")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aSampleOptionNamingNoFolderIsNamedInTheMessage() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter])
        defer { project.remove() }
        let result = try tutor("build", "--sample", "digits", in: project.root)
        expectCleanFailure(result, mentions: [project.url("digits").path + " does not exist", "--sample DIR"],
                           before: [:], after: project.snapshot(), project: project)
    }

    @Test func aSampleFolderWithoutTheDigitsAdvisesSampleNotTheMNISTOptions() throws {
        // showDigit alone: no cell succeeds, so not even the cache is written.
        let project = try Project(chapters: ["01-digit.md": "# Digit\n\n```swift step=showDigit\n```\n"])
        defer { project.remove() }
        try FileManager.default.createDirectory(at: project.url("empty"), withIntermediateDirectories: true)
        let result = try tutor("build", "--sample", "empty", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/01-digit.md:3:1: error: step 'showDigit' reads the sample digits, but "
                                                + project.url("empty").path + " holds no sample-images-idx3-ubyte.gz and no sample-labels-idx1-ubyte.gz",
                                              "--sample DIR"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(!result.all.contains("TUTOR_DATA"), "\(result.all)")
    }

    @Test func runWithTheSampleMissingSaysSoBeforeRunningAnyCell() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter])
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.url("data/sample"))
        let result = try tutor("run", "1", "--no-pause", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/01-digits.md:6:1:", "data/sample does not exist", "--sample DIR"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(!result.stdout.contains("step 1/2"), "a cell ran first: \(result.stdout)")
    }

    @Test func aBuildWhoseEveryChapterFailsWritesNoEmptyContentsPage() throws {
        // confusionMatrix needs a trained model from an earlier cell: alone, it always fails (refused
        // before any cell runs).
        let project = try Project(chapters: ["01-broken.md": "# Broken\n\n```swift step=confusionMatrix\n```\n"])
        defer { project.remove() }
        let result = try tutor("build", in: project.root, environment: ["TUTOR_DATA": "/nonexistent"])
        expectCleanFailure(result, mentions: ["chapters/01-broken.md:3:1: error: step 'confusionMatrix' needs 'model'"],
                           before: [:], after: project.snapshot(), project: project)
        #expect(!result.stdout.contains("open "), "nothing to open: \(result.stdout)")
    }

    /// A new chapter that cannot be loaded fails alone: the rest of the book, built again, is
    /// byte for byte what it was, and the failure is said and ends the build with status 1.
    @Test func aNewChapterThatCannotLoadLeavesAnEarlierBookByteForByte() throws {
        let project = try Project()
        defer { project.remove() }
        #expect(try tutor("build", in: project.root).status == 0)
        let before = project.snapshot()
        try project.write("", to: "chapters/04-empty.md")
        let result = try tutor("build", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/04-empty.md:1:1: error:", "built 2 chapters (1 failed)"],
                           before: before, after: project.snapshot(), project: project)
    }

    /// A chapter that loaded before and no longer does (here a parameter written twice, which the
    /// info string's reader refuses) fails as a chapter whose cell fails: it keeps its page and its
    /// entry in the contents, the other chapters are written, and links to it still lead there.
    @Test func aChapterThatNoLongerLoadsKeepsItsPageAndItsPlaceAndTheOthersAreBuilt() throws {
        let project = try Project()
        defer { project.remove() }
        #expect(try tutor("build", in: project.root).status == 0)
        let page = project.snapshot()["02-second.html"]
        try project.write(Project.secondChapter.replacingOccurrences(of: "step=", with: "n=1 n=2 step="), to: "chapters/02-second.md")
        try project.write(Project.firstChapter + "\nSee [the second](02-second.md).\n", to: "chapters/01-first.md")
        let result = try tutor("build", in: project.root)
        #expect(result.status == 1 && result.stderr.contains("chapters/02-second.md:") && result.stderr.contains("is given twice")
                    && result.stdout.contains("built 1 chapter (1 failed)"), "\(result.all)")
        let after = project.snapshot()
        #expect(after["02-second.html"] == page)
        let first = String(decoding: after["01-first.html"] ?? Data(), as: UTF8.self)
        let index = String(decoding: after["index.html"] ?? Data(), as: UTF8.self)
        #expect(first.contains("href=\"02-second.html\""), "the new link is written, to the kept page")
        #expect(index.contains("02-second.html") && index.contains("01-first.html"), "\(index)")
    }

    /// A link to a chapter that does not load and has no page from an earlier build would be
    /// dead: refused at the link (that chapter's page is not written, the others are).
    @Test func aLinkToAChapterThatDoesNotLoadAndHasNoPageIsRefusedAtTheLink() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("# Extra\n\n```swift step=kernels n=1 n=2\n```\n", to: "chapters/03-extra.md")
        try project.write(Project.firstChapter + "\nSee [extra](03-extra.md#part).\n", to: "chapters/01-first.md")
        let result = try tutor("build", in: project.root)
        #expect(result.status == 1 && result.stderr.contains("chapters/01-first.md:")
                    && result.stderr.contains("this links to '03-extra.md', a chapter that does not load (see its error) and has no page"),
                "\(result.all)")
        let book = project.snapshot()
        #expect(book["03-extra.html"] == nil && book["01-first.html"] == nil && book["02-second.html"] != nil, "\(book.keys.sorted())")
    }

    /// `tutor run` presents a chapter that loads, and says what stops the build in the folder
    /// itself (two files with one number: both named) and in the chapters that do not load.
    @Test func runSaysWhatStopsTheBuildInTheFolderAndInOtherChapters() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("", to: "chapters/02-empty.md")
        try project.write("# Third\n\n```swift step=kernels n=1 n=2\n```\n", to: "chapters/03-third.md")
        let result = try tutor("run", "1", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stderr.contains("chapters/02-empty.md:1:1: warning: chapter number 02 is used by both chapters/02-empty.md and chapters/02-second.md"),
                "\(result.all)")
        #expect(result.stderr.contains("chapters/03-third.md:3:") && result.stderr.contains(": warning: "), "\(result.all)")
        let check = try tutor("check", in: project.root)
        #expect(check.stderr.contains("chapters/02-second.md:1:1: error: chapter number 02 is used by both chapters/02-empty.md and chapters/02-second.md"),
                "\(check.all)")
    }
}
