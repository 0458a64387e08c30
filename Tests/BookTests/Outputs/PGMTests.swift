@testable import Book
import Foundation
import Testing

@Suite struct PGMTests {
    @Test func writesTheP5HeaderThenTheBytes() {
        let data = PGM.encode(GrayImage(width: 3, height: 2, pixels: [0, 1, 2, 253, 254, 255]))
        #expect(data == Data("P5\n3 2\n255\n".utf8) + Data([0, 1, 2, 253, 254, 255]))
    }

    @Test func readsBackWhatItWrote() throws {
        let pixels = (0..<(28 * 28)).map { UInt8($0 % 256) }
        let image = GrayImage(width: 28, height: 28, pixels: pixels)
        let back = try PGM.decode(PGM.encode(image))
        #expect(back.width == 28 && back.height == 28 && back.pixels == pixels)
    }

    @Test func readsHeaderComments() throws {
        let data = Data("P5\n# made by hand\n2 1\n255\n".utf8) + Data([7, 9])
        #expect(try PGM.decode(data).pixels == [7, 9])
    }

    @Test(arguments: [
        (Data("P2\n1 1\n255\n0".utf8), "bad magic"),
        (Data("P5\n2 2\n255\n".utf8) + Data([1, 2, 3]), "expected 4 pixel bytes, found 3"),
        (Data("P5\n1 1\n65535\n".utf8) + Data([1, 2]), "only 255"),
        (Data("P5\nx 1\n255\n".utf8), "expected the width"),
        (Data("P5\n0 1\n255\n".utf8), "bad size"),
    ])
    func rejectsMalformedFiles(data: Data, message: String) {
        #expect { try PGM.decode(data) } throws: { ($0 as! PGMError).description.contains(message) }
    }

    @Test func mapsSignedHeatmapsWithZeroAtMidGrey() {
        let image = PGM.grayImage(of: Heatmap(width: 3, height: 1, values: [-2, 0, 2]))
        #expect(image.pixels == [0, 128, 255])
        let unsigned = PGM.grayImage(of: Heatmap(width: 3, height: 1, values: [1, 2, 3], signed: false))
        #expect(unsigned.pixels == [0, 128, 255])
    }
}
