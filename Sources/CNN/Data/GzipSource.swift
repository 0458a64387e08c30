import CZlib

/// gzip data inflated as it is read (the only file that uses zlib).
///
/// Nothing is sized from the gzip trailer: its length field is the size modulo 4 GiB, written by
/// whoever made the file. The reader asks for bytes and zlib inflates only as many as were asked
/// for, so a small file that would inflate to gigabytes costs no more than the bytes the reader
/// wanted. zlib checks each member's CRC-32 and length when it reaches the member's end. Members
/// concatenated as `cat a.gz b.gz` makes are read one after another; anything else after the last
/// member is an error, as is data that ends inside a member.
final class GzipSource<Compressed: ByteSource>: ByteSource {
    private var compressed: Compressed
    private let file: String
    // zlib keeps a pointer back to its z_stream, so the stream must not move: it lives on the heap.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    /// Bytes taken from `compressed` so far; minus the ones zlib has not used yet, the offset of an error.
    private var compressedRead = 0
    private var compressedEnded = false
    /// The last member has ended, its checks passed, and nothing follows it.
    private var finished = false

    /// Whether `bytes` start with the gzip magic number 1f 8b.
    static func isCompressed(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x1F, 0x8B])
    }

    init(_ compressed: Compressed, file: String) {
        self.compressed = compressed
        self.file = file
        stream.initialize(to: z_stream())
        // 15 + 16: the largest window, and gzip headers only (a zlib header after a member is garbage).
        let status = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        // Fails only without memory or with a zlib of another major version: not the file's fault.
        precondition(status == Z_OK, "zlib: inflateInit2 failed with \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    var knownCount: Int? { nil }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let offered = Int(UInt32(clamping: buffer.count))
        stream.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(offered)
        while true {
            if stream.pointee.avail_in == 0 { try refill() }
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = offered - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                // This member's CRC-32 and length matched its data.
                if try anotherMemberFollows() {
                    guard inflateReset(stream) == Z_OK else { throw corrupt("zlib could not restart") }
                } else {
                    finished = true
                    return produced
                }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                // Z_BUF_ERROR with nothing left to read: the data stops inside a member.
                if status == Z_BUF_ERROR && stream.pointee.avail_in == 0 && compressedEnded {
                    throw corrupt("the compressed data ends early, inside a gzip member")
                }
                // With input and room for output zlib always moves; if it ever did not, stop rather than spin.
                if status == Z_BUF_ERROR && stream.pointee.avail_in > 0 { throw corrupt("zlib made no progress") }
            case Z_DATA_ERROR:
                throw corrupt(explanation(of: stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"))
            case Z_MEM_ERROR:
                throw corrupt("zlib ran out of memory")
            default:
                throw corrupt("zlib error \(status)")
            }
            if produced > 0 { return produced }
        }
    }

    /// After a member's end: whether the next bytes start another member (true), nothing follows
    /// (false), or something else does (an error).
    private func anotherMemberFollows() throws(DataError) -> Bool {
        while stream.pointee.avail_in < 2 && !compressedEnded { try refill() }
        guard stream.pointee.avail_in > 0 else { return false }
        let next = UnsafeBufferPointer(start: stream.pointee.next_in, count: Int(stream.pointee.avail_in))
        guard Self.isCompressed(next) else {
            throw corrupt("bytes after the end of the gzip data that are not another gzip member")
        }
        return true
    }

    /// Moves the bytes zlib has not used yet to the front of `input` and reads more after them.
    private func refill() throws(DataError) {
        guard !compressedEnded else { return }
        let pending = Int(stream.pointee.avail_in)
        if pending > 0, let next = stream.pointee.next_in {
            input.baseAddress!.copyMemory(from: next, byteCount: pending)
        }
        let n = try compressed.read(into: UnsafeMutableRawBufferPointer(rebasing: input[pending...]))
        if n == 0 { compressedEnded = true }
        compressedRead += n
        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_in = UInt32(pending + n)
    }

    /// An error at the first compressed byte zlib has not used.
    private func corrupt(_ reason: String) -> DataError {
        .corruptGzip(file: file, offset: compressedRead - Int(stream.pointee.avail_in), reason: reason)
    }

    /// zlib's words for the two trailer checks, in the reader's.
    private func explanation(of zlibMessage: String) -> String {
        switch zlibMessage {
        case "incorrect data check": "the CRC-32 in the gzip trailer does not match the inflated data"
        case "incorrect length check": "the length in the gzip trailer does not match the inflated data"
        default: zlibMessage
        }
    }
}
