import Foundation

/// Numbers as SVG and labels want them: short, with no trailing zeros, and a true minus sign in
/// text a reader sees.
enum SVGFormat {
    /// A coordinate: at most two decimals, "12" rather than "12.00".
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        // A point far off the picture (a path that ran away to 1e300) stays off it, drawn at a
        // distance any picture fits inside: the number must fit an Int to be printed as one.
        guard abs(value) < farOff else { return value > 0 ? "\(Int(farOff))" : "-\(Int(farOff))" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(rounded)
        if text.hasPrefix("-0.") && rounded == 0 { text = "0" }
        return text
    }

    /// A value printed for a reader, with `decimals` decimals and a minus sign (U+2212).
    static func label(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        var text = abs(value) >= largestFixed ? scientific(value) : decimals == 0 ? String(Int(value.rounded())) : fixed(value, decimals)
        if text.hasPrefix("-") {
            text.removeFirst()
            text = (Double(text) == 0 ? "" : "−") + text
        }
        return readerExponent(text)
    }

    /// A negative exponent written with the minus sign the number itself gets: −3.07e−3, not −3.07e-3.
    private static func readerExponent(_ text: String) -> String {
        text.replacingOccurrences(of: "e-", with: "e−")
    }

    /// A data value for a reader (a bar's height, a heatmap's cell, a row of a chart's table):
    /// `label`, except that a value that is not zero is never written as zero. One that rounds to
    /// 0 at `decimals` is written as 1.23e-7: a loss curve's first point, p = 0.001, read "0.00"
    /// among points of p = 0.5 (axis ticks keep `label`: a tick computed as 1e-17 is the zero tick).
    static func value(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, value != 0, abs(value) < 1 else { return label(value, decimals: decimals) }
        let shown = Double(decimals == 0 ? String(Int(value.rounded())) : fixed(value, decimals)) ?? 0
        guard shown == 0 else { return label(value, decimals: decimals) }
        let text = scientific(value)
        return readerExponent(value < 0 ? "−" + text.dropFirst() : text)
    }

    /// How many decimals the labels of these values need to tell them apart, at most three: as
    /// many as their size asks (two below 10, so 0.25), and more while two different values would
    /// share a label (0.005 and 0.01 both "0.01", eight such bars summing to 1.04 on the page).
    static func decimals(for values: [Double]) -> Int {
        let finite = values.filter(\.isFinite)
        if finite.allSatisfy({ $0 == $0.rounded() }) { return 0 }
        let largest = finite.map(abs).max() ?? 0
        var decimals = largest >= 100 ? 0 : largest >= 10 ? 1 : largest >= 0.1 ? 2 : 3
        let distinct = Set(finite)
        while decimals < 3 && Set(distinct.map { value($0, decimals: decimals) }).count < distinct.count { decimals += 1 }
        return decimals
    }

    /// Coordinates beyond this many units are drawn at it: far off any picture the book draws.
    static let farOff = 1e9
    /// Labels of this size or more are written as 1.23e45: written out in full they would not
    /// fit an Int (nor a reader's eye).
    static let largestFixed = 1e15

    /// `m` e `exponent`, with 1 ≤ |m| < 10 to two decimals: 1.5e300, −2e20 (as "-2e20"), 4.94e-324.
    /// The C library's `%e` does the rounding: worked out with powers of ten, the smallest
    /// numbers (10^-324 is 0 in a Double) came out infinite.
    static func scientific(_ value: Double) -> String {
        let written = String(format: "%.2e", abs(value))  // "1.50e+300"
        guard let e = written.firstIndex(of: "e"), let exponent = Int(written[written.index(after: e)...]) else { return written }
        var significand = String(written[..<e])
        while significand.hasSuffix("0") { significand.removeLast() }
        if significand.hasSuffix(".") { significand.removeLast() }
        return (value < 0 ? "-" : "") + significand + "e\(exponent)"
    }

    private static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // Too large for an Int once scaled: the caller asked for more decimals than the value's
        // size leaves room for.
        guard abs(value) * scale < 9e18 else { return scientific(value) }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        var fraction = String(Int(scaled) - whole * Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return (value < 0 ? "-" : "") + "\(whole).\(fraction)"
    }

    /// `#rrggbb` for a colour with channels 0...255.
    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let hex = Array("0123456789abcdef")
        func byte(_ v: Int) -> String {
            let c = max(0, min(255, v))
            return String([hex[c / 16], hex[c % 16]])
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }
}
