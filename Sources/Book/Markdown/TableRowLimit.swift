import CCmarkGFM

/// A bound on how many cells a line may split into, checked before cmark-gfm's table extension
/// sees the text.
///
/// Why: the GFM table extension appends each cell of a row to a linked list by walking it from
/// the start, so a row of n cells costs n² steps. A chapter of rows with 5,000 `|` each took 40 s
/// to parse, and one at the 4 MB limit of 50,000-bar rows would take minutes: every command
/// that reads chapters would seem to hang. Measured on 4 MB of table rows: 256 bars a line,
/// 3.6 s; 100 bars, 1.8 s (the same rows of text, 0.5 s). A real table has tens of columns.
///
/// Every `|` of a line counts (a `\|` or one inside inline code is not a cell boundary, but
/// counting it keeps the check on the safe side), except on the lines of code blocks and HTML
/// blocks, which are never table rows. Which lines those are is CommonMark's to say (a fence in
/// a list item or a quote, a "fence" whose info string holds a backtick and so is not one): when
/// some line is too wide, the text is parsed once more without the table extension, which is
/// linear, and those blocks' lines are let through.
enum TableRowLimit {
    /// The most `|` a line outside code and HTML blocks may hold.
    static let maximumBars = 100

    /// Errors for the lines of `lines` (a chapter's, numbered from 1; `text` is what cmark will
    /// parse, with the same lines) that hold too many bars, each located at the first bar past
    /// the limit; at most 10.
    ///
    /// Call with `CommonMark`'s lock held: cmark's parser is not safe on two threads at once.
    static func check(_ lines: [Substring], text: [UInt8], path: String) -> [Diagnostic] {
        let wide = lines.enumerated().compactMap { index, line in firstBarPastLimit(line).map { (line: index + 1, offset: $0) } }
        guard !wide.isEmpty else { return [] }
        let exempt = codeAndHTMLLines(text)
        return wide.lazy.filter { !exempt.contains($0.line) }.prefix(10).map { wide in
            let column = SourceColumn.of(byteOffset: wide.offset, in: lines[wide.line - 1])
            return Diagnostic(SourceLocation(path: path, line: wide.line, column: column),
                "this line has more than \(maximumBars) '|': a table row may have at most \(maximumBars) columns "
                + "(past that, cmark-gfm's table parser slows to a crawl); for a literal bar, write &#124;")
        }
    }

    /// The byte offset of the bar past the limit in `line`, if it has that many.
    private static func firstBarPastLimit(_ line: Substring) -> Int? {
        var bars = 0
        for (offset, byte) in line.utf8.enumerated() where byte == UInt8(ascii: "|") {
            bars += 1
            if bars > maximumBars { return offset }
        }
        return nil
    }

    /// The line numbers of every code block and HTML block of `text`, as cmark reads it without
    /// the table extension.
    private static func codeAndHTMLLines(_ text: [UInt8]) -> Set<Int> {
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { preconditionFailure("cmark_parser_new failed") }
        defer { cmark_parser_free(parser) }
        text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { preconditionFailure("cmark_parser_finish failed") }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { preconditionFailure("cmark_iter_new failed") }
        defer { cmark_iter_free(iterator) }
        var lines = Set<Int>()
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK else { continue }
            let (first, last) = (Int(cmark_node_get_start_line(node)), Int(cmark_node_get_end_line(node)))
            if first > 0 && last >= first { lines.formUnion(first...last) }
        }
        return lines
    }
}
