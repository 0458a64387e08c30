/// Why a data file could not be used. Every case names the file, so the message says where to look;
/// where one byte is to blame, the message also gives its offset ("file: byte 1234: ...").
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// None of the accepted names of a file exists in the directory.
    case missingFile(directory: String, names: [String])
    /// The file exists but cannot be read (or is a directory, a FIFO, a device: not a regular file).
    case unreadable(file: String, reason: String)
    /// The file starts like gzip but does not inflate; `offset` is the compressed byte where it went wrong.
    case corruptGzip(file: String, offset: Int, reason: String)
    /// The first four bytes are not the IDX magic number expected for this kind of file.
    case wrongMagic(file: String, expected: UInt32, found: UInt32)
    /// The (uncompressed) file ends before the size its header announces.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// The file ends before its IDX header does (`headerBytes`: magic number and dimensions).
    case truncatedHeader(file: String, headerBytes: Int, actualBytes: Int)
    /// The uncompressed file goes on after the size its header announces.
    case trailingBytes(file: String, expectedBytes: Int, actualBytes: Int)
    /// The gzip file inflates to more bytes than its IDX header announces (inflating stopped there).
    case inflatesBeyondHeader(file: String, announcedBytes: Int)
    /// The header's dimensions are not the ones this data set has.
    case badDimensions(file: String, dimensions: [Int], expected: String)
    /// The header announces more bytes than any data set this program reads (or than an Int can count).
    case tooLarge(file: String, dimensions: [Int], maximumBytes: Int)
    /// A valid file that holds no images (or labels): nothing to train or test on.
    case empty(file: String)
    /// The images file and the labels file disagree on how many samples there are.
    case countMismatch(imagesFile: String, images: Int, labelsFile: String, labels: Int)
    /// A label is not a digit 0...9; `offset` is its byte in the uncompressed file.
    case labelOutOfRange(file: String, index: Int, offset: Int, label: Int)
    /// The uncompressed content is not the published one.
    case checksumMismatch(file: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .missingFile(directory, names):
            return "\(directory): no \(names.joined(separator: " or "))"
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .corruptGzip(file, offset, reason):
            return "\(file): byte \(offset): not a valid gzip file: \(reason)"
        case let .wrongMagic(file, expected, found):
            // A first byte of 1f is how gzip starts: a file that begins so, but not as gzip does, is a damaged one.
            let gzip = found >> 24 == 0x1F ? " (it starts with gzip's first byte, 1f, but not its second, 8b: a damaged gzip file?)" : ""
            return "\(file): wrong magic number \(hex(found)), expected \(hex(expected))" + gzip
        case let .truncated(file, expected, actual):
            // Of a gzip file, the bytes counted are the inflated ones: said, for the file is shorter still.
            return "\(file): truncated: its IDX data (inflated, if the file is gzip) ends after \(actual) bytes, the header announces \(expected)"
        case let .truncatedHeader(file, header, actual):
            return "\(file): truncated: \(actual) byte\(actual == 1 ? "" : "s"), shorter than the \(header)-byte IDX header it must start with"
        case let .trailingBytes(file, expected, actual):
            return "\(file): \(actual) bytes, the header announces only \(expected)"
        case let .inflatesBeyondHeader(file, announced):
            return "\(file): inflates to more than the \(announced) bytes its IDX header announces"
        case let .badDimensions(file, dimensions, expected):
            return "\(file): bad dimensions \(shape(dimensions)), expected \(expected)"
        case let .tooLarge(file, dimensions, maximum):
            return "\(file): dimensions \(shape(dimensions)) announce more than \(maximum) bytes, the most this program reads"
        case let .empty(file):
            return "\(file): holds 0 samples; there is nothing to train or test on"
        case let .countMismatch(imagesFile, images, labelsFile, labels):
            return "\(imagesFile) has \(images) images but \(labelsFile) has \(labels) labels"
        case let .labelOutOfRange(file, index, offset, label):
            return "\(file): byte \(offset): label \(label) at index \(index) is not a digit 0-9"
        case let .checksumMismatch(file, expected, actual):
            return "\(file): SHA-256 of the uncompressed content is \(actual), expected \(expected)"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}

private func shape(_ dimensions: [Int]) -> String {
    dimensions.map(String.init).joined(separator: "x")
}
