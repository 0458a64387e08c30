import CNN
import Foundation
import Testing
import Hashing

@Suite struct MNISTSampleTests {
    @Test func theShippedSampleHas500DigitsStartingWithMNISTsFirstLabels() throws {
        let sample = try MNIST.sample(in: sampleDirectory)
        #expect(sample.count == 500)
        // The first ten labels of the MNIST training set.
        #expect(Array(sample.labels.prefix(10)) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        #expect(sample.image(at: 0).shape == [28, 28, 1])
        #expect(sample.pixels(at: 0).max() == 255)
    }

    @Test func subsetsShareImagesAndLabelsWithTheirSet() throws {
        let sample = try MNIST.sample(in: sampleDirectory)
        let part = sample.subset(100..<150)
        #expect(part.count == 50)
        #expect(part.label(at: 3) == sample.label(at: 103))
        #expect(part.image(at: 3) == sample.image(at: 103))
        let picked = sample.subset([7, 2])
        #expect(picked.labels == [sample.label(at: 7), sample.label(at: 2)])
    }

    /// Against the obvious reference: every label and every pixel compared one by one.
    @Test func twoSetsHoldTheSameImagesOnlyIfEveryLabelAndPixelIsTheSame() throws {
        let sample = try MNIST.sample(in: sampleDirectory)
        func same(_ a: MNIST, _ b: MNIST) -> Bool {
            a.count == b.count && (0..<a.count).allSatisfy { a.label(at: $0) == b.label(at: $0) && a.pixels(at: $0).elementsEqual(b.pixels(at: $0)) }
        }
        let copy = sample.subset(Array(0..<500))
        let pairs: [(MNIST, MNIST)] = [
            (sample, sample), (sample, copy), (sample.subset(10..<20), copy.subset(10..<20)), (sample.subset(10..<20), sample.subset(11..<21)),
            (sample, sample.subset(0..<499)), (sample.subset([3, 4]), sample.subset([4, 3])),
            (sample.subset(0..<1), MNIST(pixels: Array(sample.pixels(at: 0)), labels: [UInt8((sample.label(at: 0) + 1) % 10)])),
            (sample.subset(0..<1), MNIST(pixels: Array(sample.pixels(at: 0).map { $0 ^ 1 }), labels: [UInt8(sample.label(at: 0))])),
        ]
        for (n, (a, b)) in pairs.enumerated() {
            #expect(a.holdsTheSameImages(as: b) == same(a, b), "pair \(n)")
            #expect(b.holdsTheSameImages(as: a) == same(a, b), "pair \(n), the other way")
        }
        #expect(pairs.map { $0.0.holdsTheSameImages(as: $0.1) } == [true, true, true, false, false, false, false, false])
    }

    @Test func normalizeDividesPixelsBy255() throws {
        let sample = try MNIST.sample(in: sampleDirectory)
        let raw = sample.image(at: 0), normalized = sample.normalized().image(at: 0)
        #expect(zip(raw.scalars, normalized.scalars).allSatisfy { abs($0 / 255 - $1) < 1e-7 })
    }

    @Test func gzipAndRawFilesGiveTheSameData() throws {
        let gz = sampleDirectory.appendingPathComponent("sample-labels-idx1-ubyte.gz")
        let inflated = try IDX.read(gz, magic: IDX.labelsMagic, shape: [nil])
        #expect(inflated.dimensions == [500])
        #expect(inflated.header.count + inflated.values.count == 8 + 500)
        try withTemporaryDirectory { dir in
            let rawURL = dir.appendingPathComponent("labels")
            try Data(inflated.header + inflated.values).write(to: rawURL)
            #expect(try IDX.read(rawURL, magic: IDX.labelsMagic, shape: [nil]) == inflated)
        }
    }

    /// A sample file that is a link leading nowhere is said to be one, not to be missing (which
    /// sent the teacher to name another folder, the one already named).
    @Test func aSampleFileThatIsABrokenLinkSaysWhereItLeads() throws {
        try withTemporaryDirectory { dir in
            try FileManager.default.copyItem(at: sampleDirectory.appendingPathComponent("sample-labels-idx1-ubyte.gz"),
                                             to: dir.appendingPathComponent("sample-labels-idx1-ubyte.gz"))
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("sample-images-idx3-ubyte.gz").path,
                                                       withDestinationPath: "gone.gz")
            #expect(MNIST.missingSampleFiles(in: dir) == nil)
            #expect(throws: DataError.unreadable(file: dir.appendingPathComponent("sample-images-idx3-ubyte.gz").path,
                                                 reason: "a symbolic link to gone.gz, which does not exist")) {
                try MNIST.sample(in: dir)
            }
        }
    }
}

@Suite struct MNISTFullSetTests {
    @Test func theFullSetsHave60000And10000DigitsAndTheSampleIsTheirStart() throws {
        let directory = try mnistDirectory()
        let train = try MNIST.training(in: directory), test = try MNIST.test(in: directory)
        #expect(train.count == 60_000)
        #expect(test.count == 10_000)
        let sample = try MNIST.sample(in: sampleDirectory)
        #expect(train.subset(0..<500).labels == sample.labels)
        #expect(train.image(at: 499) == sample.image(at: 499))
    }

    @Test func readingBothSetsAtOnceGivesWhatReadingThemOneByOneGives() throws {
        let directory = try mnistDirectory()
        let both = try MNIST.trainingAndTest(in: directory, normalize: true)
        let train = try MNIST.training(in: directory, normalize: true), test = try MNIST.test(in: directory, normalize: true)
        #expect(both.training.labels == train.labels && both.test.labels == test.labels)
        for i in [0, 1, 59_999] { #expect(both.training.image(at: i) == train.image(at: i)) }
        for i in [0, 9_999] { #expect(both.test.image(at: i) == test.image(at: i)) }
    }

    @Test func readingBothSetsAtOnceReportsTheTrainingSetsErrorFirst() throws {
        try withTemporaryDirectory { empty in
            #expect(throws: DataError.self) { try MNIST.trainingAndTest(in: empty) }
            do {
                _ = try MNIST.trainingAndTest(in: empty)
            } catch {
                #expect("\(error)".contains("train-images"), "\(error)")
            }
        }
    }

    @Test(arguments: MNISTFile.allCases)
    func eachFileMatchesItsPublishedChecksum(_ file: MNISTFile) throws {
        let url = try #require(file.locate(in: try mnistDirectory()))
        try file.verify(url)
    }
}

@Suite struct ChecksumTests {
    @Test func sha256OfKnownStringsMatchesTheStandardVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func partsAreHashedAsIfJoined() {
        #expect(SHA256.hex(Array("a".utf8), [], Array("bc".utf8)) == SHA256.hex(Array("abc".utf8)))
    }

    @Test func aWellFormedFileWithOtherContentFailsVerificationNamingBothHashes() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("t10k-labels-idx1-ubyte")
            let bytes = idxFile(magic: 0x801, dimensions: [3], values: [1, 2, 3])
            try Data(bytes).write(to: url)
            #expect(throws: DataError.checksumMismatch(file: url.path, expected: MNISTFile.testLabels.sha256,
                                                       actual: SHA256.hex(bytes))) {
                try MNISTFile.testLabels.verify(url)
            }
        }
    }

    @Test func aMalformedFileFailsVerificationWithWhatIsWrongBeforeAnyHashing() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("t10k-labels-idx1-ubyte")
            try Data("abc".utf8).write(to: url)
            #expect(throws: DataError.truncatedHeader(file: url.path, headerBytes: 8, actualBytes: 3)) {
                try MNISTFile.testLabels.verify(url)
            }
            // No header to announce anything: the message says the file is shorter than one.
            #expect(DataError.truncatedHeader(file: "f", headerBytes: 8, actualBytes: 0).description
                    == "f: truncated: 0 bytes, shorter than the 8-byte IDX header it must start with")
        }
    }
}
