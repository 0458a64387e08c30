/// A heatmap as SVG: a diverging (or one-hue) colour per cell, the value printed in each cell of
/// a small map, and row and column labels when the step gives them (a confusion matrix).
enum HeatmapSVG {
    static func svg(_ map: Heatmap, target: Double = GrayImageSVG.size) -> String {
        // A printed value needs room for four figures; a map wider than five cells (a table of
        // counts) takes a little less, so two fit side by side.
        let cell: Double = map.showValues ? (map.width > 5 ? 36 : 44) : GrayImageSVG.scale(width: map.width, height: map.height, target: target)
        let labelFont = 13.0
        let left: Double = map.rowLabels.isEmpty ? 0 : 8 + labelFont * 0.62 * Double(map.rowLabels.map(\.count).max() ?? 1)
        let top: Double = map.columnLabels.isEmpty ? 0 : labelFont + 8
        let width = left + Double(map.width) * cell, height = top + Double(map.height) * cell
        let f = SVGFormat.coordinate
        let colors = ColorMap.colors(map.values, signed: map.signed, scale: map.scale)

        var svg = "<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\">"
        svg += "<title>\(HTML.escape(map.caption.isEmpty ? "heatmap \(map.width)×\(map.height)" : map.caption))</title>"
        svg += "<g shape-rendering=\"crispEdges\">" + PixelGrid.paths(width: map.width, height: map.height, colors: colors.map(\.hex), cell: cell, x0: left, y0: top) + "</g>"
        if map.showValues {
            let decimals = SVGFormat.decimals(for: map.values)
            let labels = map.values.map { SVGFormat.value($0, decimals: decimals) }
            let fontSize: Double = decimals >= 2 || map.width > 5 ? 12 : 14
            // A value too long for its cell at that size (a small weight written −3.07e−3) gets a
            // smaller font of its own, at least 8 px, rather than running over its neighbours.
            func size(of label: String) -> Double { min(fontSize, max(8, ((cell - 4) / BarChartSVG.textWidth(label.count)).rounded(.down))) }
            svg += "<g font-size=\"\(f(fontSize))\" text-anchor=\"middle\" dominant-baseline=\"central\">"
            for y in 0..<map.height {
                for x in 0..<map.width {
                    let i = y * map.width + x
                    let fill = colors[i].isDark ? "#fff" : "#111"
                    let labelSize = size(of: labels[i])
                    let own = labelSize < fontSize ? " font-size=\"\(f(labelSize))\"" : ""
                    svg += "<text x=\"\(f(left + (Double(x) + 0.5) * cell))\" y=\"\(f(top + (Double(y) + 0.5) * cell))\" fill=\"\(fill)\"\(own)>\(labels[i])</text>"
                }
            }
            svg += "</g>"
            // Thin grid lines separate equal neighbours (a 3x3 filter of zeros is still nine cells).
            svg += "<g stroke=\"#ccc\" stroke-width=\"1\" fill=\"none\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(Double(map.width) * cell))\" height=\"\(f(Double(map.height) * cell))\"/>"
            for x in 1..<max(map.width, 1) { svg += "<path d=\"M\(f(left + Double(x) * cell)) \(f(top))v\(f(Double(map.height) * cell))\"/>" }
            for y in 1..<max(map.height, 1) { svg += "<path d=\"M\(f(left)) \(f(top + Double(y) * cell))h\(f(Double(map.width) * cell))\"/>" }
            svg += "</g>"
        }
        if !map.rowLabels.isEmpty || !map.columnLabels.isEmpty {
            svg += "<g font-size=\"\(f(labelFont))\" fill=\"#333\">"
            for (y, label) in map.rowLabels.prefix(map.height).enumerated() {
                svg += "<text x=\"\(f(left - 6))\" y=\"\(f(top + (Double(y) + 0.5) * cell))\" text-anchor=\"end\" dominant-baseline=\"central\">\(HTML.escape(label))</text>"
            }
            for (x, label) in map.columnLabels.prefix(map.width).enumerated() {
                svg += "<text x=\"\(f(left + (Double(x) + 0.5) * cell))\" y=\"\(f(top - 6))\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }
}
