/// A chapter's Markdown after parsing, free of any cmark type: its title and its top-level
/// blocks, in order, where each block is either prose or a fence that names a step.
public struct MarkdownDocument: Sendable, Hashable {
    /// The text of the first level-1 heading, and its line.
    public var title: String?
    public var titleLine: Int?
    public var blocks: [MarkdownBlock]

    public init(title: String?, titleLine: Int?, blocks: [MarkdownBlock]) {
        self.title = title
        self.titleLine = titleLine
        self.blocks = blocks
    }
}

public enum MarkdownBlock: Sendable, Hashable {
    case prose(Prose)
    case fence(Fence)
}

/// A run of top-level Markdown between two tagged cells: its blocks for the page, its source
/// for the terminal.
public struct Prose: Sendable, Hashable {
    /// The top-level blocks, in order; `ProseHTML` renders them.
    public var blocks: [ProseBlock]
    /// The Markdown source of these lines, for the terminal.
    public var markdown: String
    public var firstLine: Int
    public var lastLine: Int

    public init(blocks: [ProseBlock], markdown: String, firstLine: Int, lastLine: Int) {
        self.blocks = blocks
        self.markdown = markdown
        self.firstLine = firstLine
        self.lastLine = lastLine
    }

    /// The headings among the blocks, in order.
    public var headings: [Heading] {
        blocks.compactMap { if case .heading(let heading) = $0 { heading } else { nil } }
    }
}

/// One top-level block of prose. Headings and display math are kept as data, because the page
/// gives headings anchors and the contents page lists them; other blocks (paragraphs, lists,
/// tables, quotes, plain code) arrive as HTML from cmark-gfm, whose renderer the book keeps
/// rather than rewrites.
public enum ProseBlock: Sendable, Hashable {
    case heading(Heading)
    case math(DisplayMath)
    /// Safe to put in a page: raw HTML only if the chapter opted in, and then sanitized.
    case html(String)
}

/// A `#` heading.
public struct Heading: Sendable, Hashable {
    /// 1 for `#`, 2 for `##`...
    public var level: Int
    /// The text with its markup dropped, for anchors, the contents page and the page title.
    public var text: String
    /// The inline content as HTML (emphasis, code, math), safe to put in a page.
    public var html: String
    public var line: Int
    /// The `id` the page gives it, unique within the chapter; set by `HeadingAnchors`.
    public var anchor: String

    public init(level: Int, text: String, html: String, line: Int, anchor: String = "") {
        self.level = level
        self.text = text
        self.html = html
        self.line = line
        self.anchor = anchor
    }
}

/// A ```` ```math ```` block at the top level: TeX, checked when parsed, drawn by the renderer.
public struct DisplayMath: Sendable, Hashable {
    public var tex: String
    public var line: Int

    public init(tex: String, line: Int) {
        self.tex = tex
        self.line = line
    }
}

/// A fenced code block whose info string names a step, exactly as written.
public struct Fence: Sendable, Hashable {
    /// The info string as written on the fence line (cmark's backslash unescaping not applied).
    public var info: String
    /// The code between the fences (empty for an empty fence).
    public var body: String
    /// Where the fence starts.
    public var location: SourceLocation
    /// The column at which the info string starts on the fence line.
    public var infoColumn: Int

    public init(info: String, body: String, location: SourceLocation, infoColumn: Int) {
        self.info = info
        self.body = body
        self.location = location
        self.infoColumn = infoColumn
    }
}
