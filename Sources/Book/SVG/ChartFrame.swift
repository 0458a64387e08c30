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
    static func legend(_ names: [String], right: Double, top: Double) -> String {
        guard names.count > 1 || names.first.map({ !$0.isEmpty }) == true else { return "" }
        let f = SVGFormat.coordinate
        let width = 40 + 7.5 * Double(names.map(\.count).max() ?? 0)
        let x = right - width - 8
        var svg = "<g class=\"legend\" font-size=\"12\" fill=\"#222\"><rect x=\"\(f(x))\" y=\"\(f(top + 4))\" width=\"\(f(width))\" height=\"\(f(Double(names.count) * 18 + 8))\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>"
        for (n, name) in names.enumerated() {
            let y = top + 17 + Double(n) * 18
            let color = ColorMap.series[n % ColorMap.series.count]
            svg += "<path d=\"M\(f(x + 8)) \(f(y))h22\" stroke=\"\(color)\" stroke-width=\"3\"/><text x=\"\(f(x + 36))\" y=\"\(f(y))\" dominant-baseline=\"central\">\(HTML.escape(name))</text>"
        }
        return svg + "</g>"
    }
}
