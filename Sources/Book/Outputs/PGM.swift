import Foundation

/// Binary PGM ("P5"): the simplest grayscale file there is, readable by any image tool.
///
///     P5\n<width> <height>\n255\n<width*height bytes, row by row>
public enum PGM {
    /// The file for `image`.
    public static func encode(_ image: GrayImage) -> Data {
        var data = Data("P5\n\(image.width) \(image.height)\n255\n".utf8)
        data.append(contentsOf: image.pixels)
        return data
    }

    /// Reads a P5 file with a maximum value of 255, checking the magic, the header's numbers and
    /// the pixel count. Comments (`#` to the end of the line) are allowed in the header.
    public static func decode(_ data: Data) throws(PGMError) -> GrayImage {
        let bytes = [UInt8](data)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "5") else {
            throw PGMError("bad magic: a binary PGM starts with 'P5'")
        }
        var index = 2
        func number(_ what: String) throws(PGMError) -> Int {
            // Whitespace and comments may come between header fields.
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                } else if [9, 10, 13, 32].contains(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            var value = 0, numerals = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, numerals < 9 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
                numerals += 1
            }
            guard numerals > 0 else { throw PGMError("expected the \(what) in the header") }
            return value
        }
        let width = try number("width"), height = try number("height"), maxValue = try number("maximum value")
        guard width > 0, height > 0, width <= 1 << 14, height <= 1 << 14 else {
            throw PGMError("bad size \(width)x\(height)")
        }
        guard maxValue == 255 else { throw PGMError("maximum value \(maxValue); only 255 is supported") }
        guard index < bytes.count, [9, 10, 13, 32].contains(bytes[index]) else {
            throw PGMError("expected one whitespace byte after the header")
        }
        index += 1
        guard bytes.count - index == width * height else {
            throw PGMError("expected \(width * height) pixel bytes, found \(bytes.count - index)")
        }
        return GrayImage(width: width, height: height, pixels: Array(bytes[index...]))
    }

    /// A heatmap as grey levels for its PGM file: signed maps put zero at mid-grey, so the sign
    /// survives; one-signed maps stretch their range over 0...255.
    public static func grayImage(of heatmap: Heatmap) -> GrayImage {
        GrayImage(caption: heatmap.caption, width: heatmap.width, height: heatmap.height,
                  pixels: levels(heatmap.values, signed: heatmap.signed))
    }

    /// The background of a trajectory plot as grey levels.
    public static func grayImage(of plot: TrajectoryPlot) -> GrayImage {
        GrayImage(caption: plot.caption, width: plot.width, height: plot.height,
                  pixels: levels(plot.surface, signed: false))
    }

    static func levels(_ values: [Double], signed: Bool) -> [UInt8] {
        let finite = values.filter(\.isFinite)
        if signed {
            let scale = finite.map(abs).max() ?? 0
            return values.map { v in
                guard v.isFinite, scale > 0 else { return 128 }
                // v / scale first, clamped: 127.5 · v overflows for v near the largest Double.
                return UInt8(clamping: Int((127.5 + 127.5 * min(max(v / scale, -1), 1)).rounded()))
            }
        }
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        return values.map { v in
            guard v.isFinite, high > low else { return 0 }
            return UInt8(clamping: Int((255 * ColorMap.fraction(v, from: low, to: high)).rounded()))
        }
    }
}

/// Why a PGM file could not be read.
public struct PGMError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
