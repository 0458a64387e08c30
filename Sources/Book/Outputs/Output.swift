import Foundation

/// One result of a step, as the renderers see it: never a tensor, never a cmark node.
///
/// Steps turn numbers into these; the HTML writer draws them as HTML and SVG (and writes a PGM
/// file for every image), the terminal presenter draws them with text and Unicode blocks.
public enum Output: Sendable, Hashable, Codable {
    /// A paragraph of plain text (escaped on the page).
    case text(String)
    /// Preformatted text, such as a training log.
    case preformatted(String)
    /// Math in the small TeX subset the book understands (shown as MathML on the page).
    case math(String)
    /// A table with a header row.
    case table(Table)
    /// A grayscale picture (a photograph, a feature map).
    case image(GrayImage)
    /// Signed values on a diverging colour map (filters, weights, confusion matrices).
    case heatmap(Heatmap)
    /// Lines over a shared x axis (loss and accuracy per epoch).
    case lineChart(LineChart)
    /// One bar per label (softmax probabilities, histograms).
    case barChart(BarChart)
    /// Paths drawn over a heatmap of a 2-D function (optimizer trajectories).
    case trajectories(TrajectoryPlot)
    /// Several images or heatmaps side by side, each with a caption.
    case gallery([Output])
}

/// A table: a header row and rows of cells, all text.
public struct Table: Sendable, Hashable, Codable {
    public var caption: String
    public var header: [String]
    public var rows: [[String]]

    public init(caption: String = "", header: [String], rows: [[String]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }
}

/// Grayscale pixels, row by row, 0 = black and 255 = white.
///
/// Scanned data often stores ink as 255; steps choose how to show it (the book draws ink dark on light).
public struct GrayImage: Sendable, Hashable, Codable {
    public var caption: String
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    private enum CodingKeys: String, CodingKey { case caption, width, height, pixels }

    public init(caption: String = "", width: Int, height: Int, pixels: [UInt8]) {
        if let problem = Grid.problem(width: width, height: height, count: pixels.count, of: "pixels") { preconditionFailure("GrayImage: \(problem)") }
        self.caption = caption
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caption = try c.decode(String.self, forKey: .caption)
        width = try c.decode(Int.self, forKey: .width)
        height = try c.decode(Int.self, forKey: .height)
        // The bytes as one base64 string (see `PackedNumbers`).
        pixels = [UInt8](try c.decode(Data.self, forKey: .pixels))
        try Grid.check(width: width, height: height, count: pixels.count, of: "pixels", key: CodingKeys.pixels, in: c)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caption, forKey: .caption)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(Data(pixels), forKey: .pixels)
    }
}

/// The checks every picture's size passes, as a step makes it and as the cache reads it back: a
/// cached output that a hand or a disk changed is a miss, never a picture drawn past its values.
enum Grid {
    /// Sides up to this long: far more than a page or a terminal shows, and small enough that no
    /// arithmetic on them overflows.
    static let largestSide = 1 << 20

    static func problem(width: Int, height: Int, count: Int, of values: String) -> String? {
        guard (0...largestSide).contains(width), (0...largestSide).contains(height) else {
            return "a \(width) x \(height) grid: each side must be from 0 to \(largestSide)"
        }
        return width * height == count ? nil : "a \(width) x \(height) grid needs \(width * height) \(values), not \(count)"
    }

    static func check<Key: CodingKey>(width: Int, height: Int, count: Int, of values: String, key: Key,
                                      in container: KeyedDecodingContainer<Key>) throws {
        if let problem = problem(width: width, height: height, count: count, of: values) {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: problem)
        }
    }
}

/// Signed values drawn on a diverging map: negative in one colour, positive in another, zero
/// white. Small heatmaps (filters) show each value in its cell.
public struct Heatmap: Sendable, Hashable, Codable {
    public var caption: String
    public var width: Int
    public var height: Int
    /// Row by row.
    public var values: [Double]
    /// Labels along the rows (left) and columns (top), e.g. true and predicted classes.
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// Print each value in its cell (always for small filters; off for big maps).
    public var showValues: Bool
    /// Values of one sign only (counts, pixels) use a single-hue map instead of a diverging one.
    public var signed: Bool
    /// For a signed map, the magnitude drawn at full colour; nil means this map's largest. Maps
    /// shown side by side for comparison share one scale, so equal colours mean equal values.
    public var scale: Double?

    private enum CodingKeys: String, CodingKey { case caption, width, height, values, rowLabels, columnLabels, showValues, signed, scale }

    public init(caption: String = "", width: Int, height: Int, values: [Double],
                rowLabels: [String] = [], columnLabels: [String] = [],
                showValues: Bool? = nil, signed: Bool = true, scale: Double? = nil) {
        if let problem = Grid.problem(width: width, height: height, count: values.count, of: "values") { preconditionFailure("Heatmap: \(problem)") }
        self.caption = caption
        self.width = width
        self.height = height
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.showValues = showValues ?? (width * height <= 100)
        self.signed = signed
        self.scale = scale
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caption = try c.decode(String.self, forKey: .caption)
        width = try c.decode(Int.self, forKey: .width)
        height = try c.decode(Int.self, forKey: .height)
        values = try PackedNumbers.decode(from: c, forKey: .values)
        rowLabels = try c.decode([String].self, forKey: .rowLabels)
        columnLabels = try c.decode([String].self, forKey: .columnLabels)
        showValues = try c.decode(Bool.self, forKey: .showValues)
        signed = try c.decode(Bool.self, forKey: .signed)
        scale = try c.decodeIfPresent(Double.self, forKey: .scale)
        try Grid.check(width: width, height: height, count: values.count, of: "values", key: CodingKeys.values, in: c)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caption, forKey: .caption)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(PackedNumbers.text(values), forKey: .values)
        try c.encode(rowLabels, forKey: .rowLabels)
        try c.encode(columnLabels, forKey: .columnLabels)
        try c.encode(showValues, forKey: .showValues)
        try c.encode(signed, forKey: .signed)
        try c.encodeIfPresent(scale, forKey: .scale)
    }
}

/// Lines over a shared x axis.
public struct LineChart: Sendable, Hashable, Codable {
    public struct Series: Sendable, Hashable, Codable {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var caption: String
    public var xLabel: String
    public var yLabel: String
    /// The x value of each point; every series has one value per x.
    public var x: [Double]
    public var series: [Series]

    public init(caption: String = "", xLabel: String, yLabel: String, x: [Double], series: [Series]) {
        precondition(series.allSatisfy { $0.values.count == x.count }, "every series needs one value per x")
        self.caption = caption
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.series = series
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caption = try c.decode(String.self, forKey: .caption)
        xLabel = try c.decode(String.self, forKey: .xLabel)
        yLabel = try c.decode(String.self, forKey: .yLabel)
        x = try c.decode([Double].self, forKey: .x)
        series = try c.decode([Series].self, forKey: .series)
        if let short = series.first(where: { $0.values.count != x.count }) {
            throw DecodingError.dataCorruptedError(forKey: .series, in: c, debugDescription:
                "series '\(short.name)' has \(short.values.count) values for \(x.count) x values")
        }
    }
}

/// One bar per label.
public struct BarChart: Sendable, Hashable, Codable {
    public var caption: String
    public var labels: [String]
    public var values: [Double]
    /// Bars to draw in the accent colour (the true class, say).
    public var highlighted: Set<Int>

    public init(caption: String = "", labels: [String], values: [Double], highlighted: Set<Int> = []) {
        precondition(labels.count == values.count, "one label per bar")
        self.caption = caption
        self.labels = labels
        self.values = values
        self.highlighted = highlighted
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caption = try c.decode(String.self, forKey: .caption)
        labels = try c.decode([String].self, forKey: .labels)
        values = try c.decode([Double].self, forKey: .values)
        highlighted = try c.decode(Set<Int>.self, forKey: .highlighted)
        guard labels.count == values.count else {
            throw DecodingError.dataCorruptedError(forKey: .values, in: c, debugDescription: "\(values.count) values for \(labels.count) labels")
        }
    }
}

/// Paths drawn over a heatmap of a function of two variables.
public struct TrajectoryPlot: Sendable, Hashable, Codable {
    public struct Path: Sendable, Hashable, Codable {
        public var name: String
        /// Points in the function's own coordinates.
        public var points: [Point]
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }

        // The points as x0, y0, x1, y1, ... packed (see `PackedNumbers`).
        private enum CodingKeys: String, CodingKey { case name, points }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            let xy = try PackedNumbers.decode(from: c, forKey: .points)
            guard xy.count % 2 == 0 else {
                throw DecodingError.dataCorruptedError(forKey: .points, in: c, debugDescription: "an x without its y")
            }
            points = stride(from: 0, to: xy.count, by: 2).map { Point(x: xy[$0], y: xy[$0 + 1]) }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(PackedNumbers.text(points.flatMap { [$0.x, $0.y] }), forKey: .points)
        }
    }

    public struct Point: Sendable, Hashable, Codable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public var caption: String
    /// The background: `surface` is sampled on a `width` x `height` grid spanning the ranges,
    /// row 0 at `yRange.upperBound` (the top of the picture).
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var width: Int
    public var height: Int
    public var surface: [Double]
    public var paths: [Path]

    private enum CodingKeys: String, CodingKey { case caption, xRange, yRange, width, height, surface, paths }

    public init(caption: String = "", xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                width: Int, height: Int, surface: [Double], paths: [Path]) {
        if let problem = Grid.problem(width: width, height: height, count: surface.count, of: "samples") { preconditionFailure("TrajectoryPlot: \(problem)") }
        self.caption = caption
        self.xRange = xRange
        self.yRange = yRange
        self.width = width
        self.height = height
        self.surface = surface
        self.paths = paths
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caption = try c.decode(String.self, forKey: .caption)
        xRange = try c.decode(ClosedRange<Double>.self, forKey: .xRange)
        yRange = try c.decode(ClosedRange<Double>.self, forKey: .yRange)
        width = try c.decode(Int.self, forKey: .width)
        height = try c.decode(Int.self, forKey: .height)
        surface = try PackedNumbers.decode(from: c, forKey: .surface)
        paths = try c.decode([Path].self, forKey: .paths)
        try Grid.check(width: width, height: height, count: surface.count, of: "samples", key: CodingKeys.surface, in: c)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caption, forKey: .caption)
        try c.encode(xRange, forKey: .xRange)
        try c.encode(yRange, forKey: .yRange)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(PackedNumbers.text(surface), forKey: .surface)
        try c.encode(paths, forKey: .paths)
    }
}

/// Long arrays of numbers in a cache file: the bytes of each Double (IEEE 754, little-endian) as
/// one base64 string. They read back bit for bit, NaN and infinity included, and a JSON coder
/// writes and reads one string many times faster than an array of thousands of numbers (the
/// arrays had taken a fifth of the first five chapters' build).
enum PackedNumbers {
    static func text(_ values: [Double]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> [Double] {
        guard let data = Data(base64Encoded: try container.decode(String.self, forKey: key)), data.count % 8 == 0 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not numbers packed in base64")
        }
        return data.withUnsafeBytes { raw in
            (0..<raw.count / 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
        }
    }
}
