/// A grayscale image as SVG: browsers cannot show PGM, and a data-URI PNG would need an encoder.
enum GrayImageSVG {
    /// The side, in CSS pixels, a picture is blown up to: large enough to read a small picture on a
    /// projector, smaller in a gallery where a dozen sit side by side.
    static let size = 168.0, gallerySize = 112.0

    /// Each pixel drawn `scale` CSS pixels wide: about `target` pixels for the picture, by a
    /// whole number so every pixel has the same size.
    static func scale(width: Int, height: Int, target: Double = size) -> Double {
        let side = Double(max(width, height, 1))
        return max(1, min(30, (target / side).rounded(.down)))
    }

    static func svg(_ image: GrayImage, target: Double = size) -> String {
        let scale = scale(width: image.width, height: image.height, target: target)
        let colors = image.pixels.map { SVGFormat.hex(Int($0), Int($0), Int($0)) }
        let w = SVGFormat.coordinate(Double(image.width) * scale), h = SVGFormat.coordinate(Double(image.height) * scale)
        return "<svg class=\"pixels\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(image.width) \(image.height)\" shape-rendering=\"crispEdges\" role=\"img\">"
            + "<title>\(HTML.escape(image.caption.isEmpty ? "image \(image.width)×\(image.height)" : image.caption))</title>"
            + PixelGrid.paths(width: image.width, height: image.height, colors: colors, cell: 1)
            + "</svg>"
    }
}
