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

/// A run of top-level Markdown between two tagged cells.
public struct Prose: Sendable, Hashable {
    /// Rendered HTML, safe to put in a page (raw HTML only if the chapter opted in).
    public var html: String
    /// The Markdown source of these lines, for the terminal.
    public var markdown: String
    public var firstLine: Int
    public var lastLine: Int

    public init(html: String, markdown: String, firstLine: Int, lastLine: Int) {
        self.html = html
        self.markdown = markdown
        self.firstLine = firstLine
        self.lastLine = lastLine
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
