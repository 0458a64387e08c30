/// Pictures in a terminal: two pixel rows per line with the upper-half block (its foreground is
/// the upper pixel, its background the lower), or an ASCII ramp two characters per pixel when
/// there is no colour.
enum TerminalPicture {
    /// From light to dark: ink (dark) gets the dense characters.
    static let ramp = Array(" .:-=+*#%@")

    /// Lines drawing a `width` x `height` grid of colours, shrunk to fit `columns`.
    static func lines(width: Int, height: Int, colors: [ColorMap.RGB], terminal: TerminalCapabilities) -> [String] {
        let perPixel = terminal.usesColor ? 1 : 2
        let step = max(1, Int((Double(width * perPixel) / Double(max(terminal.width - 4, 8))).rounded(.up)))
        let (w, h, grid) = shrink(width: width, height: height, colors: colors, by: step)
        if !terminal.usesColor {
            return (0..<h).map { y in
                "  " + (0..<w).map { x -> String in
                    let c = grid[y * w + x]
                    let darkness = 1 - (0.299 * Double(c.r) + 0.587 * Double(c.g) + 0.114 * Double(c.b)) / 255
                    let char = ramp[min(ramp.count - 1, Int(darkness * Double(ramp.count)))]
                    return String(repeating: char, count: 2)
                }.joined()
            }
        }
        var lines: [String] = []
        for y in stride(from: 0, to: h, by: 2) {
            var line = "  "
            for x in 0..<w {
                let top = grid[y * w + x]
                let bottom = y + 1 < h ? grid[(y + 1) * w + x] : ColorMap.white
                line += terminal.foreground(top.r, top.g, top.b) + terminal.background(bottom.r, bottom.g, bottom.b) + "▀"
            }
            lines.append(line + terminal.reset)
        }
        return lines
    }

    /// Without colour a signed map would lose its sign (red and blue turn into the same grey):
    /// two characters per pixel, the sign (`+`, `-`, or a space for zero) then its size
    /// (`.` `:` `=` `#`, weak to strong, against `scale` or the largest magnitude).
    static let magnitudes = Array(".:=#")
    static let signedLegend = "+ positive, - negative; . : = # weak to strong"

    static func signedLines(width: Int, height: Int, values: [Double], scale: Double?, terminal: TerminalCapabilities) -> [String] {
        let step = max(1, Int((Double(width * 2) / Double(max(terminal.width - 4, 8))).rounded(.up)))
        let w = (width + step - 1) / step, h = (height + step - 1) / step
        var grid: [Double] = []
        for by in 0..<h {
            for bx in 0..<w {
                var sum = 0.0, n = 0
                for y in by * step..<min(height, (by + 1) * step) {
                    for x in bx * step..<min(width, (bx + 1) * step) where values[y * width + x].isFinite {
                        sum += values[y * width + x]
                        n += 1
                    }
                }
                grid.append(n > 0 ? sum / Double(n) : 0)
            }
        }
        let largest = scale.flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? grid.map(abs).max() ?? 0
        return (0..<h).map { y in
            "  " + (0..<w).map { x -> String in
                let v = grid[y * w + x]
                guard largest > 0, v != 0 else { return "  " }
                // Past the scale (a map's own `scale` can be tiny), or past the largest Double (a
                // block of values near it adds up to infinity): drawn as strong.
                let ratio = abs(v) / largest
                let level = ratio < 1 ? min(magnitudes.count - 1, Int(ratio * Double(magnitudes.count))) : magnitudes.count - 1
                return (v > 0 ? "+" : "-") + String(magnitudes[level])
            }.joined()
        }
    }

    static func lines(_ image: GrayImage, terminal: TerminalCapabilities) -> [String] {
        lines(width: image.width, height: image.height,
              colors: image.pixels.map { ColorMap.RGB(r: Int($0), g: Int($0), b: Int($0)) }, terminal: terminal)
    }

    /// Averages `step` x `step` blocks, so a big map still fits the terminal.
    static func shrink(width: Int, height: Int, colors: [ColorMap.RGB], by step: Int) -> (Int, Int, [ColorMap.RGB]) {
        guard step > 1 else { return (width, height, colors) }
        let w = (width + step - 1) / step, h = (height + step - 1) / step
        var out: [ColorMap.RGB] = []
        for by in 0..<h {
            for bx in 0..<w {
                var r = 0, g = 0, b = 0, n = 0
                for y in by * step..<min(height, (by + 1) * step) {
                    for x in bx * step..<min(width, (bx + 1) * step) {
                        let c = colors[y * width + x]
                        r += c.r; g += c.g; b += c.b; n += 1
                    }
                }
                out.append(ColorMap.RGB(r: r / n, g: g / n, b: b / n))
            }
        }
        return (w, h, out)
    }
}
