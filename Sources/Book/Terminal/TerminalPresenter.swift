/// Draws prose, code and outputs as terminal text: what `tutor run` shows in class.
public struct TerminalPresenter: Sendable {
    public var terminal: TerminalCapabilities

    public init(terminal: TerminalCapabilities) {
        self.terminal = terminal
    }

    /// The chapter's prose as plain text, with headings in bold on a colour terminal.
    public func prose(_ prose: Prose) -> String {
        ProseText(terminal: terminal).text(prose)
    }

    /// The header and the code of a cell.
    public func code(_ cell: ResolvedCell, position: Int, count: Int) -> String {
        // What the chapter wrote is shown as text, escape sequences and all (`TerminalSafeText.shown`).
        let arguments = TerminalSafeText.shown(cell.argumentsInDeclaredOrder.map { "\($0.name)=\($0.value.sourceText)" }.joined(separator: " "))
        var text = "\(terminal.bold)── step \(position)/\(count): \(cell.step.name)\(terminal.reset) \(arguments)  \(terminal.dim)(\(cell.sourcePath))\(terminal.reset)\n"
        for line in cell.code.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "  \(terminal.dim)│\(terminal.reset) \(TerminalSafeText.shown(String(line)))\n"
        }
        return text
    }

    public func outputs(_ outputs: [Output]) -> String {
        outputs.map(output).joined()
    }

    public func output(_ output: Output) -> String {
        // A step's words may carry what a chapter wrote (a label, a name): shown as text.
        let safe = TerminalSafeText.shown
        switch output.shown {  // measured times without their marks
        case .text(let text): return safe(text) + "\n"
        case .preformatted(let text): return safe(text).split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        case .math(let tex): return "  \(safe(tex))\n"
        case .table(let table):
            return self.table(Table(caption: safe(table.caption), header: table.header.map(safe), rows: table.rows.map { $0.map(safe) }))
        case .image(let image): return picture(TerminalPicture.lines(image, terminal: terminal), caption: image.caption)
        case .heatmap(let map): return heatmap(map)
        case .lineChart(let chart): return lineChart(chart)
        case .barChart(let chart): return barChart(chart)
        case .trajectories(let plot): return trajectories(plot)
        case .gallery(let items): return gallery(items)
        }
    }

    /// The items side by side, as many to a row as the terminal is wide, as on the page.
    func gallery(_ items: [Output]) -> String {
        let blocks = items.map { item in
            output(item).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        let gap = 2
        var text = "", row: [[String]] = [], rowWidth = 0
        func flush() {
            guard !row.isEmpty else { return }
            let widths = row.map { $0.map(Self.visibleWidth).max() ?? 0 }
            for line in 0..<(row.map(\.count).max() ?? 0) {
                var joined = ""
                for (block, width) in zip(row, widths) {
                    let part = line < block.count ? block[line] : ""
                    joined += part + String(repeating: " ", count: width - Self.visibleWidth(part) + gap)
                }
                text += joined.replacing(/\ +$/, with: "") + "\n"
            }
            row = []
            rowWidth = 0
        }
        for block in blocks {
            let width = (block.map(Self.visibleWidth).max() ?? 0) + gap
            if rowWidth + width > terminal.width { flush() }
            row.append(block)
            rowWidth += width
        }
        flush()
        return text
    }

    /// Columns a line takes on screen: its characters, less the colour escapes.
    static func visibleWidth(_ line: String) -> Int {
        TerminalSafeText.displayWidth(line)
    }

    private func picture(_ lines: [String], caption: String) -> String {
        (caption.isEmpty ? "" : "  \(terminal.dim)\(TerminalSafeText.shown(caption))\(terminal.reset)\n") + lines.joined(separator: "\n") + "\n"
    }

    func table(_ table: Table) -> String {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 0, count: columns)
        for row in [table.header] + table.rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.visibleWidth(cell)) }
        }
        func line(_ row: [String]) -> String {
            "  " + row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - Self.visibleWidth(cell))
                return Double(cell) != nil ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        var text = table.caption.isEmpty ? "" : "  \(terminal.dim)\(table.caption)\(terminal.reset)\n"
        text += terminal.bold + line(table.header) + terminal.reset + "\n"
        text += "  " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in table.rows { text += line(row) + "\n" }
        return text
    }

    func heatmap(_ map: Heatmap) -> String {
        let colors = ColorMap.colors(map.values, signed: map.signed, scale: map.scale)
        guard map.showValues else {
            if map.signed && !terminal.usesColor {
                return picture(TerminalPicture.signedLines(width: map.width, height: map.height, values: map.values, scale: map.scale, terminal: terminal),
                               caption: map.caption + " (" + TerminalPicture.signedLegend + ")")
            }
            return picture(TerminalPicture.lines(width: map.width, height: map.height, colors: colors, terminal: terminal), caption: map.caption)
        }
        let decimals = SVGFormat.decimals(for: map.values)
        let labels = map.values.map { SVGFormat.value($0, decimals: decimals) }
        let width = labels.map(\.count).max() ?? 1
        let rowLabelWidth = map.rowLabels.map(\.count).max() ?? 0
        var text = map.caption.isEmpty ? "" : "  \(terminal.dim)\(TerminalSafeText.shown(map.caption))\(terminal.reset)\n"
        if !map.columnLabels.isEmpty {
            text += "  " + String(repeating: " ", count: rowLabelWidth + (rowLabelWidth > 0 ? 1 : 0))
                + map.columnLabels.map { " " + String(repeating: " ", count: max(0, width - $0.count)) + $0 + " " }.joined() + "\n"
        }
        for y in 0..<map.height {
            text += "  "
            if rowLabelWidth > 0 {
                let label = y < map.rowLabels.count ? map.rowLabels[y] : ""
                text += String(repeating: " ", count: rowLabelWidth - label.count) + label + " "
            }
            for x in 0..<map.width {
                let i = y * map.width + x
                let c = colors[i]
                let ink = c.isDark ? terminal.foreground(255, 255, 255) : terminal.foreground(0, 0, 0)
                text += terminal.background(c.r, c.g, c.b) + ink + " " + String(repeating: " ", count: width - labels[i].count) + labels[i] + " " + terminal.reset
            }
            text += "\n"
        }
        return text
    }

    func lineChart(_ chart: LineChart) -> String {
        var text = chart.caption.isEmpty ? "" : "  \(terminal.dim)\(TerminalSafeText.shown(chart.caption))\(terminal.reset)\n"
        // One scale for every series, as the page's chart has one y axis: scaled each on its own,
        // a loss that fell from 13.4 to 13.39 drew the same full descent as one from 13.4 to 1.
        let all = chart.series.flatMap(\.values)
        for series in chart.series {
            text += "  \(TerminalSafeText.shown(series.name.isEmpty ? chart.yLabel : series.name)): \(sparkline(series.values, scale: all))\n"
        }
        // Few points read best as a table; many as the sparklines above and the last row.
        let rows = chart.x.indices.count <= 12 ? Array(chart.x.indices) : [chart.x.startIndex, chart.x.endIndex - 1]
        let decimals = SVGFormat.decimals(for: chart.series.flatMap(\.values))
        let header = [chart.xLabel] + chart.series.map { $0.name.isEmpty ? chart.yLabel : $0.name }
        let body = rows.map { i in
            [SVGFormat.value(chart.x[i], decimals: SVGFormat.decimals(for: chart.x))] + chart.series.map { SVGFormat.value($0.values[i], decimals: decimals) }
        }
        return text + table(Table(header: header, rows: body))
    }

    /// `values` as a row of levels, from the lowest to the highest finite value of `scale`
    /// (the values themselves by default).
    func sparkline(_ values: [Double], scale: [Double]? = nil) -> String {
        let levels = terminal.usesColor ? Array("▁▂▃▄▅▆▇█") : Array("_.-~=*#@")
        let finite = (scale ?? values).filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return "" }
        return String(values.map { v -> Character in
            guard v.isFinite else { return " " }
            let t = high > low ? ColorMap.fraction(v, from: low, to: high) : 0.5
            return levels[min(levels.count - 1, Int(t * Double(levels.count)))]
        })
    }

    func barChart(_ chart: BarChart) -> String {
        let labelWidth = chart.labels.map(\.count).max() ?? 0
        let largest = chart.values.filter(\.isFinite).map(abs).max() ?? 0
        let decimals = SVGFormat.decimals(for: chart.values)
        let barWidth = max(10, min(50, terminal.width - labelWidth - 20))
        var text = chart.caption.isEmpty ? "" : "  \(terminal.dim)\(TerminalSafeText.shown(chart.caption))\(terminal.reset)\n"
        for (i, (label, value)) in zip(chart.labels, chart.values).enumerated() {
            let length = largest > 0 && value.isFinite ? Int((abs(value) / largest * Double(barWidth)).rounded()) : 0
            let highlighted = chart.highlighted.contains(i)
            let bar = String(repeating: terminal.usesColor ? "█" : "#", count: length)
            let colored = highlighted ? terminal.style("31") + bar + terminal.reset : bar
            text += "  " + String(repeating: " ", count: labelWidth - label.count) + TerminalSafeText.shown(label) + " " + colored + " "
                + SVGFormat.value(value, decimals: decimals) + (highlighted ? " ◀" : "") + "\n"
        }
        return text
    }

    func trajectories(_ plot: TrajectoryPlot) -> String {
        let colors = ColorMap.colors(plot.surface, signed: plot.surface.contains { $0 < 0 })
        var text = picture(TerminalPicture.lines(width: plot.width, height: plot.height, colors: colors, terminal: terminal), caption: plot.caption)
        let rows = plot.paths.map { path -> [String] in
            let first = path.points.first, last = path.points.last
            func point(_ p: TrajectoryPlot.Point?) -> String { p.map { "(\(SVGFormat.label($0.x, decimals: 3)), \(SVGFormat.label($0.y, decimals: 3)))" } ?? "-" }
            return [path.name, "\(path.points.count)", point(first), point(last)]
        }
        text += table(Table(header: ["path", "points", "start", "end"], rows: rows))
        return text
    }
}
