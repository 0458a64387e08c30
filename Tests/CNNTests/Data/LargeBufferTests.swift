@testable import CNN
import Foundation
import Testing

/// MNIST's training images are held in large pages where Linux offers them, and the advice that
/// asks for them names no memory outside the buffer.
@Suite struct LargeBufferTests {
    static let page = LargeBuffer.hugePage

    @Test func onlyWholePagesInsideTheBufferAreNamed() {
        let p = UInt(Self.page)
        // Aligned, exactly two pages.
        #expect(LargeBuffer.wholePages(of: Self.page, inBytes: 2 * Self.page, at: 4 * p) == 4 * p ..< 6 * p)
        // Starting 16 bytes past a page (as large allocations do) and ending inside the fifth.
        #expect(LargeBuffer.wholePages(of: Self.page, inBytes: 4 * Self.page, at: 4 * p + 16) == 5 * p ..< 8 * p)
        // Larger than a page, but no page lies wholly inside it.
        #expect(LargeBuffer.wholePages(of: Self.page, inBytes: Self.page + 100, at: 4 * p + 16) == nil)
        #expect(LargeBuffer.wholePages(of: Self.page, inBytes: 100, at: 4 * p) == nil)
        #expect(LargeBuffer.wholePages(of: Self.page, inBytes: 0, at: 4 * p) == nil)
        // A buffer that would run past the end of the address space.
        #expect(LargeBuffer.wholePages(of: Self.page, inBytes: 4 * Self.page, at: UInt.max - p) == nil)
    }

    @Test func adviceOnABufferChangesNoneOfItsBytes() {
        let count = 3 * Self.page + 12_345
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        LargeBuffer.adviseHugePages(buffer)
        for i in 0..<count { buffer[i] = UInt8(truncatingIfNeeded: i &* 31) }
        LargeBuffer.adviseHugePages(buffer)
        #expect((0..<count).allSatisfy { buffer[$0] == UInt8(truncatingIfNeeded: $0 &* 31) })
    }

    /// Linux's transparent huge pages setting, e.g. "madvise" (nil elsewhere).
    static var transparentHugePages: String? {
        guard let text = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8),
              let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return nil }
        return String(text[text.index(after: open) ..< close])
    }

    @Test(.enabled(if: ["madvise", "always"].contains(transparentHugePages ?? "never"),
                   "Linux with transparent huge pages on request"))
    func theTrainingImagesAreInLargePages() throws {
        let file = try mnistDirectory().appendingPathComponent("train-images-idx3-ubyte.gz")
        let images = try IDX.read(file, magic: IDX.imagesMagic, shape: [nil, 28, 28])
        let bytes = images.values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) ..< UInt(bitPattern: $0.baseAddress) + UInt($0.count) }
        let kilobytes = try Self.anonymousHugePageKilobytes(overlapping: bytes)
        // 47 MB of pixels hold 22 whole large pages.
        #expect(kilobytes >= 20 * Self.page / 1024, "only \(kilobytes) kB of the images' memory is in large pages")
    }

    /// AnonHugePages of the mappings in /proc/self/smaps that overlap `bytes` (the advice splits
    /// a buffer's mapping: its large pages become a mapping of their own).
    static func anonymousHugePageKilobytes(overlapping bytes: Range<UInt>) throws -> Int {
        // Read to its end: the kernel gives /proc files a size of 0, which some readers believe.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        var (overlaps, total) = (false, 0)
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                overlaps = bounds.count == 2 && (bounds[0] ..< bounds[1]).overlaps(bytes)
            } else if overlaps, fields.first == "AnonHugePages:", fields.count >= 2 {
                total += Int(fields[1]) ?? 0
            }
        }
        return total
    }
}
