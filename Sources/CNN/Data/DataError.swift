/// Why a data file could not be used. Every case names the file, so the message says where to look.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// None of the accepted names of a file exists in the directory.
    case missingFile(directory: String, names: [String])
    /// The file exists but cannot be read.
    case unreadable(file: String, reason: String)
    /// The file looks gzip-compressed but does not inflate.
    case corruptGzip(file: String, reason: String)
    /// The first four bytes are not the IDX magic number expected for this kind of file.
    case wrongMagic(file: String, expected: UInt32, found: UInt32)
    /// The file ends before the size its header announces.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// The file goes on after the size its header announces.
    case trailingBytes(file: String, expectedBytes: Int, actualBytes: Int)
    /// The header's dimensions are not the ones this data set has.
    case badDimensions(file: String, dimensions: [Int], expected: String)
    /// The images file and the labels file disagree on how many samples there are.
    case countMismatch(imagesFile: String, images: Int, labelsFile: String, labels: Int)
    /// A label is not a digit 0...9.
    case labelOutOfRange(file: String, index: Int, label: Int)
    /// The uncompressed content is not the published one.
    case checksumMismatch(file: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .missingFile(directory, names):
            return "\(directory): no \(names.joined(separator: " or "))"
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .corruptGzip(file, reason):
            return "\(file): not a valid gzip file: \(reason)"
        case let .wrongMagic(file, expected, found):
            return "\(file): wrong magic number \(hex(found)), expected \(hex(expected))"
        case let .truncated(file, expected, actual):
            return "\(file): truncated: \(actual) bytes, the header announces \(expected)"
        case let .trailingBytes(file, expected, actual):
            return "\(file): \(actual) bytes, the header announces only \(expected)"
        case let .badDimensions(file, dimensions, expected):
            return "\(file): bad dimensions \(dimensions.map(String.init).joined(separator: "x")), expected \(expected)"
        case let .countMismatch(imagesFile, images, labelsFile, labels):
            return "\(imagesFile) has \(images) images but \(labelsFile) has \(labels) labels"
        case let .labelOutOfRange(file, index, label):
            return "\(file): label \(label) at index \(index) is not a digit 0-9"
        case let .checksumMismatch(file, expected, actual):
            return "\(file): SHA-256 of the uncompressed content is \(actual), expected \(expected)"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
