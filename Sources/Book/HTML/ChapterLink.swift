/// A chapter as the contents page and the previous/next links name it.
public struct ChapterLink: Sendable, Hashable {
    public var number: Int
    public var title: String
    public var pageName: String
    /// The chapter's opening paragraph as HTML ("What you will learn..."), for the contents page.
    public var summary: String

    public init(number: Int, title: String, pageName: String, summary: String = "") {
        self.number = number
        self.title = title
        self.pageName = pageName
        self.summary = summary
    }

    public init(_ chapter: Chapter) {
        self.init(number: chapter.number, title: chapter.title, pageName: chapter.pageName,
                  summary: Self.openingParagraph(of: chapter))
    }

    /// The first `<p>` of the chapter's first prose, already rendered (and escaped) by cmark.
    static func openingParagraph(of chapter: Chapter) -> String {
        for segment in chapter.segments {
            guard case .prose(let prose) = segment else { continue }
            guard let start = prose.html.range(of: "<p>"),
                  let end = prose.html.range(of: "</p>", range: start.upperBound..<prose.html.endIndex) else { return "" }
            return String(prose.html[start.upperBound..<end.lowerBound])
        }
        return ""
    }
}
