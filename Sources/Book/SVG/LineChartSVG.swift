/// Lines over a shared x axis, with ticks, axis labels and a legend: loss and accuracy per epoch.
enum LineChartSVG {
    static let width = 560.0, height = 320.0
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
        for (n, series) in chart.series.enumerated() {
            let color = ColorMap.series[n % ColorMap.series.count]
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
        svg += ChartFrame.legend(chart.series.map(\.name), right: plotRight, top: top)
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
