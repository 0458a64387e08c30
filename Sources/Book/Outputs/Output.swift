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

    public init(caption: String = "", width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "GrayImage needs width*height pixels")
        self.caption = caption
        self.width = width
        self.height = height
        self.pixels = pixels
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

    public init(caption: String = "", width: Int, height: Int, values: [Double],
                rowLabels: [String] = [], columnLabels: [String] = [],
                showValues: Bool? = nil, signed: Bool = true, scale: Double? = nil) {
        precondition(values.count == width * height, "Heatmap needs width*height values")
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

    public init(caption: String = "", xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                width: Int, height: Int, surface: [Double], paths: [Path]) {
        precondition(surface.count == width * height, "surface needs width*height samples")
        self.caption = caption
        self.xRange = xRange
        self.yRange = yRange
        self.width = width
        self.height = height
        self.surface = surface
        self.paths = paths
    }
}
