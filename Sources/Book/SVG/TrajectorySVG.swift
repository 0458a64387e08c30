/// Paths of optimisers over a heatmap of the function they minimise, with axes in the function's
/// own coordinates, a dot where each path starts and a ring where it ends.
enum TrajectorySVG {
    static let side = 360.0, left = 56.0, top = 16.0, bottom = 48.0, legendWidth = 150.0

    static func svg(_ plot: TrajectoryPlot) -> String {
        let f = SVGFormat.coordinate
        let width = left + side + 16 + legendWidth, height = top + side + bottom
        let right = left + side, plotBottom = top + side
        var xAxis = Axis(covering: [plot.xRange.lowerBound, plot.xRange.upperBound])
        var yAxis = Axis(covering: [plot.yRange.lowerBound, plot.yRange.upperBound])
        // The background spans the ranges exactly, so the axes must too.
        (xAxis.low, xAxis.high) = (plot.xRange.lowerBound, plot.xRange.upperBound)
        (yAxis.low, yAxis.high) = (plot.yRange.lowerBound, plot.yRange.upperBound)
        xAxis.ticks = xAxis.ticks.filter { plot.xRange.contains($0) }
        yAxis.ticks = yAxis.ticks.filter { plot.yRange.contains($0) }

        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\">"
        svg += "<title>\(HTML.escape(plot.caption.isEmpty ? "trajectories" : plot.caption))</title>"
        let signed = plot.surface.contains { $0 < 0 }
        let colors = ColorMap.colors(plot.surface, signed: signed).map(\.hex)
        let cellWidth = side / Double(plot.width), cellHeight = side / Double(plot.height)
        // Square cells only when the grid is square; otherwise scale a unit grid.
        svg += "<g shape-rendering=\"crispEdges\" transform=\"translate(\(f(left)) \(f(top))) scale(\(f(cellWidth)) \(f(cellHeight)))\">"
        svg += PixelGrid.paths(width: plot.width, height: plot.height, colors: colors, cell: 1) + "</g>"
        svg += ChartFrame.axes(x: xAxis, y: yAxis, left: left, right: right, top: top, bottom: plotBottom, xLabel: "x", yLabel: "y")
        func px(_ x: Double) -> Double { xAxis.position(x, from: left, to: right) }
        func py(_ y: Double) -> Double { yAxis.position(y, from: plotBottom, to: top) }
        // The paths inside a viewport of the plot's own square, which clips them: a path that
        // leaves the ranges (a step that diverges) stops at the plot's edge instead of running
        // over the axes, the legend and the page. (No clipPath: its id would repeat on a page.)
        svg += "<svg x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(side))\" height=\"\(f(side))\" "
            + "viewBox=\"\(f(left)) \(f(top)) \(f(side)) \(f(side))\" overflow=\"hidden\">"
        for (n, path) in plot.paths.enumerated() {
            let color = ColorMap.series[(n + 1) % ColorMap.series.count]
            let points = path.points.filter { $0.x.isFinite && $0.y.isFinite }
            guard let first = points.first, let last = points.last else { continue }
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"\(points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " "))\"/>"
            svg += "<circle cx=\"\(f(px(first.x)))\" cy=\"\(f(py(first.y)))\" r=\"4\" fill=\"\(color)\"/>"
            svg += "<circle cx=\"\(f(px(last.x)))\" cy=\"\(f(py(last.y)))\" r=\"6\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"/>"
        }
        svg += "</svg><g font-size=\"13\" fill=\"#222\">"
        for (n, path) in plot.paths.enumerated() {
            let y = top + 12 + Double(n) * 20
            let color = ColorMap.series[(n + 1) % ColorMap.series.count]
            svg += "<path d=\"M\(f(right + 16)) \(f(y))h22\" stroke=\"\(color)\" stroke-width=\"3\"/><text x=\"\(f(right + 44))\" y=\"\(f(y))\" dominant-baseline=\"central\">\(HTML.escape(path.name))</text>"
        }
        return svg + "</g></svg>"
    }
}
