import Book
import CNN
import Foundation
import Lessons
import Testing

/// Chapters 1-5 built on samples of every size: each cell works or fails at its own location with
/// a message that says what the sample holds; no index ever goes past the digits loaded.
@Suite(.serialized) struct SampleSizeTests {
    /// The first `count` digits of the shipped sample, written as the two IDX files a sample
    /// directory holds (uncompressed: the reader recognises gzip by its magic number, not its name).
    static func writeSample(of count: Int, to directory: URL) throws {
        let sample = try MNIST.sample(in: sampleDirectory)
        func header(_ values: [UInt32]) -> Data {
            Data(values.flatMap { value in withUnsafeBytes(of: value.bigEndian) { Array($0) } })
        }
        let pixels = (0..<count).flatMap { sample.pixels(at: $0) }
        let labels = (0..<count).map { UInt8(sample.label(at: $0)) }
        try (header([0x0803, UInt32(count), 28, 28]) + Data(pixels)).write(to: directory.appendingPathComponent("sample-images-idx3-ubyte.gz"))
        try (header([0x0801, UInt32(count)]) + Data(labels)).write(to: directory.appendingPathComponent("sample-labels-idx1-ubyte.gz"))
    }

    /// Builds chapters 1-5 with a sample of `count` digits.
    private func build(sampleOf count: Int) throws -> BuildSummary {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let chapters = scratch.appendingPathComponent("chapters"), sample = scratch.appendingPathComponent("sample")
        for directory in [chapters, sample] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        for name in try FileManager.default.contentsOfDirectory(atPath: chaptersDirectory.path) where name.hasSuffix(".md") && !name.hasPrefix("06") {
            try FileManager.default.copyItem(at: chaptersDirectory.appendingPathComponent(name), to: chapters.appendingPathComponent(name))
        }
        try Self.writeSample(of: count, to: sample)
        var options = BuildOptions(chapters: chapters, chaptersDisplayPath: "chapters", output: scratch.appendingPathComponent("output"),
                                   data: Lessons.dataSources(sample: sample, mnist: URL(fileURLWithPath: "/nonexistent/mnist")), useCache: false)
        // The chapters' own cells on each sample; their variants (other digits, other kernels) run
        // the same steps, and a failing variant is tested in ExplorationRunTests.
        options.explore = false
        return BookBuilder(registry: Lessons.registry, options: options).build()
    }

    /// Every chapter built or failed, and every failure at a cell (a fence's line, never the
    /// file's first line), naming the step that failed.
    private func expectEveryFailureAtACell(_ summary: BuildSummary, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(summary.chaptersBuilt + summary.chaptersFailed == 5, sourceLocation: sourceLocation)
        for diagnostic in summary.diagnostics {
            #expect(diagnostic.location.path.hasPrefix("chapters/0"), "\(diagnostic)", sourceLocation: sourceLocation)
            #expect(diagnostic.location.line > 1, "\(diagnostic)", sourceLocation: sourceLocation)
            #expect(diagnostic.message.hasPrefix("step '"), "\(diagnostic)", sourceLocation: sourceLocation)
            #expect(!diagnostic.message.contains("bug in the step"), "\(diagnostic)", sourceLocation: sourceLocation)
        }
    }

    // Samples of 1, 2, 10 and 100 digits, each built once (under AddressSanitizer a build of
    // chapters 1-5 takes a minute): every test checks every failure is at a cell.

    @Test func aTwoDigitSampleFailsOnlyAtCells() throws {
        expectEveryFailureAtACell(try build(sampleOf: 2))
    }

    @Test func aOneDigitSampleSaysWhichDigitsItHolds() throws {
        let summary = try build(sampleOf: 1)
        expectEveryFailureAtACell(summary)
        let messages = summary.diagnostics.map(\.description).joined(separator: "\n")
        // The first training digit is a 5.
        #expect(messages.contains("chapters/01-convolution.md:13:1: error: step 'showDigit' failed: the sample has no digit 7: it holds 1 image, labels {5}"), "\(messages)")
        #expect(messages.contains("training needs at least 2, one to train on and one held out"), "\(messages)")
    }

    @Test func aHundredDigitSampleBuildsWhatItCanAndRefusesDigitsItDoesNotHold() throws {
        let summary = try build(sampleOf: 100)
        expectEveryFailureAtACell(summary)
        let messages = summary.diagnostics.map(\.description).joined(separator: "\n")
        #expect(summary.chaptersBuilt == 4, "\(messages)")
        #expect(messages.contains("step 'softmaxDigit' failed: the sample has no image #460: it holds 100 images, #0 to #99"), "\(messages)")
    }

    @Test func aBatchLargerThanTheSampleIsRefusedNotTrained() throws {
        let summary = try build(sampleOf: 10)
        expectEveryFailureAtACell(summary)
        let messages = summary.diagnostics.map(\.description).joined(separator: "\n")
        #expect(messages.contains("step 'firstBatchLoss' failed: batchSize=64 is more than the 10 images the sample holds"), "\(messages)")
        #expect(messages.contains("step 'sgdVersusAdam' failed: batchSize=32 is more than the 10 images the sample holds"), "\(messages)")
    }
}
