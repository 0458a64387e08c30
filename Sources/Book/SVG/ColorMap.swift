/// The colours of heatmaps: blue for negative, white for zero, red for positive (ColorBrewer's
/// RdBu ends), or white to dark blue for values of one sign.
enum ColorMap {
    struct RGB: Hashable {
        var r: Int, g: Int, b: Int
        var hex: String { SVGFormat.hex(r, g, b) }
        /// Dark enough that text on it should be white.
        var isDark: Bool { 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b) < 140 }
    }

    static let negative = RGB(r: 33, g: 102, b: 172)
    static let positive = RGB(r: 178, g: 24, b: 43)
    static let high = RGB(r: 8, g: 48, b: 107)
    static let white = RGB(r: 255, g: 255, b: 255)

    /// A colour for each value. Levels are quantised to 64 steps per side, so a big map needs at
    /// most 129 colours and its SVG can draw each colour as one path.
    /// A signed map's `scale` is the magnitude drawn at full colour (default: its largest).
    static func colors(_ values: [Double], signed: Bool, scale: Double? = nil) -> [RGB] {
        let finite = values.filter(\.isFinite)
        if signed {
            let scale = scale ?? finite.map(abs).max() ?? 0
            return values.map { v in
                guard v.isFinite, scale > 0 else { return white }
                let t = (min(max(v / scale, -1), 1) * 64).rounded() / 64
                return mix(white, t < 0 ? negative : positive, abs(t))
            }
        }
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        return values.map { v in
            guard v.isFinite, high > low else { return white }
            return mix(white, Self.high, (fraction(v, from: low, to: high) * 64).rounded() / 64)
        }
    }

    /// Where v lies from low (0) to high (1), for low < high. The difference of two finite
    /// numbers can overflow (1e308 - -1e308): then on halves, which cannot.
    static func fraction(_ v: Double, from low: Double, to high: Double) -> Double {
        let t = (high - low).isFinite ? (v - low) / (high - low) : (v / 2 - low / 2) / (high / 2 - low / 2)
        return t.isNaN ? 0 : min(max(t, 0), 1)
    }

    static func mix(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
        func channel(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * t).rounded()) }
        return RGB(r: channel(a.r, b.r), g: channel(a.g, b.g), b: channel(a.b, b.b))
    }

    /// Series colours for charts (Tableau 10), distinguishable when projected.
    static let series = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"]
}
