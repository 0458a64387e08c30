import CCmarkGFM
import Foundation

/// The one place that talks to cmark-gfm: Markdown text in, a `MarkdownDocument` out.
///
/// Parsing checks everything (math included) and builds the document model (`ProseBlock`,
/// `Inline`); the HTML writer and the terminal presenter render it. No HTML is made here.
///
/// Everything here owns its C resources: each `cmark_*_new` is followed by its `free`, strings
/// are copied out of nodes before the tree dies, and no cmark type leaves this file.
public enum CommonMark {
    /// How deep blocks and inlines may nest (a quote in a list item in a quote, emphasis in a
    /// link...). Real chapters stay under ten; the bound keeps every later walk of the tree safe.
    public static let maximumNesting = 40

    /// Enough to show a pattern; a chapter of 100,000 broken spans gets a count, not 100,000
    /// lines (each of which would cost a walk along its line to find its column).
    public static let maximumMathErrors = 100

    /// The GitHub extensions a chapter may use. (GitHub's fourth, tagfilter, only changes
    /// cmark-gfm's own HTML renderer, which the book does not use: `HTMLSanitizer` disarms raw HTML.)
    static let extensionNames = ["table", "strikethrough", "autolink"]

    /// `cmark_parser_finish` toggles a process-wide table, so two threads parsing at once lose
    /// strikethrough and autolinks now and then. One parse at a time, then.
    private static let lock = NSLock()

    /// Parses a chapter's Markdown.
    ///
    /// - Parameters:
    ///   - source: the Markdown, with any front matter already blanked out (line numbers intact).
    ///   - path: the chapter's path, for diagnostics.
    ///   - allowRawHTML: pass the chapter's raw HTML through. Otherwise it is shown as text, and
    ///     links to `javascript:` and similar are dropped, so a chapter cannot inject a script.
    public static func parse(_ source: String, path: String, allowRawHTML: Bool) throws(Diagnostics) -> MarkdownDocument {
        let (protected, spans) = InlineMath.protect(source)
        // Split on bytes: splitting a 200 KB String on Characters costs more than parsing it.
        let lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }

        lock.lock()
        defer { lock.unlock() }

        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { preconditionFailure("cmark_parser_new failed") }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            guard let syntaxExtension = cmark_find_syntax_extension(name) else {
                preconditionFailure("cmark-gfm has no '\(name)' extension")
            }
            cmark_parser_attach_syntax_extension(parser, syntaxExtension)
        }
        var bytes = Array(protected.utf8)
        let tooWide = TableRowLimit.check(lines, text: bytes, path: path)
        guard tooWide.isEmpty else { throw Diagnostics(tooWide) }
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { preconditionFailure("cmark_parser_finish failed") }
        defer { cmark_node_free(document) }
        cmark_consolidate_text_nodes(document)

        let protectedLines = spans.isEmpty ? lines
            : protected.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        var tree = Tree(document: document, path: path, lines: lines, protectedLines: protectedLines, spans: spans, allowRawHTML: allowRawHTML)
        let result = tree.build()
        if tree.unreportedMathErrors > 0 {
            tree.diagnostics.append(Diagnostic(file: path, "and \(tree.unreportedMathErrors) more errors in math, not listed"))
        }
        if !tree.diagnostics.isEmpty { throw Diagnostics(tree.diagnostics) }
        return result
    }
}

/// One parse in progress: the cmark tree, and what has gone wrong so far.
private struct Tree {
    let document: OpaquePointer
    let path: String
    let lines: [Substring]
    /// The same lines as cmark parsed them, each `$…$` a placeholder.
    let protectedLines: [Substring]
    let spans: [InlineMath.Span]
    let allowRawHTML: Bool
    var diagnostics: [Diagnostic] = []
    /// The links and pictures met so far, as written.
    var references: [LinkReference] = []
    /// The raw HTML's tags met so far (`raw-html: true`).
    var rawTags: [RawHTMLTag] = []
    /// What the page leaves out of the prose or shows otherwise than it was meant, so far: raw HTML
    /// left out (`HTMLSanitizer.leftOut`) or shown as text, a second title.
    var proseWarnings: [Diagnostic] = []
    /// Whether the chapter's first HTML shown as text (no `raw-html: true`) has been warned of.
    var warnedOfHTMLAsText = false
    /// Math errors past the first `CommonMark.maximumMathErrors`, counted but not located.
    var unreportedMathErrors = 0
    /// Where each line's characters and placeholders are, worked out once per line that asks.
    let lineTables: LineTables

    init(document: OpaquePointer, path: String, lines: [Substring], protectedLines: [Substring], spans: [InlineMath.Span], allowRawHTML: Bool) {
        self.document = document
        self.path = path
        self.lines = lines
        self.protectedLines = protectedLines
        self.spans = spans
        self.allowRawHTML = allowRawHTML
        lineTables = LineTables(lines: lines, protectedLines: protectedLines, spans: spans)
    }

    /// A top-level node, with the lines it spans.
    struct Item {
        let node: OpaquePointer
        var firstLine: Int
        var lastLine: Int
        /// Its fence, if it is a fenced code block (a tagged cell's or plain code's).
        var fence: Fence?
        var isCell: Bool { fence.map { InfoString.namesStep($0.info) } ?? false }
    }

    mutating func build() -> MarkdownDocument {
        // First, before any walk that could recurse: cmark itself parses 100,000 nested quotes
        // without trouble, but nothing after it should have to.
        guard checkNesting() else { return MarkdownDocument(title: nil, titleLine: nil, blocks: []) }
        let unclosed = checkCellPlacement()

        var items: [Item] = []
        var child = cmark_node_first_child(document)
        while let node = child {
            items.append(Item(node: node, firstLine: Int(cmark_node_get_start_line(node)),
                              lastLine: Int(cmark_node_get_end_line(node)), fence: fence(node)))
            if !unclosed.contains(Int(cmark_node_get_start_line(node))) { checkFenceIsClosed(node) }
            child = cmark_node_next(node)
        }
        let title = firstTitle()
        var blocks: [MarkdownBlock] = []
        var group: [Item] = []
        func flush() {
            guard let first = group.first, let last = group.last else { return }
            var prose: [ProseBlock] = []
            for item in group { if let block = block(item.node) { prose.append(block) } }
            blocks.append(.prose(Prose(blocks: prose, firstLine: first.firstLine, lastLine: last.lastLine)))
            group = []
        }
        var labelled: [LabelledFence] = []
        for item in items {
            if let fence = item.fence, item.isCell {
                flush()
                blocks.append(.fence(fence))
            } else {
                if let fence = item.fence, let label = LabelledFence(fence) { labelled.append(label) }
                group.append(item)
            }
        }
        flush()
        var document = MarkdownDocument(title: title?.text, titleLine: title?.line, blocks: blocks)
        document.references = references
        document.labelledFences = labelled
        document.rawTags = rawTags
        document.proseWarnings = proseWarnings
        return document
    }

    // MARK: Structure

    /// Refuses a tree deeper than `CommonMark.maximumNesting`, at the first node too deep. Walks
    /// with cmark's iterator, which keeps no stack of its own; a node's depth is its parent's + 1.
    mutating func checkNesting() -> Bool {
        guard let iterator = cmark_iter_new(document) else { preconditionFailure("cmark_iter_new failed") }
        defer { cmark_iter_free(iterator) }
        var depths: [OpaquePointer: Int] = [document: 0]
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  let parent = cmark_node_parent(node) else { continue }
            // Levels as a reader counts them: a list's item and an item's paragraph are the
            // list's own level, and words (a leaf) are none (20 nested lists are 20 levels, not
            // 60). The recursion this bounds is then at most three nodes a level, still shallow.
            let type = cmark_node_get_type(node), isLeaf = cmark_node_first_child(node) == nil
            let depth = (depths[parent] ?? 0) + (type == CMARK_NODE_ITEM || type == CMARK_NODE_PARAGRAPH || isLeaf ? 0 : 1)
            guard depth <= CommonMark.maximumNesting else {
                diagnostics.append(Diagnostic(location(of: node),
                    "quotes, lists, emphasis and links nest more than \(CommonMark.maximumNesting) levels deep here; a chapter needs a handful at most"))
                return false
            }
            if cmark_node_first_child(node) != nil { depths[node] = depth }
        }
        return true
    }

    /// Outlines the tree for `CellPlacement` (lines and kinds only, no cmark types) and records
    /// what it finds; returns the opening lines of fences it reported as unclosed.
    mutating func checkCellPlacement() -> Set<Int> {
        var topLevel: [CellPlacement.Block] = []
        var child = cmark_node_first_child(document)
        while let node = child {
            topLevel.append(CellPlacement.Block(kind: kind(of: node), firstLine: Int(cmark_node_get_start_line(node)),
                                                lastLine: Int(cmark_node_get_end_line(node))))
            child = cmark_node_next(node)
        }
        var fenced: [CellPlacement.FencedBlock] = []
        guard let iterator = cmark_iter_new(document) else { preconditionFailure("cmark_iter_new failed") }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { continue }
            var length: Int32 = 0, offset: Int32 = 0, character: CChar = 0
            guard cmark_node_get_fenced(node, &length, &offset, &character) != 0 else { continue }
            let isTopLevel = cmark_node_parent(node) == document
            fenced.append(CellPlacement.FencedBlock(
                marker: Character(Unicode.Scalar(UInt8(bitPattern: character))), length: Int(length),
                firstLine: Int(cmark_node_get_start_line(node)), lastLine: Int(cmark_node_get_end_line(node)),
                isTopLevel: isTopLevel, isCell: isTopLevel && cellFence(node) != nil))
        }
        let placement = CellPlacement(path: path, lines: lines, topLevel: topLevel, fenced: fenced).check()
        diagnostics += placement.diagnostics
        return placement.unclosedFences
    }

    func kind(of node: OpaquePointer) -> CellPlacement.BlockKind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_BLOCK_QUOTE: return .quote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_HTML_BLOCK: return .html
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_CODE_BLOCK:
            var length: Int32 = 0, offset: Int32 = 0, character: CChar = 0
            return cmark_node_get_fenced(node, &length, &offset, &character) != 0 ? .fencedCode : .indentedCode
        default:
            return String(cString: cmark_node_get_type_string(node)) == "table" ? .table : .other
        }
    }

    // MARK: Cells

    /// The fence of a tagged cell, read from the source line itself: cmark unescapes info strings,
    /// and the parameter scanner wants exactly what the teacher wrote, with its columns.
    func cellFence(_ node: OpaquePointer) -> Fence? {
        guard let fence = fence(node), InfoString.namesStep(fence.info) else { return nil }
        return fence
    }

    /// A fenced code block as its fence line is written: the info string unescaped by nobody, and
    /// its columns.
    func fence(_ node: OpaquePointer) -> Fence? {
        guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return nil }
        var length: Int32 = 0, offset: Int32 = 0, character: CChar = 0
        guard cmark_node_get_fenced(node, &length, &offset, &character) != 0 else { return nil }
        let line = Int(cmark_node_get_start_line(node))
        guard line >= 1, line <= lines.count else { return nil }
        let bytes = Array(lines[line - 1].utf8)
        var i = 0
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        let fenceColumn = i + 1
        while i < bytes.count, bytes[i] == UInt8(bitPattern: character) { i += 1 }
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        var end = bytes.count
        while end > i, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") || bytes[end - 1] == 13 { end -= 1 }
        let info = String(decoding: bytes[i..<end], as: UTF8.self)
        // The prefix is spaces and fence characters, one byte a column; counted anyway, so that
        // the rule lives in one place.
        let text = lines[line - 1]
        return Fence(info: info, body: InlineMath.restore(literal(node), spans: spans),
                     location: SourceLocation(path: path, line: line, column: SourceColumn.of(byteOffset: fenceColumn - 1, in: text)),
                     infoColumn: SourceColumn.of(byteOffset: i, in: text))
    }

    /// CommonMark lets a fence that is never closed run to the end of the document, silently
    /// swallowing the rest of the chapter; for a chapter that is always a mistake.
    mutating func checkFenceIsClosed(_ node: OpaquePointer) {
        guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return }
        var length: Int32 = 0, offset: Int32 = 0, character: CChar = 0
        guard cmark_node_get_fenced(node, &length, &offset, &character) != 0 else { return }
        let startLine = Int(cmark_node_get_start_line(node)), endLine = Int(cmark_node_get_end_line(node))
        if endLine > startLine, endLine <= lines.count {
            // A closing fence: up to 3 spaces, at least as many fence characters, then only blanks.
            let line = lines[endLine - 1].drop { $0 == " " }
            let marks = line.prefix { $0.asciiValue == UInt8(bitPattern: character) }
            if marks.count >= Int(length), line.dropFirst(marks.count).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                return
            }
        }
        // The fence as written: cmark-gfm counts no further than 255 of its characters.
        let marker = Character(UnicodeScalar(UInt8(bitPattern: character)))
        let written = startLine >= 1 && startLine <= lines.count ? lines[startLine - 1].drop { $0 == " " }.prefix { $0 == marker }.count : 0
        let fence = Excerpt.fence(of: marker, length: max(Int(length), written))
        diagnostics.append(Diagnostic(location(of: node), "this \(fence) fence is never closed, so it swallows the rest of the chapter; add a closing \(fence) line"))
    }

    // MARK: Title

    /// The chapter's title: its first '#' heading. A later one is warned of: the page would show
    /// two titles, and the contents list neither as a section (a section is '##').
    mutating func firstTitle() -> (text: String, line: Int)? {
        var title: (text: String, line: Int)?
        var child = cmark_node_first_child(document)
        while let node = child {
            defer { child = cmark_node_next(node) }
            guard cmark_node_get_type(node) == CMARK_NODE_HEADING, cmark_node_get_heading_level(node) == 1 else { continue }
            if let title {
                proseWarnings.append(Diagnostic(location(of: node), "a second '#' title (the chapter's is on line \(title.line)): "
                                                + "write '##' for a section, which the contents list", severity: .warning))
                continue
            }
            // Raw HTML that the page shows as text (`<em>` written, raw HTML off) is part of
            // the title the reader sees, so the tab and the contents show it too.
            let text = InlineMath.restore(plainText(node, withHTML: !allowRawHTML), spans: spans).trimmingCharacters(in: .whitespaces)
            title = (text, Int(cmark_node_get_start_line(node)))
        }
        return title
    }

    /// A heading's words as a reader sees them, math as its TeX.
    func headingText(_ node: OpaquePointer) -> String {
        InlineMath.restore(plainText(node), spans: spans).trimmingCharacters(in: .whitespaces)
    }

    /// The text of a heading, its markup dropped (raw HTML kept, as text, `withHTML`). Walked with cmark's iterator rather than by
    /// recursion, so it needs no bound on the depth.
    func plainText(_ node: OpaquePointer, withHTML: Bool = false) -> String {
        guard let iterator = cmark_iter_new(node) else { preconditionFailure("cmark_iter_new failed") }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literal(child)
            case CMARK_NODE_HTML_INLINE where withHTML && !HTMLComment.isWhole(literal(child)): text += literal(child)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
    }

    // MARK: Blocks

    /// The model of one block, or nil for a kind the book does not draw. Recursive: safe,
    /// because `checkNesting` has already bounded the depth by `CommonMark.maximumNesting`.
    mutating func block(_ node: OpaquePointer) -> ProseBlock? {
        let line = Int(cmark_node_get_start_line(node))
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            checkFootnoteDefinitions(node)
            return .paragraph(inlines(of: node), line: line)
        case CMARK_NODE_HEADING:
            // `##` alone: an empty heading on the page and an empty link in the contents.
            if headingText(node).isEmpty && cmark_node_first_child(node) == nil {
                diagnostics.append(Diagnostic(location(of: node), "this heading is empty: write its text after the '#' marks, or remove the line"))
            }
            return .heading(Heading(level: Int(cmark_node_get_heading_level(node)), text: headingText(node),
                                    content: inlines(of: node), line: line))
        case CMARK_NODE_BLOCK_QUOTE:
            return .quote(blocks(of: node), line: line)
        case CMARK_NODE_LIST:
            var items: [[ProseBlock]] = []
            var child = cmark_node_first_child(node)
            while let item = child {
                items.append(blocks(of: item))
                child = cmark_node_next(item)
            }
            let isOrdered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            return .list(ListBlock(isOrdered: isOrdered, start: isOrdered ? Int(cmark_node_get_list_start(node)) : 1,
                                   isTight: cmark_node_get_list_tight(node) != 0, items: items, line: line))
        case CMARK_NODE_CODE_BLOCK:
            if isMathFence(node) {
                checkDisplayMath(node)
                return .math(DisplayMath(tex: literal(node), line: line))
            }
            return .code(CodeBlock(info: string(cmark_node_get_fence_info(node)), text: restored(literal(node)), line: line))
        case CMARK_NODE_HTML_BLOCK:
            let html = restored(literal(node))
            if allowRawHTML { noteHTML(literal(node), of: node) }
            // Without the opt-in, the chapter's HTML is shown as it was written; but a comment is
            // the author's note to themselves (`<!-- TODO: check before class -->`), never the reader's.
            if !allowRawHTML && HTMLComment.isWhole(html) { return nil }
            if !allowRawHTML { noteHTMLShownAsText(node) }
            return allowRawHTML ? .html(HTMLSanitizer.sanitize(html), line: line) : .code(CodeBlock(info: "", text: html, line: line))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak(line: line)
        default:
            return typeName(node) == "table" ? .table(table(node)) : nil
        }
    }

    mutating func blocks(of node: OpaquePointer) -> [ProseBlock] {
        var blocks: [ProseBlock] = []
        var child = cmark_node_first_child(node)
        while let inner = child {
            if let block = block(inner) { blocks.append(block) }
            child = cmark_node_next(inner)
        }
        return blocks
    }

    /// A table's rows, cells and column alignments, from the table extension's accessors.
    mutating func table(_ node: OpaquePointer) -> TableBlock {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        let marks = cmark_gfm_extensions_get_table_alignments(node)
        let alignments: [TableBlock.Alignment] = (0..<columns).map { column in
            switch marks?[column] {
            case UInt8(ascii: "l"): .left
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: .none
            }
        }
        var header: [[Inline]] = [], rows: [[[Inline]]] = []
        var nextRow = cmark_node_first_child(node)
        while let row = nextRow {
            var cells: [[Inline]] = []
            var nextCell = cmark_node_first_child(row)
            while let cell = nextCell {
                cells.append(inlines(of: cell))
                nextCell = cmark_node_next(cell)
            }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { rows.append(cells) }
            nextRow = cmark_node_next(row)
        }
        return TableBlock(alignments: alignments, header: header, rows: rows, line: Int(cmark_node_get_start_line(node)))
    }

    // MARK: Inlines

    mutating func inlines(of node: OpaquePointer) -> [Inline] {
        var inlines: [Inline] = []
        var child = cmark_node_first_child(node)
        while let inner = child {
            inlines += inline(inner)
            child = cmark_node_next(inner)
        }
        return inlines
    }

    /// The model of one inline node: usually one, several for text holding math.
    mutating func inline(_ node: OpaquePointer) -> [Inline] {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            return textAndMath(literal(node))
        case CMARK_NODE_CODE:
            return [.code(restored(literal(node)))]
        case CMARK_NODE_SOFTBREAK:
            return [.softBreak]
        case CMARK_NODE_LINEBREAK:
            return [.hardBreak]
        case CMARK_NODE_EMPH:
            return [.emphasis(inlines(of: node))]
        case CMARK_NODE_STRONG:
            return [.strong(inlines(of: node))]
        case CMARK_NODE_HTML_INLINE:
            let html = restored(literal(node))
            if allowRawHTML { noteHTML(literal(node), of: node) }
            if !allowRawHTML && HTMLComment.isWhole(html) { return [] }  // as for a block
            if !allowRawHTML { noteHTMLShownAsText(node) }
            return [allowRawHTML ? .html(HTMLSanitizer.sanitize(html)) : .text(html)]
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            // Raw HTML or not, a link never runs a script nor reads a local file.
            let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
            // `[^1]` with a `[^1]: note` below is read as a link to "note": say what it is meant as.
            if !isImage, plainText(node).hasPrefix("^") {
                diagnostics.append(Diagnostic(location(of: node), Self.footnotesMessage))
                return inlines(of: node)
            }
            let written = restored(string(cmark_node_get_url(node)))
            references.append(LinkReference(destination: written, isImage: isImage, location: location(of: node)))
            let url = isImage ? written : ChapterFileName.pageLinked(by: written)
            let link = Link(destination: URLSafety.isAllowed(url, forImage: isImage) ? url : "",
                            title: restored(string(cmark_node_get_title(node))), content: inlines(of: node))
            return [isImage ? .image(link) : .link(link)]
        default:
            return typeName(node) == "strikethrough" ? [.strikethrough(inlines(of: node))] : inlines(of: node)
        }
    }


    static let footnotesMessage = "footnotes ([^1] and a [^1]: line) are not part of a chapter's Markdown, and would show as "
        + "written or as a dead link: put the note in the text, in parentheses, or in a list under a heading such as 'Notes'"

    /// A footnote's definition (`[^1]: Source: ...`) that is not a link's (its text is no
    /// address) is a paragraph, printed as written: said at its line.
    mutating func checkFootnoteDefinitions(_ node: OpaquePointer) {
        let (first, last) = (Int(cmark_node_get_start_line(node)), Int(cmark_node_get_end_line(node)))
        guard first >= 1, last <= lines.count else { return }
        for number in first...last {
            let line = lines[number - 1]
            let blanks = line.prefix { $0 == " " }.count
            guard blanks <= 3, line.dropFirst(blanks).hasPrefix("[^"),
                  let close = line.firstIndex(of: "]"), line[line.index(after: close)...].hasPrefix(":") else { continue }
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: number, column: column(ofByte: blanks, line: number)),
                                          Self.footnotesMessage))
            return
        }
    }

    /// A text node's literal split at its math placeholders; each span's TeX is checked here, and
    /// one that fails is said where and kept as the `$...$` text it was.
    mutating func textAndMath(_ literal: String) -> [Inline] {
        var inlines: [Inline] = []
        for piece in InlineMath.pieces(of: literal, count: spans.count) {
            switch piece {
            case .text(let text):
                inlines.append(.text(text))
            case .math(let index):
                let span = spans[index]
                if span.delimiters != .dollar {
                    if diagnostics.count < CommonMark.maximumMathErrors {
                        let at = SourceLocation(path: path, line: span.line, column: column(ofByte: span.column - 1, line: span.line))
                        diagnostics.append(Diagnostic(at, "$$ marks displayed math in TeX, but not in a chapter: write displayed math "
                                                      + "in a ```math block, and inline math between single dollars, $…$"))
                    } else {
                        unreportedMathErrors += 1
                    }
                    inlines.append(.text(span.written))
                    continue
                }
                do {
                    _ = try MathML.render(span.tex, display: false)
                    inlines.append(.math(span.tex))
                } catch {
                    if diagnostics.count < CommonMark.maximumMathErrors {
                        // span.column is the dollar's byte column; +1 steps over it.
                        let at = SourceLocation(path: path, line: span.line,
                                                column: column(ofByte: span.column + error.offset, line: span.line))
                        diagnostics.append(Diagnostic(at, "in math: \(error.message)"))
                    } else {
                        unreportedMathErrors += 1
                    }
                    inlines.append(.text(span.written))
                }
            }
        }
        return inlines
    }

    // MARK: Math

    func isMathFence(_ node: OpaquePointer) -> Bool {
        guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return false }
        var length: Int32 = 0, offset: Int32 = 0, character: CChar = 0
        guard cmark_node_get_fenced(node, &length, &offset, &character) != 0 else { return false }
        let info = string(cmark_node_get_fence_info(node))
        return info.split(separator: " ").first == "math"
    }

    /// Checks the TeX of a ```` ```math ```` block, and says where it is wrong.
    mutating func checkDisplayMath(_ node: OpaquePointer) {
        let tex = literal(node)
        guard !tex.allSatisfy(\.isWhitespace) else {
            diagnostics.append(Diagnostic(location(of: node), "this math block is empty: write its TeX between the fences, or remove them"))
            return
        }
        do {
            _ = try MathML.render(tex, display: true)
        } catch {
            // An error at the very end ("expected an argument") points at the last line of TeX,
            // not at the closing fence.
            var trimmed = tex.utf8.count
            while trimmed > 0, Array(tex.utf8)[trimmed - 1] == UInt8(ascii: "\n") { trimmed -= 1 }
            let before = tex.utf8.prefix(min(error.offset, trimmed))
            let lineOffset = before.filter { $0 == UInt8(ascii: "\n") }.count
            let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0)
            // The TeX line is the end of the file's line (after any indentation or '>' prefix).
            let fileLine = Int(cmark_node_get_start_line(node)) + 1 + lineOffset
            let texLines = tex.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let texLineLength = lineOffset < texLines.count ? texLines[lineOffset].count : 0
            let prefix = fileLine <= lines.count ? max(0, lines[fileLine - 1].utf8.count - texLineLength) : 0
            let at = SourceLocation(path: path, line: fileLine, column: self.column(ofByte: prefix + column, line: fileLine))
            diagnostics.append(Diagnostic(at, "in math: \(error.message)"))
        }
    }

    /// Warns of the chapter's first HTML, which the page shows as text, tags and all, since the
    /// chapter has not opted in to raw HTML: written as HTML, it was surely meant as HTML. Once a
    /// chapter: the same advice at each tag would bury the rest.
    mutating func noteHTMLShownAsText(_ node: OpaquePointer) {
        guard !warnedOfHTMLAsText else { return }
        warnedOfHTMLAsText = true
        proseWarnings.append(Diagnostic(location(of: node), "this HTML is shown as text, tags and all (this and any more in the "
                                      + "chapter): add 'raw-html: true' to the chapter's front matter to use it as HTML, "
                                      + "or write \\< for a '<' meant as text", severity: .warning))
    }

    // MARK: Reading nodes

    func literal(_ node: OpaquePointer) -> String { string(cmark_node_get_literal(node)) }

    /// The pictures (`<img src>`) and links (`<a href>`) of a chapter's raw HTML, noted as its
    /// Markdown ones are, at the place of each address: checked and copied alike; and its tags,
    /// for `RawHTMLCheck`.
    ///
    /// Read from the HTML as the page will have it, its `$…$` put back (`HTMLSanitizer` sanitizes
    /// that text): a placeholder inside a quoted attribute would otherwise shift which value is read.
    mutating func noteHTML(_ literal: String, of node: OpaquePointer) {
        let html = restored(literal)
        let addresses = HTMLSanitizer.addresses(in: html), tags = HTMLSanitizer.tags(in: html)
        let leftOut = HTMLSanitizer.leftOut(in: html)
        let offsets = Set(addresses.map(\.offset) + tags.map(\.offset) + tags.compactMap { $0.id?.offset } + leftOut.map(\.offset)).sorted()
        let located = locations(ofOffsets: offsets, inHTML: html, of: node)
        for piece in leftOut {
            proseWarnings.append(Diagnostic(located[piece.offset]!, piece.message, severity: .warning))
        }
        for address in addresses {
            references.append(LinkReference(destination: address.value, isImage: address.isImage, location: located[address.offset]!))
        }
        for tag in tags {
            rawTags.append(RawHTMLTag(name: tag.name, isClosing: tag.isClosing, location: located[tag.offset]!,
                                      id: tag.id?.value, idLocation: tag.id.map { located[$0.offset]! }))
        }
    }

    /// The place in the file of each byte offset of `html` (the restored literal of `node`), for
    /// `offsets` in increasing order: one walk over the bytes.
    func locations(ofOffsets offsets: [Int], inHTML html: String, of node: OpaquePointer) -> [Int: SourceLocation] {
        let isBlock = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
        let startLine = Int(cmark_node_get_start_line(node))
        let startByte = sourceByte(Int(cmark_node_get_start_column(node)) - 1, line: startLine)
        let bytes = Array(html.utf8)
        var located: [Int: SourceLocation] = [:]
        var scanned = 0, newlines = 0, lineStart = 0
        for offset in offsets where located[offset] == nil {
            while scanned < offset {
                if bytes[scanned] == UInt8(ascii: "\n") { newlines += 1; lineStart = scanned + 1 }
                scanned += 1
            }
            let line = startLine + newlines, inLine = offset - lineStart
            let byte: Int
            if newlines == 0 {
                byte = startByte + inLine
            } else if isBlock {
                // A block's later lines are whole lines less what its container takes (`> `, a
                // list item's indent): the line in the node ends where the line in the file does.
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                byte = max(0, sourceLength(ofLine: line) - (lineEnd - lineStart)) + inLine
            } else {
                byte = containerPrefix(ofLine: line) + inLine
            }
            located[offset] = SourceLocation(path: path, line: line, column: column(ofByte: byte, line: line))
        }
        return located
    }

    /// Text where math is not drawn (code, link targets, raw HTML), its `$...$` put back.
    func restored(_ text: String) -> String { InlineMath.restore(text, spans: spans) }

    /// The name of an extension's node kind (`table`, `strikethrough`).
    func typeName(_ node: OpaquePointer) -> String { String(cString: cmark_node_get_type_string(node)) }

    func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }

    /// Where a node starts; cmark counts columns in bytes, a location in characters.
    ///
    /// cmark counts them in the text it parsed, where each `$…$` is a placeholder of another
    /// length (`sourceByte`), and, for a link, a picture or a tag on a later line of its paragraph,
    /// from the paragraph's first column along the line without what its container takes (`> `,
    /// a list item's indent, leading blanks): both are put back, so that the column is the one in the file.
    func location(of node: OpaquePointer) -> SourceLocation {
        let line = Int(cmark_node_get_start_line(node))
        var byte = Int(cmark_node_get_start_column(node)) - 1
        if isInline(node), let block = enclosingBlock(of: node), Int(cmark_node_get_start_line(block)) < line {
            // There cmark counts from its paragraph's first column, along the line with its
            // leading blanks (and any `>`) taken off.
            byte = containerPrefix(ofLine: line) + max(0, byte + 1 - Int(cmark_node_get_start_column(block)))
        }
        return SourceLocation(path: path, line: line, column: column(ofByte: sourceByte(byte, line: line), line: line))
    }

    private func isInline(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_HTML_INLINE, CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_EMPH, CMARK_NODE_STRONG:
            return true
        default:
            return false
        }
    }

    /// The paragraph (or heading, or table cell) an inline node is in.
    private func enclosingBlock(of node: OpaquePointer) -> OpaquePointer? {
        var current = cmark_node_parent(node)
        while let parent = current, isInline(parent) || typeName(parent) == "strikethrough" { current = cmark_node_parent(parent) }
        return current
    }

    /// The bytes at the start of line `line` that a container takes: spaces, tabs and `>`.
    func containerPrefix(ofLine line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 0 }
        return lines[line - 1].utf8.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ">") }.count
    }

    func sourceLength(ofLine line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 0 }
        return lines[line - 1].utf8.count
    }

    /// The byte in the file's line of byte `offset` of the parsed line, where each `$…$` before
    /// it is a placeholder (`InlineMath.protect`).
    func sourceByte(_ offset: Int, line: Int) -> Int {
        guard line >= 1, line <= protectedLines.count, offset > 0 else { return offset }
        let placeholders = lineTables.placeholders(ofLine: line)
        // Each placeholder that ends by `offset` stands for its `$…$`, longer or shorter by its delta.
        var shift = 0
        for placeholder in placeholders {
            guard placeholder.end <= offset else { break }
            shift += placeholder.delta
        }
        return offset + shift
    }

    /// The character column of byte `offset` (from 0) of line `line` (from 1).
    func column(ofByte offset: Int, line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return offset + 1 }
        return SourceColumn.of(byteOffset: offset, characterStarts: lineTables.characterStarts(ofLine: line))
    }
}

/// What locating a node needs of each line, worked out once per line: the byte where each of its
/// characters starts, and where its `$…$` placeholders are. Worked out for each node instead, a
/// line with thousands of links took time in the square of their number (8,000 links: 43 s).
private final class LineTables {
    /// A placeholder of the parsed line: the byte just after it, and how many bytes longer the
    /// `$…$` it stands for is (negative if shorter).
    struct Placeholder {
        let end: Int
        let delta: Int
    }

    private let lines: [Substring], protectedLines: [Substring]
    private let spans: [InlineMath.Span]
    private var starts: [Int: [Int]] = [:]
    private var placeholders: [Int: [Placeholder]] = [:]

    init(lines: [Substring], protectedLines: [Substring], spans: [InlineMath.Span]) {
        (self.lines, self.protectedLines, self.spans) = (lines, protectedLines, spans)
    }

    /// Line `line`'s (from 1) `SourceColumn.characterStarts`.
    func characterStarts(ofLine line: Int) -> [Int] {
        if let known = starts[line] { return known }
        let made = SourceColumn.characterStarts(of: lines[line - 1])
        starts[line] = made
        return made
    }

    /// Line `line`'s placeholders as cmark parsed it, in order.
    func placeholders(ofLine line: Int) -> [Placeholder] {
        if let known = placeholders[line] { return known }
        let made = Self.placeholders(in: protectedLines[line - 1], spans: spans)
        placeholders[line] = made
        return made
    }

    /// The placeholders of a parsed line, in order (none for most lines: a byte test first).
    private static func placeholders(in parsed: Substring, spans: [InlineMath.Span]) -> [Placeholder] {
        guard parsed.utf8.contains(0xEE) else { return [] }
        var found: [Placeholder] = []
        var bytes = 0
        for piece in InlineMath.pieces(of: String(parsed), count: spans.count) {
            switch piece {
            case .text(let text):
                bytes += text.utf8.count
            case .math(let index):
                let length = InlineMath.placeholder(index).utf8.count
                bytes += length
                found.append(Placeholder(end: bytes, delta: spans[index].written.utf8.count - length))
            }
        }
        return found
    }
}
