/// Lines over a shared x axis, with ticks, axis labels and a legend: loss and accuracy per epoch.
enum LineChartSVG {
    /// Two fit side by side in a cell, with a table beside them on a wide screen or under them.
    static let width = 420.0, height = 236.0
    static let left = 64.0, right = 20.0, top = 16.0, bottom = 48.0

    static func svg(_ chart: LineChart) -> String {
        let f = SVGFormat.coordinate
        let plotRight = width - right, plotBottom = height - bottom
        let xAxis = xAxis(chart.x)
        let yAxis = Axis(covering: chart.series.flatMap(\.values))
        func px(_ x: Double) -> Double { xAxis.position(x, from: left, to: plotRight) }
        func py(_ y: Double) -> Double { yAxis.position(y, from: plotBottom, to: top) }

        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\">"
        svg += "<title>\(HTML.escape(chart.caption.isEmpty ? "\(chart.yLabel) by \(chart.xLabel)" : chart.caption))</title>"
        svg += ChartFrame.axes(x: xAxis, y: yAxis, left: left, right: plotRight, top: top, bottom: plotBottom,
                               xLabel: chart.xLabel, yLabel: chart.yLabel)
        var lines: [[(x: Double, y: Double)]] = []
        for (n, series) in chart.series.enumerated() {
            let color = ColorMap.series[n % ColorMap.series.count]
            lines.append(zip(chart.x, series.values).filter { $0.isFinite && $1.isFinite }.map { (px($0), py($1)) })
            // A non-finite value (a diverged loss) breaks the line rather than bending it to infinity.
            var segments: [[String]] = [[]]
            for (x, y) in zip(chart.x, series.values) {
                if x.isFinite, y.isFinite { segments[segments.count - 1].append("\(f(px(x))),\(f(py(y)))") } else { segments.append([]) }
            }
            for points in segments where points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"\(points.joined(separator: " "))\"/>"
            }
            if chart.x.count <= 40 {
                for points in segments {
                    for point in points {
                        let xy = point.split(separator: ",")
                        svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(color)\"/>"
                    }
                }
            }
        }
        svg += ChartFrame.legend(chart.series.map(\.name), left: left, right: plotRight, top: top, bottom: plotBottom, lines: lines)
        return svg + "</svg>"
    }

    /// Whole-number x values (epochs) get a tick each while there are few of them.
    static func xAxis(_ x: [Double]) -> Axis {
        var axis = Axis(covering: x, count: 6)
        if x.allSatisfy({ $0 == $0.rounded() }), let low = x.min(), let high = x.max(), high > low, high - low <= 12 {
            axis.low = low
            axis.high = high
            axis.ticks = Array(stride(from: low, through: high, by: 1))
            axis.decimals = 0
        }
        return axis
    }
}
