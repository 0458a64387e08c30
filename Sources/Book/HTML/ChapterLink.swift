/// A chapter as the contents page and the previous/next links name it.
public struct ChapterLink: Sendable, Hashable, Codable {
    public var number: Int
    public var title: String
    public var pageName: String
    /// The chapter's opening paragraph as HTML ("What you will learn..."), for the contents page.
    public var summary: String
    /// Its `##` sections, listed under it on the contents page.
    public var sections: [Section]

    /// A section of a chapter: its heading (as HTML, math drawn) and the heading's `id` on the page.
    public struct Section: Sendable, Hashable, Codable {
        /// Safe to put in a page, and with no link of its own: the contents page puts it in one.
        public var html: String
        public var anchor: String

        public init(html: String, anchor: String) {
            self.html = html
            self.anchor = anchor
        }

        /// A heading that holds a link is listed by its text: a link inside a link is not HTML.
        init(_ heading: Heading) {
            let html = InlineHTML.html(heading.content)
            self.init(html: html.contains("<a ") ? HTML.escape(heading.text) : html, anchor: heading.anchor)
        }
    }

    public init(number: Int, title: String, pageName: String, summary: String = "", sections: [Section] = []) {
        self.number = number
        self.title = title
        self.pageName = pageName
        self.summary = summary
        self.sections = sections
    }

    public init(_ chapter: Chapter) {
        self.init(number: chapter.number, title: chapter.title, pageName: chapter.pageName,
                  summary: Self.openingParagraph(of: chapter),
                  sections: chapter.sections.map(Section.init))
    }

    /// The first `<p>` of the chapter's first prose, as the page draws it. Headings and display
    /// math at the top level are passed over.
    static func openingParagraph(of chapter: Chapter) -> String {
        for segment in chapter.segments {
            guard case .prose(let prose) = segment else { continue }
            for block in prose.blocks {
                switch block {
                case .heading, .math: continue
                default: break
                }
                var writer = ProseHTML(path: chapter.path)
                guard (try? writer.write(block)) != nil else { continue }
                let html = writer.html
                guard let start = html.range(of: "<p>"),
                      let end = html.range(of: "</p>", range: start.upperBound..<html.endIndex) else { continue }
                // On the contents page, a link to a section of the chapter must name its page.
                return String(html[start.upperBound..<end.lowerBound])
                    .replacingOccurrences(of: "href=\"#", with: "href=\"\(HTML.escapeURL(chapter.pageName))#")
            }
            return ""
        }
        return ""
    }
}
