import Foundation

/// A linear axis with "nice" ticks (1, 2 or 5 times a power of ten), mapping data to pixels.
struct Axis {
    var low: Double
    var high: Double
    var ticks: [Double]
    var decimals: Int

    /// An axis covering `values` with about `count` ticks. A flat range is widened so it still
    /// has a direction; `includeZero` keeps bars anchored at zero.
    init(covering values: [Double], count: Int = 5, includeZero: Bool = false) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if high - low < 1e-12 {
            let pad = abs(high) > 1e-12 ? abs(high) * 0.1 : 1
            low -= pad
            high += pad
        }
        let step = Axis.niceStep((high - low) / Double(max(count - 1, 1)))
        var first = (low / step).rounded(.down) * step, last = (high / step).rounded(.up) * step
        // Rounded out past the largest Double (values near 1.8e308): the axis ends at the values.
        if !first.isFinite { first = low }
        if !last.isFinite { last = high }
        var ticks: [Double] = []
        var t = first
        while t.isFinite, t <= last + step * 1e-9, ticks.count < 50 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        self.low = first
        self.high = last
        self.ticks = ticks
        self.decimals = step >= 1 ? 0 : min(6, Int((-log10(step)).rounded(.up)))
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / power
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * power
    }

    /// The pixel position of `value` on an axis drawn from `start` (low) to `end` (high).
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - low) / (high - low) * (end - start)
    }

    func label(_ value: Double) -> String { SVGFormat.label(value, decimals: decimals) }
}
