import Foundation

/// An HTML comment, `<!-- ... -->`: what an author writes in a chapter for themselves, never
/// for the reader. A chapter without `raw-html: true` shows its other HTML as text, as written,
/// but leaves its comments out, as a browser would.
enum HTMLComment {
    /// Whether `html`, spaces and line ends around it aside, is one comment and nothing else
    /// (`<!-- a --> b` is not: the `b` is the reader's). `<!-->` and `<!--->` are comments too,
    /// empty ones, as CommonMark and browsers read them.
    static func isWhole(_ html: String) -> Bool {
        let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->") else { return false }
        // The first `-->` after the opening `<!` must be the one that ends the text.
        let afterOpening = trimmed.index(trimmed.startIndex, offsetBy: 2)
        guard let end = trimmed.range(of: "-->", range: afterOpening..<trimmed.endIndex) else { return false }
        return end.upperBound == trimmed.endIndex
    }
}
