/// A piece of a block's running text, parsed.
public enum Inline: Sendable, Hashable {
    /// Words as the reader sees them: entities decoded, escapes removed, nothing escaped yet.
    case text(String)
    case emphasis([Inline])
    case strong([Inline])
    /// `~~gone~~`.
    case strikethrough([Inline])
    /// A `` `code` `` span, as written.
    case code(String)
    case link(Link)
    /// An image: its `Link`'s content is the alt text.
    case image(Link)
    /// `$...$`: TeX checked when parsed (a span that failed is left as text).
    case math(String)
    /// A line end inside a paragraph.
    case softBreak
    /// Two spaces or a backslash before a line end.
    case hardBreak
    /// Raw inline HTML of a chapter that opted in, already sanitized by `HTMLSanitizer`.
    case html(String)
}

/// The target and content of a link or an image.
public struct Link: Sendable, Hashable {
    /// Empty when `URLSafety` refused what the chapter wrote (`javascript:`, `file:`...).
    public var destination: String
    public var title: String
    public var content: [Inline]

    public init(destination: String, title: String = "", content: [Inline]) {
        self.destination = destination
        self.title = title
        self.content = content
    }
}
