@testable import CNN
import Foundation
import Testing

/// gzip files are inflated as they are read, never further than the IDX header asks, with every
/// way a gzip file can be wrong reported with the compressed byte where it went wrong.
///
/// The gzip files here are written by `storedGzip`, an independent writer (stored deflate blocks,
/// a bitwise CRC-32), so zlib is tested against the format, not against itself.
@Suite struct GzipSourceTests {
    static let labels = idxFile(magic: 0x801, dimensions: [5], values: [0, 1, 2, 3, 9])

    func decodeLabels(_ bytes: [UInt8]) throws -> IDX.Content {
        try IDX.decode(bytes, file: "l.gz", magic: IDX.labelsMagic, shape: [nil])
    }

    @Test func aStoredGzipFileInflatesToItsContent() throws {
        let content = try decodeLabels(storedGzip(Self.labels))
        #expect(content.header + content.values == Self.labels)
    }

    @Test func concatenatedMembersAreJoined() throws {
        let content = try decodeLabels(storedGzip(Array(Self.labels.prefix(6))) + storedGzip(Array(Self.labels.dropFirst(6))))
        #expect(content.header + content.values == Self.labels)
    }

    @Test func aCRCMismatchIsReportedAtTheTrailer() {
        var gzip = storedGzip(Self.labels)
        gzip[gzip.count - 8] ^= 0x01
        #expect(throws: DataError.corruptGzip(file: "l.gz", offset: gzip.count - 4,
                                              reason: "the CRC-32 in the gzip trailer does not match the inflated data")) {
            try decodeLabels(gzip)
        }
    }

    @Test func aTrailerClaimingFourGiBIsALengthMismatchNotAnAllocation() {
        var gzip = storedGzip(Self.labels)
        for k in 1...4 { gzip[gzip.count - k] = 0xFF }
        #expect(throws: DataError.corruptGzip(file: "l.gz", offset: gzip.count,
                                              reason: "the length in the gzip trailer does not match the inflated data")) {
            try decodeLabels(gzip)
        }
    }

    @Test func aMemberThatEndsEarlyIsReportedAtTheEnd() {
        let gzip = Array(storedGzip(Self.labels).dropLast(3))
        #expect(throws: DataError.corruptGzip(file: "l.gz", offset: gzip.count,
                                              reason: "the compressed data ends early, inside a gzip member")) {
            try decodeLabels(gzip)
        }
    }

    @Test func garbageAfterTheLastMemberIsReportedWhereItStarts() {
        let member = storedGzip(Self.labels)
        #expect(throws: DataError.corruptGzip(file: "l.gz", offset: member.count,
                                              reason: "bytes after the end of the gzip data that are not another gzip member")) {
            try decodeLabels(member + [0x00, 0x00, 0x00])
        }
    }

    @Test func contentShorterThanTheHeaderAnnouncesIsTruncated() {
        #expect(throws: DataError.truncated(file: "l.gz", expectedBytes: 13, actualBytes: 11)) {
            try decodeLabels(storedGzip(Array(Self.labels.dropLast(2))))
        }
    }

    @Test func inflatingStopsOneByteAfterWhatTheHeaderAnnounces() throws {
        // Two labels announced, then 1 MiB more: the reader must stop long before reading it all.
        let gzip = storedGzip(idxFile(magic: 0x801, dimensions: [2], values: [1, 2] + [UInt8](repeating: 0, count: 1 << 20)))
        let counting = CountingSource(MemorySource(gzip))
        var source = GzipSource(counting, file: "l.gz")
        #expect(throws: DataError.inflatesBeyondHeader(file: "l.gz", announcedBytes: 10)) {
            try IDX.read(from: &source, file: "l.gz", magic: IDX.labelsMagic, shape: [nil], maximumBytes: IDX.maximumBytes)
        }
        // At most one 64 KiB input buffer more than the ten bytes wanted.
        #expect(counting.bytesRead <= 1 << 16)
    }

    @Test func theMessageForTooMuchDataNamesTheAnnouncedSize() {
        #expect(DataError.inflatesBeyondHeader(file: "t.gz", announcedBytes: 47_040_016).description
                == "t.gz: inflates to more than the 47040016 bytes its IDX header announces")
    }
}

/// A source that counts the bytes read from it (a class, so the count is seen through the copy
/// a `GzipSource` keeps).
final class CountingSource<Inner: ByteSource>: ByteSource {
    var inner: Inner
    var bytesRead = 0
    init(_ inner: Inner) { self.inner = inner }
    var knownCount: Int? { inner.knownCount }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        let n = try inner.read(into: buffer)
        bytesRead += n
        return n
    }
}

/// `bytes` as one gzip member of stored (uncompressed) deflate blocks, per RFC 1951 section 3.2.4
/// and RFC 1952.
func storedGzip(_ bytes: [UInt8]) -> [UInt8] {
    func littleEndian(_ value: UInt32, _ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
    let blockSize = 65_535
    var start = 0
    repeat {
        let end = min(start + blockSize, bytes.count)
        let length = UInt32(end - start)
        out.append(end == bytes.count ? 1 : 0)  // BFINAL, BTYPE 00 (stored)
        out += littleEndian(length, 2) + littleEndian(~length & 0xFFFF, 2)
        out += bytes[start..<end]
        start = end
    } while start < bytes.count
    return out + littleEndian(crc32Reference(bytes), 4) + littleEndian(UInt32(truncatingIfNeeded: bytes.count), 4)
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), one bit at a time: slow and obvious.
func crc32Reference(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}
