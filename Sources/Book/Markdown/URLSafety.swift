/// Which link and image targets a chapter may use, in Markdown and in raw HTML alike.
///
/// An allow-list, not a deny-list: `javascript:` has too many spellings (`JaVaScRiPt:`,
/// `jav&#x61;script:`, `java\tscript:`, a leading control character) for a list of bad schemes
/// to keep up. A URL is read the way a browser reads it (tabs and newlines anywhere dropped,
/// control characters and spaces at the ends trimmed) and then must be:
///
/// - relative to the book (`02-next.html`, `#cell-3`, `images/x.png`), but not an absolute path
///   or `//host` (on `file://` those reach the reader's own disk);
/// - for a link, `http:`, `https:` or `mailto:`;
/// - for an image, `data:` with a raster type (`image/png`, `gif`, `jpeg`, `webp`): no SVG,
///   which can carry script. No `http:` picture: the pages' security policy (`img-src 'self' data:`)
///   would block it, since the book works offline and tells no server who reads it.
///
/// Character references are decoded by the caller: cmark does it for Markdown links, and
/// `HTMLSanitizer` for attributes.
enum URLSafety {
    static let schemes: Set<String> = ["http", "https", "mailto"]
    static let imageDataTypes = ["image/png", "image/gif", "image/jpeg", "image/webp"]

    static func isAllowed(_ url: String, forImage: Bool) -> Bool {
        let cleaned = normalized(url)
        if cleaned.isEmpty { return true }
        if cleaned.hasPrefix("/") || cleaned.hasPrefix("\\") { return false }
        guard let scheme = scheme(of: cleaned) else { return true }
        if scheme == "data" {
            guard forImage else { return false }
            let type = cleaned.dropFirst(5).prefix { $0 != ";" && $0 != "," }.lowercased()
            return imageDataTypes.contains(type)
        }
        return !forImage && schemes.contains(scheme)
    }

    /// The URL as a browser's URL parser sees it: ASCII tab and newlines removed wherever they are,
    /// C0 controls and spaces trimmed from both ends. Other invisible characters at the ends are
    /// trimmed too: a browser would not take them as part of a scheme, but neither does this check.
    static func normalized(_ url: String) -> String {
        var scalars = url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        func isJunk(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value <= 0x20 || scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .control
        }
        while let first = scalars.first, isJunk(first) { scalars.removeFirst() }
        while let last = scalars.last, isJunk(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The lower-cased scheme (`https`), or nil for a relative URL. A scheme is a letter, then
    /// letters, numerals, `+`, `-` or `.`, then `:`; anything else before the first `:` (a `/`, a
    /// `?`, a `#`) makes the URL relative, as in a browser. A control or invisible character inside
    /// a would-be scheme makes it no URL a browser would follow as relative either: refused.
    static func scheme(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let candidate = url[..<colon]
        if candidate.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return nil }
        guard let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else {
            // Not a scheme by the URL grammar: "ja\u{0}vascript:" and similar. Refuse rather than guess.
            return "invalid:" + candidate
        }
        return candidate.lowercased()
    }
}
