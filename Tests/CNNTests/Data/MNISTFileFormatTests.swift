import CNN
import Foundation
import Testing

/// Bad IDX files, each made in a temporary directory, each with its own error naming the file.
@Suite struct MNISTFileFormatTests {
    static let twoImages = [UInt8](repeating: 7, count: 2 * 784)

    /// Writes an images file and a labels file and loads them as MNIST.
    func load(images: [UInt8], labels: [UInt8], in directory: URL) throws -> MNIST {
        let imagesURL = directory.appendingPathComponent("images-idx3-ubyte")
        let labelsURL = directory.appendingPathComponent("labels-idx1-ubyte")
        try Data(images).write(to: imagesURL)
        try Data(labels).write(to: labelsURL)
        return try MNIST(imagesFile: imagesURL, labelsFile: labelsURL)
    }

    func path(_ name: String, in directory: URL) -> String { directory.appendingPathComponent(name).path }

    @Test func wellFormedRawFilesLoadWithTheirImagesAndLabels() throws {
        try withTemporaryDirectory { dir in
            var pixels = Self.twoImages
            pixels[784 + 28 * 3 + 5] = 255
            let data = try load(images: idxFile(magic: 0x803, dimensions: [2, 28, 28], values: pixels),
                                labels: idxFile(magic: 0x801, dimensions: [2], values: [3, 9]), in: dir)
            #expect(data.count == 2)
            #expect(data.labels == [3, 9])
            #expect(data.image(at: 1)[3, 5, 0] == 255)
            #expect(data.normalized().image(at: 1)[3, 5, 0] == 1)
        }
    }

    @Test func aWrongMagicNumberIsReportedWithTheFileName() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.wrongMagic(file: path("images-idx3-ubyte", in: dir), expected: 0x803, found: 0x801)) {
                try load(images: idxFile(magic: 0x801, dimensions: [2], values: [1, 2]),
                         labels: idxFile(magic: 0x801, dimensions: [2], values: [1, 2]), in: dir)
            }
        }
    }

    @Test func aTruncatedFileIsReportedWithItsExpectedSize() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.truncated(file: path("images-idx3-ubyte", in: dir), expectedBytes: 16 + 2 * 784,
                                                actualBytes: 16 + 784)) {
                try load(images: idxFile(magic: 0x803, dimensions: [2, 28, 28], values: Array(Self.twoImages.prefix(784))),
                         labels: idxFile(magic: 0x801, dimensions: [2], values: [1, 2]), in: dir)
            }
        }
    }

    @Test func aFileCutInsideItsHeaderIsTruncated() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.truncatedHeader(file: path("images-idx3-ubyte", in: dir), headerBytes: 16, actualBytes: 10)) {
                try load(images: Array(idxFile(magic: 0x803, dimensions: [2, 28, 28], values: []).prefix(10)),
                         labels: idxFile(magic: 0x801, dimensions: [2], values: [1, 2]), in: dir)
            }
        }
    }

    @Test func bytesAfterTheAnnouncedDataAreAnError() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.trailingBytes(file: path("labels-idx1-ubyte", in: dir), expectedBytes: 10, actualBytes: 11)) {
                try load(images: idxFile(magic: 0x803, dimensions: [2, 28, 28], values: Self.twoImages),
                         labels: idxFile(magic: 0x801, dimensions: [2], values: [1, 2, 3]), in: dir)
            }
        }
    }

    @Test func imagesThatAreNot28By28HaveBadDimensions() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.badDimensions(file: path("images-idx3-ubyte", in: dir), dimensions: [1, 27, 28],
                                                    expected: "Nx28x28")) {
                try load(images: idxFile(magic: 0x803, dimensions: [1, 27, 28], values: [UInt8](repeating: 0, count: 27 * 28)),
                         labels: idxFile(magic: 0x801, dimensions: [1], values: [1]), in: dir)
            }
        }
    }

    @Test func differentImageAndLabelCountsAreAMismatch() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.countMismatch(imagesFile: path("images-idx3-ubyte", in: dir), images: 2,
                                                    labelsFile: path("labels-idx1-ubyte", in: dir), labels: 3)) {
                try load(images: idxFile(magic: 0x803, dimensions: [2, 28, 28], values: Self.twoImages),
                         labels: idxFile(magic: 0x801, dimensions: [3], values: [1, 2, 3]), in: dir)
            }
        }
    }

    /// Found by an exploration: a 260 KB gzip of images announcing 342,000 zero images cost 268 MB
    /// before the count was compared with the labels'. The images' header is compared with the
    /// labels before the images' body is read: a header announcing far more images than its file
    /// holds gives the mismatch, not a truncation found after inflating it all.
    @Test func aCountMismatchIsFoundFromTheImagesHeader() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.countMismatch(imagesFile: path("images-idx3-ubyte", in: dir), images: 100_000,
                                                    labelsFile: path("labels-idx1-ubyte", in: dir), labels: 2)) {
                try load(images: idxFile(magic: 0x803, dimensions: [100_000, 28, 28], values: Self.twoImages),
                         labels: idxFile(magic: 0x801, dimensions: [2], values: [1, 2]), in: dir)
            }
        }
        // A damaged gzip file and a short one say what they are.
        #expect(DataError.wrongMagic(file: "f", expected: 0x801, found: 0x1F8C_0800).description.hasSuffix("a damaged gzip file?)"))
        #expect(DataError.truncated(file: "f", expectedBytes: 100, actualBytes: 26).description
                == "f: truncated: its IDX data (inflated, if the file is gzip) ends after 26 bytes, the header announces 100")
    }

    @Test func aLabelOfTenIsOutOfRange() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.labelOutOfRange(file: path("labels-idx1-ubyte", in: dir), index: 1, offset: 8 + 1, label: 10)) {
                try load(images: idxFile(magic: 0x803, dimensions: [2, 28, 28], values: Self.twoImages),
                         labels: idxFile(magic: 0x801, dimensions: [2], values: [4, 10]), in: dir)
            }
        }
    }

    @Test func aFileThatLooksGzippedButIsNotIsCorrupt() throws {
        try withTemporaryDirectory { dir in
            let bad = dir.appendingPathComponent("bad.gz")
            try Data([0x1F, 0x8B, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]).write(to: bad)
            #expect {
                _ = try IDX.read(bad, magic: IDX.labelsMagic, shape: [nil])
            } throws: { error in
                guard case .corruptGzip(let file, _, _) = error as? DataError else { return false }
                return file == bad.path
            }
        }
    }

    @Test func aMissingFileIsUnreadableWithTheSystemsReason() {
        #expect(throws: DataError.unreadable(file: "/nonexistent/images", reason: "No such file or directory")) {
            try MNIST(imagesFile: URL(fileURLWithPath: "/nonexistent/images"),
                      labelsFile: URL(fileURLWithPath: "/nonexistent/labels"))
        }
    }

    @Test func aDirectoryWithoutTheFilesNamesEveryAcceptedName() throws {
        try withTemporaryDirectory { dir in
            #expect(throws: DataError.missingFile(directory: dir.path,
                                                  names: ["train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"])) {
                try MNIST.training(in: dir)
            }
        }
    }

    @Test func errorMessagesStartWithTheFile() {
        let error = DataError.wrongMagic(file: "data/x.gz", expected: 0x803, found: 0x801)
        #expect(error.description == "data/x.gz: wrong magic number 0x00000801, expected 0x00000803")
    }
}
