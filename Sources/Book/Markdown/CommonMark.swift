import CCmarkGFM
import Foundation

/// The one place that talks to cmark-gfm: Markdown text in, a `MarkdownDocument` out.
///
/// Parsing checks everything (math included) and keeps headings and display math as data; the
/// HTML writer renders them. Other prose blocks come out as cmark-gfm's own HTML.
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

    /// The GitHub extensions a chapter may use.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter"]

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
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { preconditionFailure("cmark_parser_finish failed") }
        defer { cmark_node_free(document) }
        cmark_consolidate_text_nodes(document)

        var tree = Tree(document: document, path: path, lines: lines, spans: spans, allowRawHTML: allowRawHTML,
                        extensions: cmark_parser_get_syntax_extensions(parser))
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
    let spans: [InlineMath.Span]
    let allowRawHTML: Bool
    let extensions: UnsafeMutablePointer<cmark_llist>?
    var diagnostics: [Diagnostic] = []
    /// Math errors past the first `CommonMark.maximumMathErrors`, counted but not located.
    var unreportedMathErrors = 0

    init(document: OpaquePointer, path: String, lines: [Substring], spans: [InlineMath.Span], allowRawHTML: Bool,
         extensions: UnsafeMutablePointer<cmark_llist>?) {
        self.document = document
        self.path = path
        self.lines = lines
        self.spans = spans
        self.allowRawHTML = allowRawHTML
        self.extensions = extensions
    }

    /// A top-level node, with the lines it spans (taken before rewriting, which loses positions).
    struct Item {
        var node: OpaquePointer
        var firstLine: Int
        var lastLine: Int
        var fence: Fence?
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
                              lastLine: Int(cmark_node_get_end_line(node)), fence: cellFence(node)))
            if !unclosed.contains(Int(cmark_node_get_start_line(node))) { checkFenceIsClosed(node) }
            child = cmark_node_next(node)
        }
        let title = firstTitle()
        // Taken before rewriting, which turns math placeholders into MathML the text would lose.
        var headingTexts: [OpaquePointer: String] = [:]
        for item in items where cmark_node_get_type(item.node) == CMARK_NODE_HEADING {
            headingTexts[item.node] = headingText(item.node)
        }
        let topLevelMath = Set(items.compactMap { $0.fence == nil && isMathFence($0.node) ? $0.node : nil })
        let replaced = rewrite(topLevel: Set(items.compactMap { $0.fence == nil ? nil : $0.node }), topLevelMath: topLevelMath)
        for i in items.indices { if let new = replaced[items[i].node] { items[i].node = new } }

        func proseBlock(_ item: Item) -> ProseBlock {
            if let text = headingTexts[item.node] {
                return .heading(Heading(level: Int(cmark_node_get_heading_level(item.node)), text: text,
                                        html: renderChildren(item.node), line: item.firstLine))
            }
            if topLevelMath.contains(item.node) { return .math(DisplayMath(tex: literal(item.node), line: item.firstLine)) }
            return .html(render(item.node))
        }
        var blocks: [MarkdownBlock] = []
        var group: [Item] = []
        func flush() {
            guard let first = group.first, let last = group.last else { return }
            let markdown = lines[max(0, first.firstLine - 1)..<min(lines.count, last.lastLine)].joined(separator: "\n")
            blocks.append(.prose(Prose(blocks: group.map(proseBlock), markdown: markdown,
                                       firstLine: first.firstLine, lastLine: last.lastLine)))
            group = []
        }
        for item in items {
            if let fence = item.fence {
                flush()
                blocks.append(.fence(fence))
            } else {
                group.append(item)
            }
        }
        flush()
        return MarkdownDocument(title: title?.text, titleLine: title?.line, blocks: blocks)
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
            let depth = (depths[parent] ?? 0) + 1
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
        guard InfoString.namesStep(info) else { return nil }
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
        let fence = String(repeating: Character(UnicodeScalar(UInt8(bitPattern: character))), count: Int(length))
        diagnostics.append(Diagnostic(location(of: node), "this \(fence) fence is never closed, so it swallows the rest of the chapter; add a closing \(fence) line"))
    }

    // MARK: Title

    func firstTitle() -> (text: String, line: Int)? {
        var child = cmark_node_first_child(document)
        while let node = child {
            if cmark_node_get_type(node) == CMARK_NODE_HEADING, cmark_node_get_heading_level(node) == 1 {
                return (headingText(node), Int(cmark_node_get_start_line(node)))
            }
            child = cmark_node_next(node)
        }
        return nil
    }

    /// A heading's words as a reader sees them, math as its TeX.
    func headingText(_ node: OpaquePointer) -> String {
        InlineMath.restore(plainText(node), spans: spans).trimmingCharacters(in: .whitespaces)
    }

    /// The text of a heading, its markup dropped. Walked with cmark's iterator rather than by
    /// recursion, like every walk of the tree here, so no input can run it out of stack.
    func plainText(_ node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { preconditionFailure("cmark_iter_new failed") }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literal(child)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
    }

    // MARK: Rewriting

    /// Math to MathML, placeholders back to text where math is not allowed, and (unless the
    /// chapter opted in) raw HTML to escaped text. Returns the top-level nodes it replaced.
    /// Math blocks at the top level are only checked: they stay in the document as TeX.
    mutating func rewrite(topLevel cells: Set<OpaquePointer>, topLevelMath: Set<OpaquePointer>) -> [OpaquePointer: OpaquePointer] {
        // Collect first: changing the tree under a cmark iterator is undefined.
        var nodes: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { preconditionFailure("cmark_iter_new failed") }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
                nodes.append(node)
            }
        }

        var replaced: [OpaquePointer: OpaquePointer] = [:]
        for node in nodes where !cells.contains(node) {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT:
                expandMath(in: node)
            case CMARK_NODE_CODE:
                restoreLiteral(node)
            case CMARK_NODE_CODE_BLOCK:
                if topLevelMath.contains(node) {
                    _ = displayMath(node)
                } else if isMathFence(node) {
                    // Inside a list or a quote: part of that block's HTML, so drawn now.
                    if let html = displayMath(node), let new = replace(node, with: CMARK_NODE_HTML_BLOCK, literal: html) {
                        replaced[node] = new
                    }
                } else {
                    restoreLiteral(node)
                }
            case CMARK_NODE_HTML_BLOCK:
                restoreLiteral(node)
                if allowRawHTML {
                    cmark_node_set_literal(node, HTMLSanitizer.sanitize(literal(node)))
                } else if let new = replace(node, with: CMARK_NODE_CODE_BLOCK, literal: literal(node)) {
                    replaced[node] = new
                }
            case CMARK_NODE_HTML_INLINE:
                restoreLiteral(node)
                if allowRawHTML {
                    cmark_node_set_literal(node, HTMLSanitizer.sanitize(literal(node)))
                } else {
                    _ = replace(node, with: CMARK_NODE_TEXT, literal: literal(node))
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                // Raw HTML or not, a link never runs a script nor reads a local file.
                let url = InlineMath.restore(string(cmark_node_get_url(node)), spans: spans)
                let title = InlineMath.restore(string(cmark_node_get_title(node)), spans: spans)
                let isImage = cmark_node_get_type(node) == CMARK_NODE_IMAGE
                cmark_node_set_url(node, URLSafety.isAllowed(url, forImage: isImage) ? url : "")
                cmark_node_set_title(node, title)
            default:
                break
            }
        }
        return replaced
    }

    /// Splits a text node at its math placeholders into text and MathML nodes.
    mutating func expandMath(in node: OpaquePointer) {
        let pieces = InlineMath.pieces(of: literal(node), count: spans.count)
        guard pieces.contains(where: { if case .math = $0 { true } else { false } }) else { return }
        for piece in pieces {
            let new: OpaquePointer?
            switch piece {
            case .text(let text):
                new = makeNode(CMARK_NODE_TEXT, literal: text)
            case .math(let index):
                let span = spans[index]
                do {
                    new = makeNode(CMARK_NODE_HTML_INLINE, literal: try MathML.render(span.tex, display: false))
                } catch {
                    if diagnostics.count < CommonMark.maximumMathErrors {
                        // span.column is the dollar's byte column; +1 steps over it.
                        let at = SourceLocation(path: path, line: span.line,
                                                column: column(ofByte: span.column + error.offset, line: span.line))
                        diagnostics.append(Diagnostic(at, "in math: \(error.message)"))
                    } else {
                        unreportedMathErrors += 1
                    }
                    new = makeNode(CMARK_NODE_TEXT, literal: "$" + span.tex + "$")
                }
            }
            guard let new else { continue }
            // Once inserted, the new node belongs to the tree and is freed with the document.
            if cmark_node_insert_before(node, new) == 0 { cmark_node_free(new) }
        }
        cmark_node_free(node)
    }

    func isMathFence(_ node: OpaquePointer) -> Bool {
        guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return false }
        var length: Int32 = 0, offset: Int32 = 0, character: CChar = 0
        guard cmark_node_get_fenced(node, &length, &offset, &character) != 0 else { return false }
        let info = string(cmark_node_get_fence_info(node))
        return info.split(separator: " ").first == "math"
    }

    /// The display MathML of a ```` ```math ```` block, or nil after saying where its TeX is wrong.
    mutating func displayMath(_ node: OpaquePointer) -> String? {
        let tex = literal(node)
        do {
            return "<div class=\"math\">" + (try MathML.render(tex, display: true)) + "</div>\n"
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
            return nil
        }
    }

    func restoreLiteral(_ node: OpaquePointer) {
        let text = literal(node)
        let restored = InlineMath.restore(text, spans: spans)
        if restored != text { cmark_node_set_literal(node, restored) }
    }

    /// Puts a new node of `type` holding `literal` where `node` was, and frees `node`.
    func replace(_ node: OpaquePointer, with type: cmark_node_type, literal: String) -> OpaquePointer? {
        guard let new = makeNode(type, literal: literal) else { return nil }
        guard cmark_node_replace(node, new) != 0 else {
            cmark_node_free(new)
            return nil
        }
        cmark_node_free(node)
        return new
    }

    func makeNode(_ type: cmark_node_type, literal: String) -> OpaquePointer? {
        guard let node = cmark_node_new(type) else { return nil }
        guard cmark_node_set_literal(node, literal) != 0 else {
            cmark_node_free(node)
            return nil
        }
        return node
    }

    // MARK: Rendering

    /// HTML for one top-level node. Rendered "unsafe" because the only raw HTML left in the tree
    /// is ours (MathML) or the chapter's by its own choice; the extension list is passed so that
    /// tagfilter still disarms `<script>` and friends even then.
    func render(_ node: OpaquePointer) -> String {
        guard let html = cmark_render_html(node, CMARK_OPT_UNSAFE, extensions) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// HTML for the inline content of a block (a heading's words), without the block's own tags.
    func renderChildren(_ node: OpaquePointer) -> String {
        var html = ""
        var child = cmark_node_first_child(node)
        while let inline = child {
            html += render(inline)
            child = cmark_node_next(inline)
        }
        return html
    }

    // MARK: Reading nodes

    func literal(_ node: OpaquePointer) -> String { string(cmark_node_get_literal(node)) }

    func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }

    /// Where a node starts; cmark counts columns in bytes, a location in characters.
    func location(of node: OpaquePointer) -> SourceLocation {
        let line = Int(cmark_node_get_start_line(node))
        return SourceLocation(path: path, line: line, column: column(ofByte: Int(cmark_node_get_start_column(node)) - 1, line: line))
    }

    /// The character column of byte `offset` (from 0) of line `line` (from 1).
    func column(ofByte offset: Int, line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return offset + 1 }
        return SourceColumn.of(byteOffset: offset, in: lines[line - 1])
    }
}
