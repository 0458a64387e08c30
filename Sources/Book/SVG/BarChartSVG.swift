/// One bar per label, its value printed above it, highlighted bars in the accent colour:
/// probabilities over a few classes.
enum BarChartSVG {
    static let height = 260.0, left = 56.0, right = 16.0, top = 24.0, bottom = 40.0
    static let accent = "#e15759", plain = "#4e79a7"

    static func svg(_ chart: BarChart) -> String {
        let f = SVGFormat.coordinate
        let slot = max(18, min(52, 520 / Double(max(chart.labels.count, 1))))
        let width = left + right + slot * Double(chart.labels.count)
        let plotBottom = height - bottom
        let yAxis = Axis(covering: chart.values, includeZero: true)
        let decimals = SVGFormat.decimals(for: chart.values)
        let zero = yAxis.position(0, from: plotBottom, to: top)

        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\">"
        svg += "<title>\(HTML.escape(chart.caption.isEmpty ? "bar chart" : chart.caption))</title>"
        svg += ChartFrame.axes(x: Axis(covering: [0, 1]), y: yAxis, left: left, right: width - right, top: top, bottom: plotBottom,
                               xLabel: "", yLabel: "", xTickLabels: false)
        // Text that would run into its neighbours' is not drawn over them: each value's label as
        // small as it must be to fit above its bar (down to 8 px, else none: the page's table or
        // text gives them), and every k-th label under the axis when they are wider than a slot
        // (and the highlighted ones).
        let values = chart.values.map { SVGFormat.value($0, decimals: decimals) }
        // A gap of 8 px between neighbours: the width per character is an estimate, and "−" and "e" run wider.
        let valueSize = min(12, (slot - 8) / (textWidth(values.map(\.count).max() ?? 1)))
        let labelEvery = max(1, Int(((textWidth(chart.labels.map(\.count).max() ?? 1) * 12 + 4) / slot).rounded(.up)))
        svg += "<g font-size=\"12\" text-anchor=\"middle\">"
        for (i, (label, value)) in zip(chart.labels, chart.values).enumerated() {
            let x = left + slot * Double(i) + slot * 0.15
            let y = value.isFinite ? yAxis.position(value, from: plotBottom, to: top) : zero
            let color = chart.highlighted.contains(i) ? accent : plain
            svg += "<rect x=\"\(f(x))\" y=\"\(f(min(y, zero)))\" width=\"\(f(slot * 0.7))\" height=\"\(f(max(abs(zero - y), 0.5)))\" fill=\"\(color)\"/>"
            let center = f(x + slot * 0.35)
            if valueSize >= 8 {
                let size = valueSize < 12 ? " font-size=\"\(f(valueSize))\"" : ""
                svg += "<text x=\"\(center)\" y=\"\(f(value >= 0 ? min(y, zero) - 5 : max(y, zero) + 13))\" fill=\"#333\"\(size)>\(values[i])</text>"
            }
            if i % labelEvery == 0 || chart.highlighted.contains(i) {
                svg += "<text x=\"\(center)\" y=\"\(f(plotBottom + 18))\" fill=\"#222\"\(chart.highlighted.contains(i) ? " font-weight=\"bold\"" : "")>\(HTML.escape(label))</text>"
            }
        }
        return svg + "</g></svg>"
    }

    /// About how wide `characters` of text are, in units of the font size (a numeral is about 0.6 of it).
    static func textWidth(_ characters: Int) -> Double { Double(characters) * 0.6 }
}
