/// Draws a chapter's prose (`ProseBlock`) as HTML: headings with their anchors, display math as
/// MathML, and every other block as the HTML cmark-gfm wrote for it, byte for byte (the golden
/// pages hold the book to that).
struct ProseHTML {
    private(set) var html = ""
    /// The chapter's path, should its math fail to draw (it was checked when parsed).
    let path: String

    init(path: String) {
        self.path = path
    }

    static func html(_ prose: Prose, path: String) throws(Diagnostic) -> String {
        var writer = ProseHTML(path: path)
        for block in prose.blocks { try writer.write(block) }
        return writer.html
    }

    /// `<h2 id="why-relu">Why ReLU? <a href="#why-relu">#</a></h2>`: the `#` is the link a reader
    /// copies to point at the section.
    static func html(_ heading: Heading) -> String {
        let tag = "h\(heading.level)"
        let content = InlineHTML.html(heading.content)
        guard !heading.anchor.isEmpty else { return "<\(tag)>\(content)</\(tag)>\n" }
        let id = HTML.escape(heading.anchor)
        return "<\(tag) id=\"\(id)\">\(content) <a class=\"heading-anchor\" href=\"#\(id)\" aria-label=\"link to this section\">#</a></\(tag)>\n"
    }

    /// - Parameter inTightList: the block is an item of a tight list, whose paragraphs have no `<p>`.
    mutating func write(_ block: ProseBlock, inTightList: Bool = false) throws(Diagnostic) {
        switch block {
        case .heading(let heading):
            newLine()
            html += Self.html(heading)
        case .math(let math):
            newLine()
            do {
                html += "<div class=\"math\">\(try MathML.render(math.tex, display: true))</div>\n"
            } catch {
                throw Diagnostic(SourceLocation(path: path, line: math.line, column: 1), "in math: \(error.message)")
            }
        case .paragraph(let content, _):
            if inTightList {
                html += InlineHTML.html(content)
            } else {
                newLine()
                html += "<p>" + InlineHTML.html(content) + "</p>\n"
            }
        case .list(let list):
            try write(list)
        case .quote(let blocks, _):
            newLine()
            html += "<blockquote>\n"
            for inner in blocks { try write(inner) }
            newLine()
            html += "</blockquote>\n"
        case .code(let code):
            newLine()
            html += code.language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(HTML.escapeProse(code.language))\">"
            html += HTML.escapeProse(code.text) + "</code></pre>\n"
        case .table(let table):
            newLine()
            html += TableBlockHTML.html(table)
        case .thematicBreak:
            newLine()
            html += "<hr />\n"
        case .html(let raw, _):
            newLine()
            html += raw
            newLine()
        }
    }

    mutating func write(_ list: ListBlock) throws(Diagnostic) {
        newLine()
        html += !list.isOrdered ? "<ul>\n" : list.start == 1 ? "<ol>\n" : "<ol start=\"\(list.start)\">\n"
        for item in list.items {
            newLine()
            html += "<li>"
            for block in item { try write(block, inTightList: list.isTight) }
            html += "</li>\n"
        }
        newLine()
        html += list.isOrdered ? "</ol>\n" : "</ul>\n"
    }

    /// cmark-gfm's line-break rule: a block starts on a new line, without ever leaving a blank one.
    mutating func newLine() {
        if let last = html.last, last != "\n" { html += "\n" }
    }
}
