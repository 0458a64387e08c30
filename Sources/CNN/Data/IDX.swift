import Foundation

/// The IDX format of the MNIST files (LeCun et al.): a big-endian header, then the values.
///
///     bytes 0-3   magic: 0x00, 0x00, type (0x08 = unsigned byte), rank r
///     then        r sizes, each a big-endian UInt32
///     then        the values, one byte each, row-major
///
/// Images are 0x00000803 (count, rows, columns); labels are 0x00000801 (count).
enum IDX {
    static let imagesMagic: UInt32 = 0x0000_0803
    static let labelsMagic: UInt32 = 0x0000_0801

    /// The dimensions and values of an IDX file of unsigned bytes, its header checked against
    /// `magic` and `shape` (nil for "any size", e.g. the number of images).
    ///
    /// The values are the file's own array with the header shifted out, so a 47 MB file is in
    /// memory once.
    static func read(_ url: URL, magic expected: UInt32, shape: [Int?]) throws(DataError) -> (dimensions: [Int], values: [UInt8]) {
        var bytes = try uncompressedContents(of: url)
        let file = url.path
        guard bytes.count >= 4 else { throw .truncated(file: file, expectedBytes: 4, actualBytes: bytes.count) }
        let magic = bigEndianUInt32(bytes, at: 0)
        guard magic == expected else { throw .wrongMagic(file: file, expected: expected, found: magic) }
        let rank = Int(magic & 0xFF)
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw .truncated(file: file, expectedBytes: headerSize, actualBytes: bytes.count)
        }
        let dimensions = (0..<rank).map { Int(bigEndianUInt32(bytes, at: 4 + 4 * $0)) }
        guard zip(dimensions, shape).allSatisfy({ $1 == nil || $0 == $1 }) else {
            let expectedShape = shape.map { $0.map(String.init) ?? "N" }.joined(separator: "x")
            throw .badDimensions(file: file, dimensions: dimensions, expected: expectedShape)
        }
        let expectedSize = headerSize + dimensions.reduce(1, *)
        guard bytes.count >= expectedSize else {
            throw .truncated(file: file, expectedBytes: expectedSize, actualBytes: bytes.count)
        }
        guard bytes.count == expectedSize else {
            throw .trailingBytes(file: file, expectedBytes: expectedSize, actualBytes: bytes.count)
        }
        bytes.removeFirst(headerSize)
        return (dimensions, bytes)
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
