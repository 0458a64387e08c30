import Foundation

/// Draws a cell's outputs as HTML: text escaped, images and charts as inline SVG. Every image
/// and heatmap is also kept as a PGM file, linked from its caption.
struct OutputHTML {
    /// `softmax-2`: image files are named `<prefix>-<n>.pgm`, n counting from 1 within the cell.
    let imagePrefix: String
    /// Where the cell is, for outputs that cannot be drawn (bad math from a step).
    let location: SourceLocation
    private(set) var images: [(name: String, data: Data)] = []
    /// Outputs already drawn on this page: the variants of a cell repeat many of them (the same
    /// picture under every value of another control), and each is drawn, and its PGM file kept, once.
    let drawn: Drawn?

    /// What a page has drawn so far, by output.
    final class Drawn {
        var html: [DrawnKey: String] = [:]
    }
    struct DrawnKey: Hashable {
        var output: Output
        var inGallery: Bool
    }

    init(imagePrefix: String, location: SourceLocation, drawn: Drawn? = nil) {
        self.imagePrefix = imagePrefix
        self.location = location
        self.drawn = drawn
    }

    /// - Parameter inGallery: draw pictures smaller, as one of several side by side.
    mutating func html(_ output: Output, inGallery: Bool = false) throws(Diagnostic) -> String {
        let output = output.shown  // measured times without their marks
        guard let drawn else { return try draw(output, inGallery: inGallery) }
        let key = DrawnKey(output: output, inGallery: inGallery)
        if let html = drawn.html[key] { return html }
        let html = try draw(output, inGallery: inGallery)
        drawn.html[key] = html
        return html
    }

    private mutating func draw(_ output: Output, inGallery: Bool) throws(Diagnostic) -> String {
        let size = inGallery ? GrayImageSVG.gallerySize : GrayImageSVG.size
        switch output {
        case .text(let text):
            return "<p class=\"output-text\">\(HTML.escape(text))</p>\n"
        case .preformatted(let text):
            return "<pre class=\"output-log\">\(HTML.escape(text))</pre>\n"
        case .math(let tex):
            do {
                return "<div class=\"math\">\(try MathML.render(tex, display: true))</div>\n"
            } catch {
                throw Diagnostic(location, "the step showed math that does not parse: \(error.message)")
            }
        case .table(let table):
            return TableHTML.html(table)
        case .image(let image):
            return figure(GrayImageSVG.svg(image, target: size), caption: image.caption, file: keep(image))
        case .heatmap(let map):
            return figure(HeatmapSVG.svg(map, target: size), caption: map.caption, file: keep(PGM.grayImage(of: map)))
        case .lineChart(let chart):
            return figure(LineChartSVG.svg(chart), caption: chart.caption, file: nil)
        case .barChart(let chart):
            return figure(BarChartSVG.svg(chart), caption: chart.caption, file: nil)
        case .trajectories(let plot):
            return figure(TrajectorySVG.svg(plot), caption: plot.caption, file: keep(PGM.grayImage(of: plot)))
        case .gallery(let items):
            var html = "<div class=\"gallery\">\n"
            for item in items { html += try self.html(item, inGallery: true) }
            return html + "</div>\n"
        }
    }

    /// Stores the PGM file of an image and returns its name.
    private mutating func keep(_ image: GrayImage) -> String {
        let name = "\(imagePrefix)-\(images.count + 1).pgm"
        images.append((name, PGM.encode(image)))
        return name
    }

    private func figure(_ svg: String, caption: String, file: String?) -> String {
        var html = "<figure class=\"output\">\(svg)"
        if !caption.isEmpty || file != nil {
            html += "<figcaption>\(HTML.escape(HTML.minusSigns(in: caption)))"
            if let file { html += " <a class=\"pgm\" href=\"images/\(HTML.escape(file))\">PGM</a>" }
            html += "</figcaption>"
        }
        return html + "</figure>\n"
    }
}
