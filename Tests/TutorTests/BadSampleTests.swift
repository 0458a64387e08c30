import Foundation
import TutorTestSupport
import Testing

/// Samples of every size given with `--sample`: each cell works, or fails at its own location
/// saying what the sample holds. No step reads past the digits loaded, and nothing crashes.
@Suite struct BadSampleTests {
    /// The first `count` digits of the shipped sample, written as the IDX files of a sample
    /// directory at `path` (uncompressed: the reader knows gzip by its magic number, not the name).
    private func writeSample(of count: Int, to path: String, in project: Project) throws {
        let images = try gunzip(repositoryRoot.appendingPathComponent("data/sample/sample-images-idx3-ubyte.gz"))
        let labels = try gunzip(repositoryRoot.appendingPathComponent("data/sample/sample-labels-idx1-ubyte.gz"))
        func header(_ values: [UInt32]) -> Data {
            Data(values.flatMap { value in withUnsafeBytes(of: value.bigEndian) { Array($0) } })
        }
        try project.write(header([0x0803, UInt32(count), 28, 28]) + images.dropFirst(16).prefix(count * 784),
                          to: "\(path)/sample-images-idx3-ubyte.gz")
        try project.write(header([0x0801, UInt32(count)]) + labels.dropFirst(8).prefix(count), to: "\(path)/sample-labels-idx1-ubyte.gz")
    }

    /// The bytes of a gzip file, inflated by the system's gzip.
    private func gunzip(_ url: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gzip -dc \(url.path) failed")
        return data
    }

    /// A project holding the book's own chapter `name`.
    private func project(withChapter name: String) throws -> Project {
        try Project(chapters: [name: try String(contentsOf: repositoryRoot.appendingPathComponent("chapters/\(name)"), encoding: .utf8)])
    }

    /// The pages a build wrote; the cell cache is left out, for a failed chapter keeps the results
    /// of the cells before the failing one, which are right whatever happens next.
    private func pages(_ project: Project) -> [String: Data] {
        project.snapshot().filter { !$0.key.hasPrefix(".cache/") }
    }

    /// Builds chapter `name` with the shipped sample, then with one of `digits` digits, which must
    /// fail naming `fragments` and leave the pages as they were. `tutor check` finds the same
    /// problem at the same place, without running a cell.
    private func expectBuildFails(chapter name: String, digits: Int, mentioning fragments: [String],
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let project = try project(withChapter: name)
        defer { project.remove() }
        let good = try tutor("build", in: project.root)
        try #require(good.status == 0, "the chapter must build with the shipped sample: \(good.all)", sourceLocation: sourceLocation)
        let before = pages(project)
        try writeSample(of: digits, to: "small", in: project)
        let result = try tutor("build", "--sample", "small", in: project.root)
        expectCleanFailure(result, mentions: fragments, before: before, after: pages(project), project: project, sourceLocation: sourceLocation)
        let check = try tutor("check", "--sample", "small", in: project.root)
        #expect(check.status == 1 && fragments.allSatisfy(check.stderr.contains), "check: \(check.all)", sourceLocation: sourceLocation)
    }

    /// A `vary-` list offering a digit the sample lacks is refused by `check` at that item, as
    /// written; a list the sample allows passes.
    @Test func aVariantTheSampleCannotShowIsRefusedByCheckAtItsItem() throws {
        let chapter = { (list: String) in "# One\n\n```swift step=showDigit digit=5 vary-digit=\(list)\n```\n" }
        let project = try Project(chapters: ["01-one.md": chapter("[5, 0]")])
        defer { project.remove() }
        try writeSample(of: 2, to: "small", in: project)  // a 5 and a 0
        let good = try tutor("check", "--sample", "small", in: project.root)
        #expect(good.status == 0, "\(good.all)")
        try project.write(chapter("[5, 0, 0009]"), to: "chapters/01-one.md")
        let bad = try tutor("check", "--sample", "small", in: project.root)
        #expect(bad.status == 1 && bad.stderr.contains("chapters/01-one.md:3:51: error: vary-digit offers 0009, on which step 'showDigit' cannot run: the sample has no digit 9"),
                "\(bad.all)")
        // With the full MNIST missing as well, both are said: the sample's cells are still checked.
        try project.write(chapter("[5, 0, 0009]") + "\n```swift step=trainMNIST\n```\n", to: "chapters/01-one.md")
        let both = try tutor("check", "--sample", "small", "--data", "nowhere", in: project.root)
        #expect(both.status == 1 && both.stderr.contains("01-one.md:3:51: error: vary-digit offers 0009")
                && both.stderr.contains("01-one.md:6:1: error: step 'trainMNIST' reads the full MNIST, but"), "\(both.all)")
    }

    @Test func aOneDigitSampleSaysItHasNoSevenAndWhatItHolds() throws {
        try expectBuildFails(chapter: "01-convolution.md", digits: 1,
                             mentioning: ["chapters/01-convolution.md:13:1", "step 'showDigit'", "the sample has no digit 7: it holds 1 image, labels {5}"])
    }

    @Test func anEmptySampleIsRefusedAtTheFirstCellThatNeedsADigit() throws {
        // The IDX reader refuses a set of 0 images as it loads it, before any step looks for a digit.
        try expectBuildFails(chapter: "02-relu.md", digits: 0,
                             mentioning: ["chapters/02-relu.md:24:1", "holds 0 samples", "--sample"])
    }

    @Test func aOneDigitSampleCannotTrainAndHoldOut() throws {
        try expectBuildFails(chapter: "03-softmax.md", digits: 1,
                             mentioning: ["chapters/03-softmax.md:20:1", "step 'trainSample'", "training needs at least 2"])
    }

    @Test func aTenDigitSampleHasNoDigitNumber460() throws {
        try expectBuildFails(chapter: "03-softmax.md", digits: 10,
                             mentioning: ["chapters/03-softmax.md:26:1", "step 'softmaxDigit'", "the sample has no image #460: it holds 10 images, #0 to #9"])
    }

    @Test func aHundredDigitSampleNoLongerShowsDigitNumber460() throws {
        try expectBuildFails(chapter: "03-softmax.md", digits: 100,
                             mentioning: ["chapters/03-softmax.md:26:1", "the sample has no image #460: it holds 100 images, #0 to #99"])
    }

    @Test func aBatchLargerThanTheSampleIsRefused() throws {
        try expectBuildFails(chapter: "04-cross-entropy.md", digits: 2,
                             mentioning: ["chapters/04-cross-entropy.md:59:1", "step 'firstBatchLoss'", "batchSize=64 is more than the 2 images the sample holds"])
    }

    @Test func aSampleSmallerThanTheOptimizerComparisonsBatchIsRefused() throws {
        try expectBuildFails(chapter: "05-adam.md", digits: 10,
                             mentioning: ["chapters/05-adam.md:71:1", "step 'sgdVersusAdam'", "batchSize=32 is more than the 10 images"])
    }

    /// A small full-MNIST directory: the first `count` sample digits as both training and test set.
    private func writeMNIST(of count: Int, to path: String, in project: Project) throws {
        try writeSample(of: count, to: "\(path)-sample", in: project)
        let images = try Data(contentsOf: project.url("\(path)-sample/sample-images-idx3-ubyte.gz"))
        let labels = try Data(contentsOf: project.url("\(path)-sample/sample-labels-idx1-ubyte.gz"))
        for prefix in ["train", "t10k"] {
            try project.write(images, to: "\(path)/\(prefix)-images-idx3-ubyte")
            try project.write(labels, to: "\(path)/\(prefix)-labels-idx1-ubyte")
        }
    }

    /// Chapter-6 cells on an MNIST of `count` digits: `good` builds, `bad` fails naming `fragments`.
    private func expectMNISTCellFails(_ bad: String, good: String, digits count: Int, mentioning fragments: [String],
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let chapter = { (cell: String) in "# Six\n\n```swift step=trainMNIST epochs=1 batchSize=2\n```\n\n```swift \(cell)\n```\n" }
        let project = try Project(chapters: ["01-six.md": chapter(good)])
        defer { project.remove() }
        try writeMNIST(of: count, to: "mnist", in: project)
        let first = try tutor("build", "--data", "mnist", in: project.root)
        try #require(first.status == 0, "the good cell must build: \(first.all)", sourceLocation: sourceLocation)
        let before = pages(project)
        try project.write(chapter(bad), to: "chapters/01-six.md")
        let result = try tutor("build", "--data", "mnist", in: project.root)
        expectCleanFailure(result, mentions: fragments, before: before, after: pages(project), project: project, sourceLocation: sourceLocation)
    }

    @Test func aTestDigitPastTheEndOfASmallTestSetIsRefused() throws {
        try expectMNISTCellFails("step=featureMaps index=9999", good: "step=featureMaps index=9", digits: 10,
                                 mentioning: ["chapters/01-six.md:6:1", "step 'featureMaps'", "the test set has no image #9999: it holds 10 images, #0 to #9"])
    }

    @Test func aValidationSplitThatLeavesNothingToTrainOnIsRefused() throws {
        try expectMNISTCellFails("step=trainVariant model=dense epochs=1 validationSplit=0.9", good: "step=trainVariant model=dense epochs=1 validationSplit=0.5",
                                 digits: 5, mentioning: ["chapters/01-six.md:6:1", "step 'trainVariant'", "validationSplit=0.9 leaves none of the 5 images to train on"])
    }

    /// Chapters 1-5 on samples of 1, 2, 10 and 100 digits: every problem is an error at a cell.
    @Test(arguments: [1, 2, 10, 100])
    func everyChapterWorksOrFailsAtACell(digits: Int) throws {
        var chapters: [String: String] = [:]
        for name in ["01-convolution.md", "02-relu.md", "03-softmax.md", "04-cross-entropy.md", "05-adam.md"] {
            chapters[name] = try String(contentsOf: repositoryRoot.appendingPathComponent("chapters/\(name)"), encoding: .utf8)
        }
        let project = try Project(chapters: chapters)
        defer { project.remove() }
        try writeSample(of: digits, to: "small", in: project)
        let result = try tutor("build", "--sample", "small", in: project.root)
        #expect(!result.killedBySignal && result.status < 128, "crashed: \(result.all.prefix(4000))")
        for crashSign in ["Fatal error", "Illegal instruction", "Segmentation fault", "bug in the step", "nan"] {
            #expect(!result.all.contains(crashSign), "\(crashSign):\n\(result.all.prefix(4000))")
        }
        let errors = result.stderr.split(separator: "\n").filter { $0.contains("error:") }
        #expect(result.status == 0 || !errors.isEmpty, "failed without an error message: \(result.all)")
        for line in errors {
            #expect(line.contains(try Regex(#"^chapters/0[1-5]-[a-z-]+\.md:\d+:\d+: error: step '"#)), "\(line)")
        }
        #expect(project.halfWrittenFiles().isEmpty)
    }
}
