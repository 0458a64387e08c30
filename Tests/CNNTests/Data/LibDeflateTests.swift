@testable import CNN
import Foundation
import Testing

/// The libdeflate shortcut (`IDX.inflatedWhole`) reads a well-formed gzip file to exactly what the
/// streaming zlib reader reads, and declines every other file, which the streaming reader then
/// reads or refuses with its own message. (`GzipSourceTests` and `MNISTFileFormatTests` check those
/// messages through `IDX.decode` and `IDX.read`, which offer every gzip file to libdeflate first.)
@Suite(.enabled(if: LibDeflate.library != nil, "libdeflate is not installed here: every gzip file goes through zlib"))
struct LibDeflateTests {
    static let imagesShape: [Int?] = [nil, MNIST.rows, MNIST.columns]

    /// The repository's 500 sample digits: real DEFLATE data (Huffman codes, back-references), as gzip wrote it.
    static func sampleImages() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: sampleDirectory.appendingPathComponent("sample-images-idx3-ubyte.gz")))
    }

    func streamed(_ gzip: [UInt8]) throws(DataError) -> IDX.Content {
        var source = GzipSource(MemorySource(gzip), file: "i.gz")
        return try IDX.read(from: &source, file: "i.gz", magic: IDX.imagesMagic, shape: Self.imagesShape, maximumBytes: IDX.maximumBytes)
    }

    func whole(_ gzip: [UInt8]) -> IDX.Content? {
        IDX.inflatedWhole(gzip, magic: IDX.imagesMagic, shape: Self.imagesShape, maximumBytes: IDX.maximumBytes)
    }

    @Test func aWellFormedFileInflatesInOneCallToWhatTheStreamingReaderReads() throws {
        let gzip = try Self.sampleImages()
        let content = try #require(whole(gzip))
        #expect(content == (try streamed(gzip)))
        #expect(content.dimensions == [500, 28, 28] && content.values.count == 500 * 784)
        // Stored blocks, written by the tests' own gzip writer, too.
        let stored = storedGzip(content.header + content.values)
        #expect(whole(stored) == content)
    }

    @Test func aFileOnDiskIsReadThroughLibDeflateToTheSameContent() throws {
        let url = sampleDirectory.appendingPathComponent("sample-images-idx3-ubyte.gz")
        let read = try IDX.read(url, magic: IDX.imagesMagic, shape: Self.imagesShape)
        #expect(read == (try streamed(try Self.sampleImages())))
    }

    /// Files libdeflate must not take, each made from the sample: the error, if any, is the
    /// streaming reader's, and `decode` gives the same result as reading through zlib alone.
    static let malformed: [(name: String, make: @Sendable ([UInt8]) -> [UInt8])] = [
        ("its last byte cut", { Array($0.dropLast()) }),
        ("a byte of garbage after it", { $0 + [0] }),
        ("a second member after it", { $0 + $0 }),
        ("its CRC-32 wrong", { var g = $0; g[g.count - 8] ^= 1; return g }),
        ("its length field wrong", { var g = $0; g[g.count - 4] ^= 1; return g }),
        ("a byte in the middle of its compressed data changed", { var g = $0; g[g.count / 2] ^= 0x10; return g }),
        ("only its first half", { Array($0.prefix($0.count / 2)) }),
    ]

    @Test(arguments: malformed.indices)
    func anythingButOneExactCheckedMemberIsLeftToTheStreamingReader(_ index: Int) throws {
        let gzip = Self.malformed[index].make(try Self.sampleImages())
        #expect(whole(gzip) == nil, "libdeflate took a file with \(Self.malformed[index].name)")
        let decoded = Result { () throws(DataError) in
            try IDX.decode(gzip, file: "i.gz", magic: IDX.imagesMagic, shape: Self.imagesShape)
        }
        let zlibOnly = Result { () throws(DataError) in try streamed(gzip) }
        #expect(decoded == zlibOnly)
    }

    @Test func aHeaderAnnouncingOtherSizesThanTheDataIsLeftToTheStreamingReader() throws {
        let content = try #require(whole(try Self.sampleImages()))
        for count: UInt32 in [499, 501] {
            var header = content.header
            header[7] = UInt8(count & 0xFF)
            header[6] = UInt8(count >> 8)
            let gzip = storedGzip(header + content.values)
            #expect(whole(gzip) == nil)
            #expect(throws: DataError.self) { try streamed(gzip) }
        }
    }

    @Test func withoutTheLibraryNothingIsTaken() throws {
        let gzip = try Self.sampleImages()
        #expect(IDX.inflatedWhole(gzip, magic: IDX.imagesMagic, shape: Self.imagesShape, maximumBytes: IDX.maximumBytes, using: nil) == nil)
    }
}
