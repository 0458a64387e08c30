/// A grayscale image as SVG: browsers cannot show PGM, and a data-URI PNG would need an encoder.
enum GrayImageSVG {
    /// Each pixel drawn `scale` CSS pixels wide: an image is blown up to about 240 pixels so a
    /// digit is legible on a projector, by a whole number so every pixel has the same size.
    static func scale(width: Int, height: Int) -> Double {
        let side = Double(max(width, height))
        return max(1, min(30, (240 / side).rounded(.down)))
    }

    static func svg(_ image: GrayImage) -> String {
        let scale = scale(width: image.width, height: image.height)
        let colors = image.pixels.map { SVGFormat.hex(Int($0), Int($0), Int($0)) }
        let w = SVGFormat.coordinate(Double(image.width) * scale), h = SVGFormat.coordinate(Double(image.height) * scale)
        return "<svg class=\"pixels\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(image.width) \(image.height)\" shape-rendering=\"crispEdges\" role=\"img\">"
            + "<title>\(HTML.escape(image.caption.isEmpty ? "image \(image.width)×\(image.height)" : image.caption))</title>"
            + PixelGrid.paths(width: image.width, height: image.height, colors: colors, cell: 1)
            + "</svg>"
    }
}
