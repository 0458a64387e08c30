/// A chapter's Markdown after parsing, free of any cmark type: its title and its top-level
/// blocks, in order, where each block is either prose or a fence that names a step.
public struct MarkdownDocument: Sendable, Hashable {
    /// The text of the first level-1 heading, and its line.
    public var title: String?
    public var titleLine: Int?
    public var blocks: [MarkdownBlock]
    /// Every link and picture in the prose, where it is written: for `LinkCheck`.
    public var references: [LinkReference] = []
    /// The tags of the prose's raw HTML the page keeps, in order (`raw-html: true` only): for `RawHTMLCheck`.
    public var rawTags: [RawHTMLTag] = []
    /// What the page leaves out of the prose, or shows otherwise than it was meant (raw HTML as
    /// text, a second title), as warnings at their places.
    public var proseWarnings: [Diagnostic] = []
    /// The top-level fences of plain Swift code with a word after the language: for `StepRegistry.untaggedCells`.
    public var labelledFences: [LabelledFence] = []

    public init(title: String?, titleLine: Int?, blocks: [MarkdownBlock]) {
        self.title = title
        self.titleLine = titleLine
        self.blocks = blocks
    }
}

/// A link or a picture as the chapter wrote it (`02-relu.md#why`, `#cell-2`), and where.
public struct LinkReference: Sendable, Hashable {
    public var destination: String
    public var isImage: Bool
    public var location: SourceLocation

    public init(destination: String, isImage: Bool, location: SourceLocation) {
        self.destination = destination
        self.isImage = isImage
        self.location = location
    }
}

public enum MarkdownBlock: Sendable, Hashable {
    case prose(Prose)
    case fence(Fence)
}

/// A run of top-level Markdown between two tagged cells, as a small document model that the
/// HTML writer and the terminal presenter each render.
public struct Prose: Sendable, Hashable {
    /// The top-level blocks, in order.
    public var blocks: [ProseBlock]
    public var firstLine: Int
    public var lastLine: Int

    public init(blocks: [ProseBlock], firstLine: Int, lastLine: Int) {
        self.blocks = blocks
        self.firstLine = firstLine
        self.lastLine = lastLine
    }

    /// The top-level headings, in order: those get anchors and make the contents page.
    public var headings: [Heading] {
        blocks.compactMap { if case .heading(let heading) = $0 { heading } else { nil } }
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

/// A tag of a chapter's raw HTML that the page keeps (`<div id="note">`, `</table>`), and where.
public struct RawHTMLTag: Sendable, Hashable {
    /// The element's name, lower case.
    public var name: String
    public var isClosing: Bool
    /// Where its `<` is written.
    public var location: SourceLocation
    /// Its `id`, if it has one, and where the id's value is written.
    public var id: String?
    public var idLocation: SourceLocation?
}

/// A fence of plain Swift code with a word after its language, as ```` ```swift drawChart ````,
/// and where that word is. CommonMark ignores the word, so the block is shown as code; if the
/// word is the name of a step, the teacher meant a cell and forgot `step=`
/// (`StepRegistry.untaggedCells`).
public struct LabelledFence: Sendable, Hashable {
    /// The first word after `swift`.
    public var label: String
    public var location: SourceLocation

    /// The label of a fence whose info string is `swift` and more words (nil for any other).
    init?(_ fence: Fence) {
        let words = fence.info.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 2, words[0] == Substring(InfoString.language) else { return nil }
        label = String(words[1])
        let offset = fence.info.distance(from: fence.info.startIndex, to: words[1].startIndex)
        location = fence.location.atColumn(fence.infoColumn + offset)
    }
}
