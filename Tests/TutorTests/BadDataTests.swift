import Foundation
import TutorTestSupport
import Testing

/// Bad MNIST files, tried on purpose: each names the file and what is wrong with it.
@Suite struct BadDataTests {
    /// A tiny, valid MNIST directory: `count` images and labels in each of the four files.
    private func makeData(in project: Project, count: Int = 100, labelCount: Int? = nil, imageMagic: UInt32 = 0x0803,
                          maxLabel: UInt8 = 9, truncateImagesBy: Int = 0) throws {
        func header(_ values: [UInt32]) -> Data {
            Data(values.flatMap { value in withUnsafeBytes(of: value.bigEndian) { Array($0) } })
        }
        let labels = labelCount ?? count
        var images = header([imageMagic, UInt32(count), 28, 28]) + Data((0..<count * 784).map { UInt8($0 % 256) })
        images = images.prefix(images.count - truncateImagesBy)
        var labelBytes = (0..<labels).map { UInt8($0 % 10) }
        if maxLabel > 9 { labelBytes[labels - 1] = maxLabel }
        let labelFile = header([0x0801, UInt32(labels)]) + Data(labelBytes)
        for prefix in ["train", "t10k"] {
            try project.write(images, to: "mnist/\(prefix)-images-idx3-ubyte")
            try project.write(labelFile, to: "mnist/\(prefix)-labels-idx1-ubyte")
        }
    }

    private func expectTrainingFails(mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
                                     _ prepare: (Project) throws -> Void) throws {
        let project = try Project()
        defer { project.remove() }
        try prepare(project)
        let result = try tutor("train", "--data", "mnist", "--epochs", "1", in: project.root)
        expectCleanFailure(result, mentions: fragments, before: [:], after: project.snapshot(), project: project, sourceLocation: sourceLocation)
    }

    @Test func aMissingDirectorySaysWhereTheFilesGo() throws {
        let project = try Project()
        defer { project.remove() }
        let train = try tutor("train", "--data", "no-such-dir", in: project.root)
        expectCleanFailure(train, mentions: ["no-such-dir"], before: [:], after: [:])
        let data = try tutor("data", "--data", "no-such-dir", in: project.root)
        expectCleanFailure(data, mentions: ["no-such-dir", "train-images-idx3-ubyte", "TUTOR_DATA"], before: [:], after: [:])
    }

    @Test func aWrongMagicNumberIsNamed() throws {
        try expectTrainingFails(mentioning: ["train-images-idx3-ubyte", "magic"]) {
            try makeData(in: $0, imageMagic: 0x0804)
        }
    }

    @Test func aTruncatedFileIsNamed() throws {
        try expectTrainingFails(mentioning: ["train-images-idx3-ubyte", "truncated"]) {
            try makeData(in: $0, truncateImagesBy: 500)
        }
    }

    @Test func imageAndLabelCountsThatDifferAreAnError() throws {
        try expectTrainingFails(mentioning: ["100", "90"]) {
            try makeData(in: $0, labelCount: 90)
        }
    }

    @Test func aLabelAboveNineIsAnError() throws {
        try expectTrainingFails(mentioning: ["train-labels-idx1-ubyte", "10"]) {
            try makeData(in: $0, maxLabel: 10)
        }
    }

    @Test func aFileWhoseChecksumDoesNotMatchIsNamed() throws {
        let project = try Project()
        defer { project.remove() }
        try makeData(in: project)
        let result = try tutor("data", "--data", "mnist", in: project.root)
        expectCleanFailure(result, mentions: ["train-images-idx3-ubyte", "ba891046e6505d7a"], before: [:], after: project.snapshot("data"))
    }

    /// A file there both gzip'd and not: the gzip one is read, and the other, which may hold other
    /// images, is named in a warning by `train` (which trains on the gzip one) and by `data`.
    @Test func aFileThereTwiceIsWarnedOf() throws {
        let project = try Project()
        defer { project.remove() }
        try makeData(in: project)
        let labels = try Data(contentsOf: project.url("mnist/train-labels-idx1-ubyte"))
        try project.write(try gzipped(labels), to: "mnist/train-labels-idx1-ubyte.gz")
        let warning = "train-labels-idx1-ubyte.gz is read, not train-labels-idx1-ubyte beside it"
        let train = try tutor("train", "--data", "mnist", "--epochs", "1", in: project.root)
        #expect(train.status == 0 && train.stderr.contains(warning), "\(train.all)")
        #expect(!train.stderr.contains("t10k-labels-idx1-ubyte.gz is read"), "\(train.all)")
        let data = try tutor("data", "--no-download", "--data", "mnist", in: project.root)
        #expect(data.stderr.contains(warning), "\(data.all)")
    }

    @Test func theRealFilesPassTheirChecksums() throws {
        let result = try tutor("data", "--data", try mnistDirectory(), in: repositoryRoot)
        #expect(result.status == 0, "\(result.all)")
    }
}
