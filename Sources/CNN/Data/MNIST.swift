import CProcessorHints
import Foundation

/// Handwritten digits, 28x28 grey pixels 0 (background) to 255 (ink), each with its label 0-9.
///
/// The pixels stay bytes in memory (60,000 images are 47 MB, four times that as floats) and become
/// floats one batch at a time. A subset shares the bytes of the set it comes from.
public struct MNIST: Sendable {
    /// Every image is this many pixels high and wide.
    public static let rows = 28, columns = 28
    /// The shape of one image as a tensor, `[28, 28, 1]` (channels last).
    public static let imageShape = [rows, columns, 1]
    /// 784 bytes per image.
    public static let pixelsPerImage = rows * columns

    private let pixelStore: [UInt8]
    private let labelStore: [UInt8]
    private let first: Int

    /// The number of images.
    public let count: Int

    /// Whether `image(at:)` and training see pixels divided by 255 (0...1) instead of 0...255.
    public var normalize: Bool

    /// What each pixel is divided by when it becomes a float: 255 if `normalize`, else 1.
    /// (Dividing, not multiplying by 1/255, gives exactly Keras' `x / 255`.)
    public var pixelDivisor: Float { normalize ? 255 : 1 }

    /// Images and labels given directly: `pixels` holds `labels.count` images of 28x28 bytes, row by row.
    public init(pixels: [UInt8], labels: [UInt8], normalize: Bool = false) {
        precondition(pixels.count == labels.count * MNIST.pixelsPerImage,
                     "MNIST: \(pixels.count) pixels for \(labels.count) images of 28x28")
        precondition(labels.allSatisfy { $0 <= 9 }, "MNIST: labels must be digits 0-9")
        self.init(pixelStore: pixels, labelStore: labels, first: 0, count: labels.count, normalize: normalize)
    }

    private init(pixelStore: [UInt8], labelStore: [UInt8], first: Int, count: Int, normalize: Bool) {
        (self.pixelStore, self.labelStore, self.first, self.count, self.normalize) =
            (pixelStore, labelStore, first, count, normalize)
    }

    /// Reads an IDX images file and an IDX labels file (each gzip-compressed or not) and checks
    /// them: magic numbers, 28x28 images, sizes, at least one image, equal counts, labels 0-9.
    public init(imagesFile: URL, labelsFile: URL, normalize: Bool = false) throws(DataError) {
        // The images' header first, then the labels (a byte an image): a count that differs is
        // refused before the images' body is read. (Read whole first, a small gzip file of images
        // announcing 268 MB of zeros cost that much memory before the mismatch was found.)
        let shape = [nil, MNIST.rows, MNIST.columns]
        let announced = try IDX.header(of: imagesFile, magic: IDX.imagesMagic, shape: shape)[0]
        // A set of no images would "train" and report an accuracy of 0 over nothing.
        guard announced > 0 else { throw .empty(file: imagesFile.path) }
        let labels = try IDX.read(labelsFile, magic: IDX.labelsMagic, shape: [nil])
        func mismatch(_ images: Int) -> DataError {
            .countMismatch(imagesFile: imagesFile.path, images: images, labelsFile: labelsFile.path, labels: labels.dimensions[0])
        }
        guard announced == labels.dimensions[0] else { throw mismatch(announced) }
        let images = try IDX.read(imagesFile, magic: IDX.imagesMagic, shape: shape)
        // (The file may have changed since its header was read.)
        guard images.dimensions[0] == labels.dimensions[0] else { throw mismatch(images.dimensions[0]) }
        if let index = labels.values.firstIndex(where: { $0 > 9 }) {
            throw .labelOutOfRange(file: labelsFile.path, index: index, offset: labels.header.count + index,
                                   label: Int(labels.values[index]))
        }
        self.init(pixelStore: images.values, labelStore: labels.values, first: 0,
                  count: labels.values.count, normalize: normalize)
    }

    /// The 60,000 training images of the MNIST files in `directory`.
    public static func training(in directory: URL, normalize: Bool = false) throws(DataError) -> MNIST {
        try MNIST(imagesFile: MNISTFile.trainImages.url(in: directory),
                  labelsFile: MNISTFile.trainLabels.url(in: directory), normalize: normalize)
    }

    /// The 10,000 test images of the MNIST files in `directory`.
    public static func test(in directory: URL, normalize: Bool = false) throws(DataError) -> MNIST {
        try MNIST(imagesFile: MNISTFile.testImages.url(in: directory),
                  labelsFile: MNISTFile.testLabels.url(in: directory), normalize: normalize)
    }

    /// The training and the test images of the MNIST files in `directory`, read at the same time
    /// on two threads (inflating the 47 MB of training images takes most of a second's tenth; the
    /// test images then come for free). If both fail, the training set's error is the one thrown.
    public static func trainingAndTest(in directory: URL, normalize: Bool = false) throws(DataError) -> (training: MNIST, test: MNIST) {
        let results = LoadResults()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let result = Result { () throws(DataError) -> MNIST in
                i == 0 ? try training(in: directory, normalize: normalize) : try test(in: directory, normalize: normalize)
            }
            results.set(i, result)
        }
        return (try results.get(0), try results.get(1))
    }

    /// The two results of `trainingAndTest`, written from two threads.
    private final class LoadResults: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<MNIST, DataError>?] = [nil, nil]

        func set(_ i: Int, _ result: Result<MNIST, DataError>) { lock.withLock { results[i] = result } }
        func get(_ i: Int) throws(DataError) -> MNIST { try lock.withLock { results[i]! }.get() }
    }

    /// What inflates gzip'd files in this process: libdeflate where the machine has it, else zlib
    /// (see `LibDeflate`), for a benchmark's report.
    public static var inflater: String { LibDeflate.description }

    /// The book's 500-digit sample (the first 500 training images) in `directory` (the repository's
    /// `data/sample`): `sample-images-idx3-ubyte` and `sample-labels-idx1-ubyte`, gzip'd (`.gz`) or
    /// not, as the full MNIST files.
    public static func sample(in directory: URL, normalize: Bool = false) throws(DataError) -> MNIST {
        var files: [URL] = []
        for name in sampleFileNames {
            guard let url = locateSampleFile(name, in: directory) else {
                throw .missingFile(directory: directory.path, names: [name + ".gz", name])
            }
            files.append(url)
        }
        return try MNIST(imagesFile: files[0], labelsFile: files[1], normalize: normalize)
    }

    /// The sample's two files, images then labels, without the `.gz` they usually have.
    public static let sampleFileNames = ["sample-images-idx3-ubyte", "sample-labels-idx1-ubyte"]

    /// The sample files missing in `directory` (each under its gzip'd name), or nil if both are there.
    public static func missingSampleFiles(in directory: URL) -> [String]? {
        let missing = sampleFileNames.filter { locateSampleFile($0, in: directory) == nil }
        return missing.isEmpty ? nil : missing.map { $0 + ".gz" }
    }

    /// The sample file `name` in `directory`, gzip'd or not. Found with `lstat`, as
    /// `MNISTFile.locate`: a link that leads nowhere is there, and reading it says where it leads
    /// ("missing" would send the teacher to look for the file in another folder).
    static func locateSampleFile(_ name: String, in directory: URL) -> URL? {
        [name + ".gz", name].lazy.map { directory.appendingPathComponent($0) }.first { var info = stat(); return lstat($0.path, &info) == 0 }
    }

    /// The label of image `i`, 0-9.
    public func label(at i: Int) -> Int {
        precondition(i >= 0 && i < count, "MNIST: image \(i) of \(count)")
        return Int(labelStore[first + i])
    }

    /// All labels, in order.
    public var labels: [Int] { (0..<count).map(label(at:)) }

    /// The 784 bytes of image `i`, row by row.
    public func pixels(at i: Int) -> ArraySlice<UInt8> {
        precondition(i >= 0 && i < count, "MNIST: image \(i) of \(count)")
        let start = (first + i) * MNIST.pixelsPerImage
        return pixelStore[start ..< start + MNIST.pixelsPerImage]
    }

    /// Image `i` as a `[28, 28, 1]` tensor, divided by `pixelDivisor`.
    public func image(at i: Int) -> Tensor {
        let divisor = pixelDivisor
        return Tensor(shape: MNIST.imageShape, scalars: pixels(at: i).map { Float($0) / divisor })
    }

    /// Whether `other` holds the same images with the same labels, in the same order: a training
    /// folder whose files are copies of the test files (or the reverse) trains on the test set,
    /// and its "test accuracy" then measures memory, not learning. Only sets of one size are
    /// compared, so two real sets cost one comparison of their counts.
    public func holdsTheSameImages(as other: MNIST) -> Bool {
        guard count == other.count else { return false }
        let (pixels, labels) = (first * MNIST.pixelsPerImage ..< (first + count) * MNIST.pixelsPerImage, first ..< first + count)
        let (otherPixels, otherLabels) = (other.first * MNIST.pixelsPerImage ..< (other.first + other.count) * MNIST.pixelsPerImage,
                                          other.first ..< other.first + other.count)
        return labelStore[labels].elementsEqual(other.labelStore[otherLabels]) && pixelStore[pixels].elementsEqual(other.pixelStore[otherPixels])
    }

    /// The images in `range`, sharing this set's memory.
    public func subset(_ range: Range<Int>) -> MNIST {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "MNIST: subset \(range) of \(count) images")
        return MNIST(pixelStore: pixelStore, labelStore: labelStore, first: first + range.lowerBound,
                     count: range.count, normalize: normalize)
    }

    /// The images at `indices`, in that order (a copy).
    public func subset(_ indices: [Int]) -> MNIST {
        MNIST(pixels: indices.flatMap { pixels(at: $0) }, labels: indices.map { UInt8(label(at: $0)) },
              normalize: normalize)
    }

    /// The same images, with pixels divided by 255 when they become floats.
    public func normalized(_ normalize: Bool = true) -> MNIST {
        var copy = self
        copy.normalize = normalize
        return copy
    }

    /// Starts fetching the images `indices` from memory into the caches, one request per cache line
    /// (64 bytes), and returns at once; indices outside the set are skipped.
    ///
    /// Training visits the 47 MB of images in random order, so an image read without warning waits
    /// on memory; asked for one batch ahead, it is in cache when `copyImages` reads it.
    func prefetchImages(_ indices: UnsafeBufferPointer<Int>) {
        let size = MNIST.pixelsPerImage, line = 64
        pixelStore.withUnsafeBufferPointer { store in
            for index in indices where index >= 0 && index < count {
                let image = store.baseAddress! + (first + index) * size
                for offset in stride(from: 0, to: size, by: line) { cnn_prefetch(image + offset) }
                cnn_prefetch(image + size - 1)
            }
        }
    }

    /// Writes the images `indices` as floats, one after another, into `destination` (784 floats
    /// each), divided by `pixelDivisor`.
    ///
    /// Training visits the 47 MB of images in random order, so most are in no cache. Converting a
    /// cache line (64 pixels) of every image in turn, rather than one whole image after another,
    /// lets the processor fetch all of them from memory at the same time.
    func copyImages(_ indices: UnsafeBufferPointer<Int>, into destination: UnsafeMutablePointer<Float>) {
        let divisor = pixelDivisor, size = MNIST.pixelsPerImage, line = 64
        // 16 pixels at a time: bytes widened to floats, then divided lane by lane (the same
        // correctly rounded division as one pixel at a time, so the floats are identical).
        @inline(__always) func convert(_ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<Float>, _ k: Int) {
            let pixels = Vector(UnsafeRawPointer(source + k).loadUnaligned(as: SIMD16<UInt8>.self))
            target.setVector(divisor == 1 ? pixels : pixels / Vector(repeating: divisor), at: k)
        }
        pixelStore.withUnsafeBufferPointer { store in
            for start in stride(from: 0, to: size, by: line) {
                let end = min(start + line, size), vectorEnd = start + (end - start) / Vector.width * Vector.width
                for (i, index) in indices.enumerated() {
                    precondition(index >= 0 && index < count, "MNIST: image \(index) of \(count)")
                    let source = store.baseAddress! + (first + index) * size, target = destination + i * size
                    for k in stride(from: start, to: vectorEnd, by: Vector.width) { convert(source, target, k) }
                    for k in vectorEnd..<end { target[k] = Float(source[k]) / divisor }
                }
            }
        }
    }
}
