/// Draws a chapter's prose (`ProseBlock`) as terminal text: headings in bold with their `#`s,
/// lists with bullets or numbers, quotes behind a bar, code indented and dim, math as its TeX
/// (a terminal has no MathML). Blocks are separated by a blank line, as in the Markdown.
/// Whatever the chapter wrote is shown as text (`TerminalSafeText.shown`): an escape sequence in it
/// is shown as `U+001B[…`, never sent, so that only tutor's own styles reach the terminal.
struct ProseText {
    let terminal: TerminalCapabilities

    func text(_ prose: Prose) -> String {
        lines(prose.blocks, width: terminal.width).joined(separator: "\n") + "\n"
    }

    /// The lines of a run of blocks, a blank line between two blocks (none in a tight list).
    /// Running text is filled to `width` columns: the chapter's own line breaks are where its
    /// author's editor put them, and a teacher's terminal, with a large font, is often narrower.
    func lines(_ blocks: [ProseBlock], tight: Bool = false, width: Int) -> [String] {
        var lines: [String] = []
        for block in blocks {
            if !lines.isEmpty, !tight { lines.append("") }
            lines += self.lines(block, width: width)
        }
        return lines
    }

    func lines(_ block: ProseBlock, width: Int) -> [String] {
        switch block {
        case .heading(let heading):
            return [terminal.bold + String(repeating: "#", count: heading.level) + " " + inline(heading.content) + terminal.reset]
        case .math(let math):
            return TerminalSafeText.shown(math.tex).split(separator: "\n").map { "  " + $0 }
        case .paragraph(let content, _):
            return split(inline(content)).flatMap { fill($0, width: width) }
        case .list(let list):
            var lines: [String] = []
            for (n, item) in list.items.enumerated() {
                if !lines.isEmpty, !list.isTight { lines.append("") }
                let marker = list.isOrdered ? "\(list.start + n). " : "• "
                let indent = String(repeating: " ", count: marker.count)
                let body = self.lines(item, tight: list.isTight, width: width - marker.count)
                lines += body.enumerated().map { $0.offset == 0 ? marker + $0.element : ($0.element.isEmpty ? "" : indent + $0.element) }
                if body.isEmpty { lines.append(marker) }
            }
            return lines
        case .quote(let blocks, _):
            let bar = terminal.dim + "│" + terminal.reset
            return lines(blocks, width: width - 2).map { $0.isEmpty ? bar : bar + " " + $0 }
        case .code(let code):
            let source = TerminalSafeText.shown(code.text)
            return split(source.hasSuffix("\n") ? String(source.dropLast()) : source).map { "    " + terminal.dim + $0 + terminal.reset }
        case .table(let table):
            return self.table(table)
        case .thematicBreak:
            return [terminal.dim + String(repeating: "─", count: min(terminal.width, 40)) + terminal.reset]
        case .html(let html, _):
            let source = TerminalSafeText.shown(Self.asWritten(html))
            return split(source.hasSuffix("\n") ? String(source.dropLast()) : source)
        }
    }

    /// Raw HTML as its author wrote it: the page's sanitizer turns a tag it does not allow
    /// (`<script>`) into text (`&lt;script&gt;`) for the browser, which a terminal would show
    /// as those entities. Only the five escapes are undone, so no entity can spell a control
    /// character here.
    static func asWritten(_ html: String) -> String {
        guard html.contains("&") else { return html }
        return html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Columns padded to their widest cell, the header over a rule.
    func table(_ table: TableBlock) -> [String] {
        let rows = ([table.header] + table.rows).map { $0.map(inline) }
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? TerminalPresenter.visibleWidth($0[column]) : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - TerminalPresenter.visibleWidth($0)) }.joined(separator: "  ")
        }
        return [line(rows[0]), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + rows.dropFirst().map(line)
    }

    /// Running text as the reader would read it aloud: strong words in bold, code in backticks,
    /// a link followed by its address, math as its TeX.
    func inline(_ inlines: [Inline]) -> String {
        var text = ""
        for inline in inlines {
            switch inline {
            case .text(let words): text += TerminalSafeText.shown(words)
            case .html(let html): text += TerminalSafeText.shown(Self.asWritten(html))
            case .emphasis(let inner), .strikethrough(let inner): text += self.inline(inner)
            case .strong(let inner): text += terminal.bold + self.inline(inner) + terminal.reset
            case .code(let code): text += "`" + TerminalSafeText.shown(code) + "`"
            case .link(let link):
                let words = self.inline(link.content)
                let destination = TerminalSafeText.shown(link.destination)
                text += link.destination.isEmpty || destination == words ? words : words + " <" + destination + ">"
            case .image(let image): text += "[picture: " + self.inline(image.content) + "]"
            case .math(let tex): text += "$" + TerminalSafeText.shown(tex) + "$"
            // A soft break is the author's line end, a space to the reader; a hard one, a new line.
            case .softBreak: text += " "
            case .hardBreak: text += "\n"
            }
        }
        return text
    }

    /// `line` in lines of at most `width` columns, broken at spaces; a word wider than that
    /// stands alone on its line, whole (an address, a long formula). At least 20 columns.
    func fill(_ line: String, width: Int) -> [String] {
        let width = max(20, width)
        guard TerminalSafeText.displayWidth(line) > width else { return [line] }
        var lines: [String] = [], current = "", currentWidth = 0
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = TerminalSafeText.displayWidth(String(word))
            if currentWidth > 0 && currentWidth + 1 + wordWidth > width {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            current += (currentWidth > 0 ? " " : "") + word
            currentWidth += (currentWidth > 0 ? 1 : 0) + wordWidth
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    func split(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
