@testable import CNN
import Foundation
import Testing

/// The IDX reader reads its header first and then no more than the header announces: sizes are
/// checked for overflow and against a maximum before anything is allocated, and only regular files
/// are opened.
@Suite struct IDXReaderTests {
    static let imagesShape: [Int?] = [nil, 28, 28]

    @Test func bytesInMemoryDecodeLikeTheSameBytesInAFile() throws {
        let bytes = idxFile(magic: 0x803, dimensions: [2, 28, 28], values: (0..<2 * 784).map { UInt8($0 % 251) })
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("images")
            try Data(bytes).write(to: url)
            let fromFile = try IDX.read(url, magic: IDX.imagesMagic, shape: Self.imagesShape)
            let fromMemory = try IDX.decode(bytes, file: "images", magic: IDX.imagesMagic, shape: Self.imagesShape)
            #expect(fromFile == fromMemory)
            #expect(fromFile.header + fromFile.values == bytes)
        }
    }

    @Test func aValidSetOfZeroImagesIsRefusedAsEmpty() throws {
        try withTemporaryDirectory { dir in
            let images = dir.appendingPathComponent("images"), labels = dir.appendingPathComponent("labels")
            try Data(idxFile(magic: 0x803, dimensions: [0, 28, 28], values: [])).write(to: images)
            try Data(idxFile(magic: 0x801, dimensions: [0], values: [])).write(to: labels)
            #expect(throws: DataError.empty(file: images.path)) {
                try MNIST(imagesFile: images, labelsFile: labels)
            }
        }
    }

    @Test func sizesWhoseProductOverflowsAnIntAreTooLarge() {
        let bytes = idxFile(magic: 0x803, dimensions: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], values: [])
        #expect(throws: DataError.tooLarge(file: "x", dimensions: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF],
                                           maximumBytes: IDX.maximumBytes)) {
            try IDX.decode(bytes, file: "x", magic: IDX.imagesMagic, shape: [nil, nil, nil])
        }
    }

    @Test func theProductIsExactUpToTheLimitAndNilBeyondIt() {
        #expect(IDX.product([3, 28, 28], atMost: 3 * 784) == 3 * 784)
        #expect(IDX.product([3, 28, 28], atMost: 3 * 784 - 1) == nil)
        #expect(IDX.product([Int(UInt32.max), Int(UInt32.max), Int(UInt32.max)], atMost: .max) == nil)
        #expect(IDX.product([Int(UInt32.max), 0, Int(UInt32.max)], atMost: 10) == 0)
    }

    @Test func aHeaderAnnouncingMoreThanTheMaximumIsRefusedBeforeReadingOn() {
        // 400,000 images of 28x28 are 313 MB: over the maximum, refused from the 16-byte header alone.
        let bytes = idxFile(magic: 0x803, dimensions: [400_000, 28, 28], values: [])
        #expect(throws: DataError.tooLarge(file: "x", dimensions: [400_000, 28, 28], maximumBytes: IDX.maximumBytes)) {
            try IDX.decode(bytes, file: "x", magic: IDX.imagesMagic, shape: Self.imagesShape)
        }
    }

    @Test func aHugeRawFileIsJudgedByItsSizeWithoutReadingItsBody() throws {
        try withTemporaryDirectory { dir in
            // A sparse 8 GiB file: reading it would take minutes (so 10 s is a wide margin even under ASan), its size alone says it is wrong.
            let url = dir.appendingPathComponent("huge")
            try Data(idxFile(magic: 0x801, dimensions: [10], values: [])).write(to: url)
            #expect(truncate(url.path, 8 << 30) == 0)
            let start = Date()
            #expect(throws: DataError.trailingBytes(file: url.path, expectedBytes: 18, actualBytes: 8 << 30)) {
                try IDX.read(url, magic: IDX.labelsMagic, shape: [nil])
            }
            #expect(Date().timeIntervalSince(start) < 10, "read the body instead of checking the size")
        }
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("fifo")
            #expect(mkfifo(url.path, 0o600) == 0)
            #expect(throws: DataError.unreadable(file: url.path, reason: "not a regular file (a FIFO)")) {
                try IDX.read(url, magic: IDX.labelsMagic, shape: [nil])
            }
        }
    }

    @Test func devZeroAndADirectoryAreNotRegularFiles() throws {
        #expect(throws: DataError.unreadable(file: "/dev/zero", reason: "not a regular file (a character device)")) {
            try IDX.read(URL(fileURLWithPath: "/dev/zero"), magic: IDX.labelsMagic, shape: [nil])
        }
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.unreadable(file: dir.path, reason: "not a regular file (a directory)")) {
                try IDX.read(dir, magic: IDX.labelsMagic, shape: [nil])
            }
        }
    }

    @Test func aLabelOutOfRangeNamesItsByteOffset() {
        let error = DataError.labelOutOfRange(file: "l", index: 5, offset: 13, label: 12)
        #expect(error.description == "l: byte 13: label 12 at index 5 is not a digit 0-9")
    }
}
