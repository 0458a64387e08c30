import CZlib

/// gzip decompression through the system's zlib (the only file that uses it).
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Why inflating failed, in zlib's words.
    public struct Failure: Error, Sendable { public let reason: String }

    /// The uncompressed content of gzip (or zlib) data; concatenated gzip members are joined.
    public static func decompress(_ compressed: [UInt8]) throws(Failure) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: sizeHint(compressed))
        var produced = 0
        var stream = z_stream()
        // 15 + 32: the largest window, and let zlib tell gzip from zlib headers by itself.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }

        var consumed = 0
        while true {
            let status: Int32 = compressed.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                    stream.avail_in = UInt32(input.count - consumed)
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(out.count - produced)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    consumed = input.count - Int(stream.avail_in)
                    produced = out.count - Int(stream.avail_out)
                    return status
                }
            }
            switch status {
            case Z_STREAM_END:
                // Another gzip member may follow (as `cat a.gz b.gz` makes).
                if consumed < compressed.count, compressed[consumed] == 0x1F {
                    guard inflateReset(&stream) == Z_OK else { throw Failure(reason: "zlib could not restart") }
                    continue
                }
                guard consumed == compressed.count else {
                    throw Failure(reason: "\(compressed.count - consumed) bytes of garbage after the compressed data")
                }
                output.removeLast(output.count - produced)
                return output
            case Z_OK, Z_BUF_ERROR:
                if produced == output.count {
                    output.append(contentsOf: repeatElement(0, count: max(output.count, 1 << 16)))
                } else if consumed == compressed.count {
                    throw Failure(reason: "the compressed data ends too early")
                }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw Failure(reason: message)
            }
        }
    }

    /// The uncompressed size a gzip file announces in its last four bytes (modulo 2^32), so the
    /// output is allocated once; a guess for anything else.
    private static func sizeHint(_ compressed: [UInt8]) -> Int {
        guard isCompressed(compressed), compressed.count >= 18 else { return max(1 << 16, 4 * compressed.count) }
        let n = compressed.count
        let size = Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8 | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
        return min(max(size, 1), 1 << 30)
    }
}
