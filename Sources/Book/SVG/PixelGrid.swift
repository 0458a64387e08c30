/// Draws a grid of coloured cells as SVG with one `<path>` per colour, each row's runs of equal
/// colour merged into one rectangle: a 28x28 picture takes a few dozen short paths, not 784 rects.
enum PixelGrid {
    /// Path elements for a `width` x `height` grid of colours (row by row), each cell `cell` units.
    static func paths(width: Int, height: Int, colors: [String], cell: Double, x0: Double = 0, y0: Double = 0) -> String {
        var runs: [String: String] = [:]
        var order: [String] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                let color = colors[y * width + x]
                var end = x + 1
                while end < width, colors[y * width + end] == color { end += 1 }
                if runs[color] == nil { order.append(color); runs[color] = "" }
                let f = SVGFormat.coordinate
                runs[color]! += "M\(f(x0 + Double(x) * cell)) \(f(y0 + Double(y) * cell))h\(f(Double(end - x) * cell))v\(f(cell))h-\(f(Double(end - x) * cell))z"
                x = end
            }
        }
        return order.map { "<path fill=\"\($0)\" d=\"\(runs[$0]!)\"/>" }.joined()
    }
}
