/// A `#` heading.
public struct Heading: Sendable, Hashable {
    /// 1 for `#`, 2 for `##`...
    public var level: Int
    /// The text with its markup dropped, for anchors, the contents page and the page title.
    public var text: String
    public var content: [Inline]
    public var line: Int
    /// The `id` the page gives a top-level heading, unique within the chapter; set by
    /// `HeadingAnchors`. Empty for a heading inside a list or a quote.
    public var anchor: String

    public init(level: Int, text: String, content: [Inline], line: Int, anchor: String = "") {
        self.level = level
        self.text = text
        self.content = content
        self.line = line
        self.anchor = anchor
    }
}
