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
/// never produces more than the header announced, whatever its trailer says. (Where libdeflate is
/// installed, a gzip file is first offered to it, inflated in one call into a buffer of exactly
/// the announced size; see `LibDeflate`.)
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
            if let content = inflatedWhole(bytes, magic: magic, shape: shape, maximumBytes: maximumBytes) { return content }
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
                if LibDeflate.library != nil, let size = raw.knownCount, size <= LibDeflate.largestFile,
                   let content = inflatedWhole(try raw.firstBytes(size), magic: magic, shape: shape, maximumBytes: maximumBytes) {
                    return content
                }
                var inflated = GzipSource(raw, file: file)
                return try read(from: &inflated, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes)
            }
            return try read(from: &raw, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes)
        }
    }

    /// The sizes the header of the IDX file at `url` announces (gzip or not), read and checked as
    /// `read` checks them, without the values: to compare two files' sizes before either's body is
    /// read.
    public static func header(of url: URL, magic: UInt32, shape: [Int?], maximumBytes: Int = maximumBytes) throws(DataError) -> [Int] {
        let file = url.path
        return try FileSource.withOpened(url) { (raw: inout FileSource) throws(DataError) -> [Int] in
            if GzipSource<FileSource>.isCompressed(try raw.firstBytes(2)) {
                var inflated = GzipSource(raw, file: file)
                return try readHeader(from: &inflated, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes).dimensions
            }
            return try readHeader(from: &raw, file: file, magic: magic, shape: shape, maximumBytes: maximumBytes).dimensions
        }
    }

    /// Reads the header from `source`, then exactly the values it announces, then checks that
    /// nothing follows.
    static func read<Source: ByteSource>(from source: inout Source, file: String, magic expected: UInt32,
                                         shape: [Int?], maximumBytes: Int) throws(DataError) -> Content {
        let header = try readHeader(from: &source, file: file, magic: expected, shape: shape, maximumBytes: maximumBytes)
        let (headerSize, valueCount) = (header.size, header.valueCount)
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
        return Content(magic: header.magic, dimensions: header.dimensions, values: values)
    }

    /// An IDX header as read and checked: its magic, sizes, its own length and the number of values it announces.
    struct Header {
        let magic: UInt32
        let dimensions: [Int]
        let size: Int
        let valueCount: Int
    }

    /// Reads the header from `source` and checks it against `expected` and `shape`, and the values
    /// it announces against `maximumBytes`.
    static func readHeader<Source: ByteSource>(from source: inout Source, file: String, magic expected: UInt32,
                                               shape: [Int?], maximumBytes: Int) throws(DataError) -> Header {
        precondition(Int(expected & 0xFF) == shape.count, "IDX: magic \(expected) has another rank than shape \(shape)")
        let headerSize = 4 + 4 * shape.count
        let magicBytes = try readBytes(4, from: &source)
        guard magicBytes.count == 4 else { throw .truncatedHeader(file: file, headerBytes: headerSize, actualBytes: magicBytes.count) }
        let magic = bigEndianUInt32(magicBytes[...])
        guard magic == expected else { throw .wrongMagic(file: file, expected: expected, found: magic) }

        let sizeBytes = try readBytes(4 * shape.count, from: &source)
        guard sizeBytes.count == 4 * shape.count else {
            throw .truncatedHeader(file: file, headerBytes: headerSize, actualBytes: 4 + sizeBytes.count)
        }
        let dimensions = (0..<shape.count).map { Int(bigEndianUInt32(sizeBytes[4 * $0 ..< 4 * $0 + 4])) }
        guard zip(dimensions, shape).allSatisfy({ $1 == nil || $0 == $1 }) else {
            let expectedShape = shape.map { $0.map(String.init) ?? "N" }.joined(separator: "x")
            throw .badDimensions(file: file, dimensions: dimensions, expected: expectedShape)
        }
        guard let valueCount = product(dimensions, atMost: maximumBytes - headerSize) else {
            throw .tooLarge(file: file, dimensions: dimensions, maximumBytes: maximumBytes)
        }
        return Header(magic: magic, dimensions: dimensions, size: headerSize, valueCount: valueCount)
    }

    /// gzip bytes inflated in one call by libdeflate (see `LibDeflate`), or nil: if this machine
    /// has no libdeflate, or the bytes are anything but one gzip member that inflates to a valid
    /// header and exactly the values it announces. Nil is never an error: the caller then reads
    /// the same bytes through `GzipSource`, which says what is wrong, if anything is.
    static func inflatedWhole(_ compressed: [UInt8], magic: UInt32, shape: [Int?], maximumBytes: Int,
                              using library: LibDeflate.Library? = LibDeflate.library) -> Content? {
        guard let library else { return nil }
        // The header, inflated by zlib: it says how many bytes the whole member must inflate to.
        var start = GzipSource(MemorySource(compressed), file: "")
        guard let header = try? readHeader(from: &start, file: "", magic: magic, shape: shape, maximumBytes: maximumBytes) else {
            return nil
        }
        let total = header.size + header.valueCount
        var bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            LargeBuffer.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            let inflated = compressed.withUnsafeBytes { LibDeflate.inflateGzip($0, into: UnsafeMutableRawBufferPointer(buffer), using: library) }
            // Bytes libdeflate wrote are kept only if they are the whole, checked member.
            initialized = inflated ? total : 0
        }
        guard bytes.count == total else { return nil }
        // The values are what follows the header: moved to the front in place, not copied.
        bytes.removeFirst(header.size)
        return Content(magic: header.magic, dimensions: header.dimensions, values: bytes)
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
            LargeBuffer.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
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
