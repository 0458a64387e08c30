/// The parts charts share: the axes with their ticks and labels, and the legend.
enum ChartFrame {
    static func axes(x: Axis, y: Axis, left: Double, right: Double, top: Double, bottom: Double,
                     xLabel: String, yLabel: String, xTickLabels: Bool = true) -> String {
        let f = SVGFormat.coordinate
        var svg = "<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">"
        for t in y.ticks { svg += "<path d=\"M\(f(left)) \(f(y.position(t, from: bottom, to: top)))H\(f(right))\"/>" }
        svg += "</g><g stroke=\"#555\" stroke-width=\"1\" fill=\"none\"><path d=\"M\(f(left)) \(f(top))V\(f(bottom))H\(f(right))\"/></g>"
        svg += "<g font-size=\"12\" fill=\"#333\">"
        for t in y.ticks {
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y.position(t, from: bottom, to: top)))\" text-anchor=\"end\" dominant-baseline=\"central\">\(y.label(t))</text>"
        }
        if xTickLabels {
            for t in x.ticks {
                svg += "<text x=\"\(f(x.position(t, from: left, to: right)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\">\(x.label(t))</text>"
            }
        }
        svg += "</g><g font-size=\"13\" fill=\"#222\">"
        if !xLabel.isEmpty { svg += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(bottom + 40))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>" }
        if !yLabel.isEmpty {
            svg += "<text transform=\"translate(14 \(f((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
        }
        return svg + "</g>"
    }

    /// A legend in the top right corner, one coloured line per name; none for a single unnamed series.
    /// The legend in the corner of the plot (`left...right`, `top...bottom`) that hides the least
    /// of the lines (`lines`, in pixels, one list of points per series): top right where nothing
    /// is there, else the corner fewest points and segments pass under. Empty for a single
    /// unnamed series.
    static func legend(_ names: [String], left: Double, right: Double, top: Double, bottom: Double,
                       lines: [[(x: Double, y: Double)]] = []) -> String {
        guard names.count > 1 || names.first.map({ !$0.isEmpty }) == true else { return "" }
        let f = SVGFormat.coordinate
        let width = 44 + 7.5 * Double(names.map(\.count).max() ?? 0), height = Double(names.count) * 18 + 8
        let corners = [(right - width - 8, top + 4), (left + 8, top + 4), (right - width - 8, bottom - height - 4), (left + 8, bottom - height - 4)]
        /// How many of the lines' first points and segments pass under the legend at `corner`.
        func hidden(_ corner: (Double, Double)) -> Int {
            let (x0, y0) = corner
            func inside(_ x: Double, _ y: Double) -> Bool { x >= x0 - 3 && x <= x0 + width + 3 && y >= y0 - 3 && y <= y0 + height + 3 }
            var count = 0
            for line in lines {
                if let first = line.first, inside(first.x, first.y) { count += 1 }
                // Each segment sampled at 16 points: a line crossing the box between two data points counts too.
                for (a, b) in zip(line, line.dropFirst())
                where (1...16).contains(where: { k in inside(a.x + (b.x - a.x) * Double(k) / 16, a.y + (b.y - a.y) * Double(k) / 16) }) {
                    count += 1
                }
            }
            return count
        }
        let (x, y) = corners.min { hidden($0) < hidden($1) }!  // the first of equals: top right when nothing is hidden
        var svg = "<g class=\"legend\" font-size=\"12\" fill=\"#222\"><rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>"
        for (n, name) in names.enumerated() {
            let rowY = y + 13 + Double(n) * 18
            let color = ColorMap.series[n % ColorMap.series.count]
            svg += "<path d=\"M\(f(x + 8)) \(f(rowY))h22\" stroke=\"\(color)\" stroke-width=\"3\"/><text x=\"\(f(x + 36))\" y=\"\(f(rowY))\" dominant-baseline=\"central\">\(HTML.escape(name))</text>"
        }
        return svg + "</g>"
    }
}
