import Foundation

/// The IDX format of the MNIST files (LeCun et al.): a big-endian header, then the values.
///
///     bytes 0-3   magic: 0x00, 0x00, type (0x08 = unsigned byte), rank r
///     then        r sizes, each a big-endian UInt32
///     then        the values, one byte each, row-major
///
/// Images are 0x00000803 (count, rows, columns); labels are 0x00000801 (count).
///
/// The header is read first and decides how many bytes are read after it: exactly the product of
/// the sizes, checked for overflow and against `maximumBytes` before anything is allocated, and
/// one more to see whether the file goes on. A gzip file is inflated as it is read, so it too
/// never produces more than the header announced, whatever its trailer says.
public enum IDX {
    public static let imagesMagic: UInt32 = 0x0000_0803
    public static let labelsMagic: UInt32 = 0x0000_0801

    /// The most bytes an IDX file may announce: 256 MiB, over five times MNIST's largest file
    /// (47 MB of training images), and small enough that refusing more costs no memory worth naming.
    public static let maximumBytes = 256 << 20

    /// The header and values of an IDX file of unsigned bytes.
    public struct Content: Equatable, Sendable {
        public let magic: UInt32
        public let dimensions: [Int]
        public let values: [UInt8]

        /// The header's bytes, as they were in the file (it is fully determined by the magic and sizes).
        public var header: [UInt8] { ([magic] + dimensions.map { UInt32($0) }).flatMap(bigEndianBytes) }
    }

    /// Decodes IDX bytes held in memory, gzip-compressed or not, checked against `magic` and
    /// `shape` (nil for "any size", e.g. the number of images); `file` names them in errors.
    public static func decode(_ bytes: [UInt8], file: String, magic: UInt32, shape: [Int?],
                              maximumBytes: Int = maximumBytes) throws(DataError) -> Content {
        var raw = MemorySource(bytes)
        if GzipSource<MemorySource>.isCompressed(bytes) {
            var inflated = GzipSource(raw, file: file)
            return try read(from: &inflated, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes)
        }
        return try read(from: &raw, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes)
    }

    /// Reads the IDX file at `url`, gzip-compressed or not (told by its first bytes, not its name),
    /// checked as `decode` checks bytes in memory.
    public static func read(_ url: URL, magic: UInt32, shape: [Int?],
                            maximumBytes: Int = maximumBytes) throws(DataError) -> Content {
        let file = url.path
        return try FileSource.withOpened(url) { (raw: inout FileSource) throws(DataError) -> Content in
            if GzipSource<FileSource>.isCompressed(try raw.firstBytes(2)) {
                var inflated = GzipSource(raw, file: file)
                return try read(from: &inflated, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes)
            }
            return try read(from: &raw, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes)
        }
    }

    /// Reads the header from `source`, then exactly the values it announces, then checks that
    /// nothing follows.
    static func read<Source: ByteSource>(from source: inout Source, file: String, magic expected: UInt32,
                                         shape: [Int?], maximumBytes: Int) throws(DataError) -> Content {
        precondition(Int(expected & 0xFF) == shape.count, "IDX: magic \(expected) has another rank than shape \(shape)")
        let magicBytes = try readBytes(4, from: &source)
        guard magicBytes.count == 4 else { throw .truncated(file: file, expectedBytes: 4, actualBytes: magicBytes.count) }
        let magic = bigEndianUInt32(magicBytes[...])
        guard magic == expected else { throw .wrongMagic(file: file, expected: expected, found: magic) }

        let headerSize = 4 + 4 * shape.count
        let sizeBytes = try readBytes(4 * shape.count, from: &source)
        guard sizeBytes.count == 4 * shape.count else {
            throw .truncated(file: file, expectedBytes: headerSize, actualBytes: 4 + sizeBytes.count)
        }
        let dimensions = (0..<shape.count).map { Int(bigEndianUInt32(sizeBytes[4 * $0 ..< 4 * $0 + 4])) }
        guard zip(dimensions, shape).allSatisfy({ $1 == nil || $0 == $1 }) else {
            let expectedShape = shape.map { $0.map(String.init) ?? "N" }.joined(separator: "x")
            throw .badDimensions(file: file, dimensions: dimensions, expected: expectedShape)
        }
        guard let valueCount = product(dimensions, atMost: maximumBytes - headerSize) else {
            throw .tooLarge(file: file, dimensions: dimensions, maximumBytes: maximumBytes)
        }
        let expectedSize = headerSize + valueCount

        // A raw file's size is known: a wrong one is refused before its body is read.
        if let known = source.knownCount, known < expectedSize {
            throw .truncated(file: file, expectedBytes: expectedSize, actualBytes: known)
        }
        if let known = source.knownCount, known > expectedSize {
            throw .trailingBytes(file: file, expectedBytes: expectedSize, actualBytes: known)
        }
        let values = try readBytes(valueCount, from: &source)
        guard values.count == valueCount else {
            throw .truncated(file: file, expectedBytes: expectedSize, actualBytes: headerSize + values.count)
        }
        // One byte more is one too many; for gzip, reading to the end also checks the trailer.
        let extra = try readBytes(1, from: &source)
        guard extra.isEmpty else {
            if let known = source.knownCount {
                throw .trailingBytes(file: file, expectedBytes: expectedSize, actualBytes: known)
            }
            throw .inflatesBeyondHeader(file: file, announcedBytes: expectedSize)
        }
        return Content(magic: magic, dimensions: dimensions, values: values)
    }

    /// The product of `sizes`, or nil if it is more than `limit` (or than an Int holds).
    static func product(_ sizes: [Int], atMost limit: Int) -> Int? {
        if sizes.contains(0) { return 0 }
        var result = 1
        for size in sizes {
            let (next, overflow) = result.multipliedReportingOverflow(by: size)
            guard !overflow, next <= limit else { return nil }
            result = next
        }
        return result
    }

    /// Up to `count` bytes from `source` (fewer only if it ends first), in an array of that capacity.
    private static func readBytes<Source: ByteSource>(_ count: Int, from source: inout Source) throws(DataError) -> [UInt8] {
        var failure: DataError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(DataError) {
                initialized = try source.readFully(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    private static func bigEndianUInt32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

private func bigEndianBytes(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
}
