import Foundation
import Book
import CNN

/// Turns tensors into the book's pictures. Steps decide what to show; these decide how.
enum Pictures {
    /// A digit as the reader expects it: dark ink on light paper (MNIST stores ink as 255).
    static func digit(_ data: MNIST, _ index: Int, caption: String) -> GrayImage {
        GrayImage(caption: caption, width: MNIST.columns, height: MNIST.rows,
                  pixels: data.pixels(at: index).map { 255 - $0 })
    }

    /// One channel of a `[H, W, C]` tensor on a diverging map: red positive, blue negative.
    /// The caption gets the range of the values; `scale` (the magnitude at full colour) defaults to
    /// the map's own largest, so give maps meant to be compared the same one.
    static func signedMap(_ map: Tensor, channel: Int = 0, scale: Double? = nil, caption: String) -> Heatmap {
        precondition(map.rank == 3, "signedMap needs [H, W, C]")
        let (height, width, channels) = (map.shape[0], map.shape[1], map.shape[2])
        let values = (0..<height * width).map { Double(map.scalars[$0 * channels + channel]) }
        let range = "\(Format.compact(values.min() ?? 0)) to \(Format.compact(values.max() ?? 0))"
        return Heatmap(caption: "\(caption), \(range)", width: width, height: height, values: values, scale: scale)
    }

    /// One channel of a non-negative `[H, W, C]` map as grey levels: 0 white, `top` black (the
    /// map's own largest value if nil; give maps meant to be compared the same one). The caption
    /// gets the range of the values, as `signedMap`'s does.
    /// Throws if the map holds a value that is not a finite number (grey levels cannot show it).
    static func grayMap(_ map: Tensor, channel: Int = 0, top shared: Float? = nil, caption: String) throws -> GrayImage {
        precondition(map.rank == 3, "grayMap needs [H, W, C]")
        let (height, width, channels) = (map.shape[0], map.shape[1], map.shape[2])
        let values = (0..<height * width).map { map.scalars[$0 * channels + channel] }
        guard values.allSatisfy(\.isFinite) else { throw StepError.failed("\(caption) holds a value that is not a finite number") }
        let top = max(shared ?? values.max() ?? 0, .leastNonzeroMagnitude)
        let range = "\(Format.compact(Double(values.min() ?? 0))) to \(Format.compact(Double(values.max() ?? 0)))"
        return GrayImage(caption: "\(caption), \(range)", width: width, height: height,
                         pixels: values.map { UInt8(255 - (255 * max(0, $0) / top).rounded()) })
    }

    /// A `[KH, KW, 1, O]` kernel's filter `o` as a heatmap with its weights printed.
    /// `scale` is the weight drawn at full colour: give the filters of one layer the same one.
    static func kernel(_ kernel: Tensor, filter o: Int = 0, scale: Double? = nil, caption: String) -> Heatmap {
        let (height, width, filters) = (kernel.shape[0], kernel.shape[1], kernel.shape[3])
        let values = (0..<height * width).map { Double(kernel.scalars[$0 * filters + o]) }
        return Heatmap(caption: caption, width: width, height: height, values: values, showValues: true, scale: scale)
    }
}

/// Numbers as the book prints them.
enum Format {
    /// `0.9731` -> "97.31%".
    static func percent(_ fraction: Double, digits: Int = 2) -> String {
        fixed(fraction * 100, digits: digits) + "%"
    }

    /// A probability the network gave (a softmax output) as a percent that never reads as a
    /// certainty: 0.99996 with one decimal is "over 99.9%", not "100.0%"; 0.00004 is "under 0.1%",
    /// not "0.0%". A softmax output is never exactly 1 or 0, though Float may round it there (the
    /// other classes' shares below its last digit), so 1 and 0 read the same way.
    static func probability(_ p: Double, digits: Int = 1) -> String {
        let text = percent(p, digits: digits)
        let step = pow(10, -Double(digits))
        if text == percent(1, digits: digits) || p >= 1 { return "over " + fixed(100 - step, digits: digits) + "%" }
        if text == percent(0, digits: digits) || p <= 0 { return "under " + fixed(step, digits: digits) + "%" }
        return text
    }

    /// A fixed number of decimals, without "-0.00".
    static func fixed(_ value: Double, digits: Int = 4) -> String {
        let text = String(format: "%.\(digits)f", value)
        return Double(text) == 0 ? String(format: "%.\(digits)f", 0.0) : text
    }

    /// `fixed`, for a measured value in a table or a sentence: one that is not zero is never
    /// shown as zero (p = 1.04e-9 beside a bar of 1.04e-9 read "0.0000"), but in `short`'s
    /// scientific form.
    static func measured(_ value: Double, digits: Int = 4) -> String {
        let text = fixed(value, digits: digits)
        return value != 0 && value.isFinite && Double(text) == 0 ? short(value) : text
    }

    /// Few digits, for captions: whole numbers from 10 up, two decimals below; values that two
    /// decimals would show as 0.00, and those of 100,000 and more, in `short`'s scientific form
    /// (a map from -2.6e-28 to 0 is not "0.00 to 0").
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if !value.isFinite || magnitude >= 1e5 || (magnitude > 0 && magnitude < 0.005) { return short(value) }
        return magnitude >= 10 || value == value.rounded() ? String(Int(value.rounded())) : fixed(value, digits: 2)
    }

    /// Whole numbers as they are; others in a short fixed or scientific form.
    static func short(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        let magnitude = abs(value)
        if value == value.rounded() && magnitude < 1e5 { return String(Int(value)) }
        if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5) { return String(format: "%.3e", value) }
        // Four decimals at most, without trailing zeros: 0.5 and 0.0125, not 0.5000 beside 1; and
        // six significant digits at most, a Float's (69975.7, not 69975.7422, of a Float's 69975.74).
        let integerDigits = magnitude < 1 ? 1 : Int(log10(magnitude)) + 1
        var text = fixed(value, digits: max(0, min(4, 6 - integerDigits)))
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
