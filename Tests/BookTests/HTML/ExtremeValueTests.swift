@testable import Book
import Foundation
import Testing

/// Every kind of output with the largest and smallest finite numbers a step can show (steps that
/// show NaN or infinity fail their cell before anything is drawn): the page, its PGM files and the
/// terminal draw them all, with every coordinate and label a finite number.
@Suite struct ExtremeValueTests {
    static let extremes: [Double] = [0, 1, -1, 1e300, -1e300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                     .leastNonzeroMagnitude, -.leastNormalMagnitude, 9.3e18, -9.3e18, 1e-300]

    static var outputs: [Output] {
        let values = extremes
        let n = values.count
        var outputs: [Output] = [
            .heatmap(Heatmap(caption: "signed", width: n, height: 1, values: values)),
            .heatmap(Heatmap(caption: "one sign", width: 2, height: n, values: (values + values).map(abs), signed: false)),
            .heatmap(Heatmap(caption: "shown", width: 3, height: 4, values: values, showValues: true, scale: 1e-300)),
            .lineChart(LineChart(xLabel: "x", yLabel: "y", x: values, series: [.init(name: "s", values: values.reversed())])),
            .barChart(BarChart(labels: values.map { "\($0)" }, values: values, highlighted: [0, 3])),
            .trajectories(TrajectoryPlot(xRange: -1e300...1e300, yRange: 0...Double.greatestFiniteMagnitude, width: n, height: 1,
                                         surface: values, paths: [.init(name: "p", points: zip(values, values.reversed()).map { .init(x: $0, y: $1) })])),
            .trajectories(TrajectoryPlot(xRange: 0...0, yRange: 1...1, width: 1, height: 1, surface: [1e308],
                                         paths: [.init(name: "q", points: [.init(x: 1e300, y: -1e300)])])),
        ]
        for value in values {
            outputs.append(.barChart(BarChart(labels: ["a", "b"], values: [value, value / 3])))
            outputs.append(.lineChart(LineChart(xLabel: "", yLabel: "", x: [0, value], series: [.init(name: "", values: [value, -value])])))
            outputs.append(.heatmap(Heatmap(width: 2, height: 1, values: [value, value / 7], showValues: true)))
        }
        return outputs
    }

    @Test func pagesAndPictureFilesDrawThemWithFiniteCoordinates() throws {
        var html = OutputHTML(imagePrefix: "x-1", location: SourceLocation(path: "p.md", line: 1, column: 1))
        for output in Self.outputs {
            let page = try html.html(output)
            // No coordinate reads nan or inf, and no label NaN or ∞: every value shown was finite.
            #expect(!page.contains(/(?:x|y|cx|cy|width|height|d|points|viewBox|transform)="[^"]*(?:nan|inf)/), "\(page.prefix(300))")
            for word in ["NaN", "∞"] {
                let found = page.range(of: word)
                #expect(found == nil, "\(found.map { page[(page.index($0.lowerBound, offsetBy: -150, limitedBy: page.startIndex) ?? page.startIndex) ..< $0.upperBound] } ?? "")")
            }
        }
        #expect(!html.images.isEmpty)
    }

    /// A path that leaves the plot's ranges (an optimiser that diverges) is drawn inside a viewport
    /// of the plot's square, which clips it, not over the axes and the legend.
    @Test func pathsLeavingThePlotAreClippedToIt() {
        let plot = TrajectoryPlot(xRange: -1...1, yRange: -1...1, width: 2, height: 2, surface: [0, 1, 2, 3],
                                  paths: [.init(name: "away", points: [.init(x: 0, y: 0), .init(x: 50, y: -80)])])
        let svg = TrajectorySVG.svg(plot)
        let side = SVGFormat.coordinate(TrajectorySVG.side)
        let viewport = "<svg x=\"\(SVGFormat.coordinate(TrajectorySVG.left))\" y=\"\(SVGFormat.coordinate(TrajectorySVG.top))\" width=\"\(side)\" height=\"\(side)\""
        let opened = svg.range(of: viewport), line = svg.range(of: "<polyline"), closed = svg.range(of: "</svg><g font-size")
        #expect(opened != nil && line != nil && closed != nil, "\(svg)")
        if let opened, let line, let closed { #expect(opened.upperBound <= line.lowerBound && line.upperBound <= closed.lowerBound) }
        #expect(svg.contains("overflow=\"hidden\""))
    }

    /// No two labels of a bar chart run into each other: values too wide for their bar are drawn
    /// smaller, or not at all below 8 px; axis labels wider than a bar are thinned to every k-th.
    @Test func barChartLabelsDoNotOverlap() {
        func texts(_ svg: String) -> [(x: Double, size: Double, text: String)] {
            svg.matches(of: /<text x="([^"]+)" y="[^"]+" fill="[^"]+"(?: font-size="([^"]+)")?[^>]*>([^<]*)</).map {
                (Double($0.1)!, Double($0.2 ?? "12")!, String($0.3))
            }
        }
        func overlaps(_ svg: String, row: (String) -> Bool) -> Int {
            let shown = texts(svg).filter { row($0.text) }.sorted { $0.x < $1.x }
            return zip(shown, shown.dropFirst()).filter { a, b in
                (b.x - a.x) < (BarChartSVG.textWidth(a.text.count) * a.size + BarChartSVG.textWidth(b.text.count) * b.size) / 2
            }.count
        }
        // Ten probabilities of a cold softmax: 1.68e-15 beside 1.48e-11.
        let cold = BarChart(labels: (0..<10).map(String.init), values: (0..<10).map { pow(10, -Double($0 * 3 + 5)) * 1.68 })
        #expect(overlaps(BarChartSVG.svg(cold), row: { $0.contains("e") }) == 0, "\(BarChartSVG.svg(cold))")
        // Sixty bins with labels of five characters.
        let bins = BarChart(labels: (0..<60).map { String(format: "%.3f", Double($0) * 2.126) }, values: (0..<60).map(Double.init))
        let svg = BarChartSVG.svg(bins)
        #expect(overlaps(svg, row: { $0.contains(".") }) == 0, "\(svg)")
        #expect(texts(svg).filter { $0.text.contains(".") }.count >= 10)
    }

    /// A heatmap's values fit their cells: a small learned weight among larger ones (−3.07e−3)
    /// once ran over its neighbours, at the font size of the others.
    @Test func aHeatmapsValuesFitTheirCells() throws {
        let map = Heatmap(caption: "kernel", width: 3, height: 3, values: [0.31, -0.2, 0.12, 0.05, -0.00307, 0.4, -0.33, 0.21, 0.09],
                          showValues: true, scale: 0.4)
        let svg = HeatmapSVG.svg(map)
        let size = try #require(svg.firstMatch(of: /font-size="([0-9.]+)">−3.07e−3</).flatMap { Double($0.1) }, "\(svg)")
        #expect(size >= 8 && BarChartSVG.textWidth("−3.07e−3".count) * size <= 44 - 4, "\(svg)")
        // The others keep the map's size: one small weight does not shrink every label.
        #expect(svg.contains("<g font-size=\"12\"") && svg.contains("\">0.31</text>"), "\(svg)")
        // Labels that fit keep the usual size.
        let plain = HeatmapSVG.svg(Heatmap(caption: "k", width: 3, height: 3, values: [0.31, -0.2, 0.12, 0.05, -0.5, 0.4, -0.33, 0.21, 0.09],
                                           showValues: true, scale: 0.5))
        #expect(plain.contains("<g font-size=\"12\""), "\(plain)")
    }

    /// A data value that is not zero is never shown as zero: a loss curve of 1000 points once
    /// showed its first row as "p = 0.00, loss 6.91".
    @Test func aValueThatIsNotZeroIsNeverShownAsZero() {
        #expect(SVGFormat.value(0.001, decimals: 2) == "1e−3")
        #expect(SVGFormat.value(-2.5e-7, decimals: 3) == "−2.5e−7")
        #expect(SVGFormat.value(0.004, decimals: 0) == "4e−3")
        #expect(SVGFormat.value(.leastNonzeroMagnitude, decimals: 3) == "4.94e−324" && SVGFormat.value(-1e-300, decimals: 1) == "−1e−300")
        // What rounds to something else is written as before, and so is zero.
        #expect(SVGFormat.value(0.005, decimals: 2) == SVGFormat.label(0.005, decimals: 2))
        #expect(SVGFormat.value(0.7, decimals: 0) == "1" && SVGFormat.value(0, decimals: 2) == "0.00")
        #expect(SVGFormat.value(-0.125, decimals: 2) == "−0.13" && SVGFormat.value(3e20, decimals: 0) == "3e20")
        // In a chart's table, as `tutor run` prints it: the first and last of 1000 points.
        let chart = LineChart(caption: "", xLabel: "p", yLabel: "loss", x: (1...1000).map { Double($0) / 1000 },
                              series: [.init(name: "loss", values: (1...1000).map { -log(Double($0) / 1000) })])
        let text = TerminalPresenter(terminal: TerminalCapabilities(color: .none, width: 80)).lineChart(chart)
        // (The 1000 losses differ in the third decimal, so three are shown: p = 0.001 reads as such.)
        #expect(text.contains("0.001") && !text.contains("0.000 ") && !text.contains("0.00 "), "\(text)")
    }

    /// Labels never make two different values look equal (eight bars of 0.005 and one of 0.01
    /// all read "0.01", summing to 1.04 on the page): more decimals, up to three.
    @Test func differentValuesGetDifferentLabels() {
        let loss = [0.95, 0.01] + Array(repeating: 0.005, count: 8)
        #expect(SVGFormat.decimals(for: loss) == 3)
        #expect(SVGFormat.decimals(for: [0.4, 0.04, 0.0375]) == 3 && SVGFormat.decimals(for: [0.4, 0.3, 0.0375]) == 2)
        #expect(SVGFormat.decimals(for: [12.5, 12.46]) == 2 && SVGFormat.decimals(for: [12.5, 12.2]) == 1 && SVGFormat.decimals(for: [1, 2, 3]) == 0)
        let svg = BarChartSVG.svg(BarChart(caption: "", labels: (0..<10).map(String.init), values: loss))
        #expect(svg.contains(">0.005</text>") && svg.contains(">0.010</text>") && svg.contains(">0.950</text>"), "\(svg)")
    }

    /// A legend goes where it hides no line: top right when that is free, another corner when
    /// the lines run through it (validation accuracy rising into the top right once went under it).
    @Test func aLegendHidesNoLineWhereACornerIsFree() throws {
        func legendCorner(_ chart: LineChart) throws -> (x: Double, y: Double) {
            let svg = LineChartSVG.svg(chart)
            let match = try #require(svg.firstMatch(of: /class="legend"[^>]*><rect x="([0-9.]+)" y="([0-9.]+)"/), "\(svg)")
            return (Double(match.output.1)!, Double(match.output.2)!)
        }
        let x = [1.0, 2, 3, 4, 5]
        let falling = try legendCorner(LineChart(caption: "", xLabel: "epoch", yLabel: "loss", x: x,
                                                 series: [.init(name: "training", values: [1.2, 0.3, 0.16, 0.11, 0.09]),
                                                          .init(name: "validation", values: [0.45, 0.3, 0.27, 0.24, 0.22])]))
        #expect(falling.x > LineChartSVG.width / 2 && falling.y < LineChartSVG.height / 2, "top right: \(falling)")
        let rising = try legendCorner(LineChart(caption: "", xLabel: "epoch", yLabel: "accuracy", x: x,
                                                series: [.init(name: "training", values: [0.88, 0.95, 0.96, 0.973, 0.975]),
                                                         .init(name: "validation", values: [0.935, 0.949, 0.955, 0.959, 0.96])]))
        #expect(rising.y > LineChartSVG.height / 2, "the lines fill the top: the legend goes to the bottom, \(rising)")
    }

    /// Negative numbers in a table's cells and caption, and in a picture's caption, are written
    /// with the minus sign the pictures and math use; hyphens elsewhere stay.
    @Test func negativeNumbersInTablesAndCaptionsTakeTheMinusSign() {
        let html = TableHTML.html(Table(caption: "sobelX, 26×26, -1006 to 1010 (x-axis)", header: ["a", "b"],
                                        rows: [["-0.002", "-1.000e-03"], ["3-4", "well-known"]]))
        #expect(html.contains("<caption>sobelX, 26×26, −1006 to 1010 (x-axis)</caption>"), "\(html)")
        #expect(html.contains(">−0.002</td>") && html.contains(">−1.000e−03</td>") && html.contains(">3-4</td>") && html.contains(">well-known</td>"),
                "\(html)")
    }

    @Test func labelsTooLargeForAnIntAreWrittenInScientificNotation() {
        #expect(SVGFormat.label(1.5e300, decimals: 0) == "1.5e300")
        #expect(SVGFormat.label(-2e20, decimals: 0) == "−2e20")
        #expect(SVGFormat.label(.greatestFiniteMagnitude, decimals: 3) == "1.8e308")
        #expect(SVGFormat.label(9.3e18, decimals: 3) == "9.3e18")
        #expect(SVGFormat.label(1e15, decimals: 0) == "1e15")
        // Below the threshold, as before: whole numbers, or the decimals asked for.
        #expect(SVGFormat.label(123_456_789_012_345, decimals: 0) == "123456789012345")
        #expect(SVGFormat.label(-0.125, decimals: 2) == "−0.13")
        #expect(SVGFormat.coordinate(1e300) == "1000000000" && SVGFormat.coordinate(-1e12) == "-1000000000")
        #expect(SVGFormat.coordinate(12.345) == "12.35")
    }

    @Test func theTerminalDrawsThem() {
        for color in [TerminalCapabilities.Color.none, .palette256, .trueColor] {
            for width in [21, 80, Int.max] {
                let presenter = TerminalPresenter(terminal: TerminalCapabilities(color: color, width: width))
                for output in Self.outputs {
                    #expect(!presenter.output(output).isEmpty)
                }
            }
        }
    }
}
