/// Bytes read a piece at a time, from the front: a file, an array in memory, or gzip data being
/// inflated. The IDX reader pulls exactly the bytes its header announces (and one more, to see
/// whether there are too many), so nothing reads or inflates further than that.
protocol ByteSource {
    /// How many bytes the source holds, when that is known before reading (a raw file's size);
    /// nil for inflated data, whose size is known only once it has been inflated.
    var knownCount: Int? { get }

    /// Fills the front of `buffer` with the next bytes and returns how many; 0 only at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int
}

extension ByteSource {
    /// Fills all of `buffer` unless the source ends first; returns how many bytes it got.
    mutating func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}

/// The bytes of an array, as a source.
struct MemorySource: ByteSource {
    let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var knownCount: Int? { bytes.count }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position ..< position + n]))
        }
        position += n
        return n
    }
}
