/// Draws a chapter's prose: headings with their anchors, display math as MathML, and the HTML
/// cmark-gfm made of the other blocks.
enum ProseHTML {
    /// - Parameter path: the chapter's path, should its math fail to draw (it was checked when parsed).
    static func html(_ prose: Prose, path: String) throws(Diagnostic) -> String {
        var html = ""
        for block in prose.blocks {
            switch block {
            case .heading(let heading):
                html += self.html(heading)
            case .math(let math):
                do {
                    html += "<div class=\"math\">\(try MathML.render(math.tex, display: true))</div>\n"
                } catch {
                    throw Diagnostic(SourceLocation(path: path, line: math.line, column: 1), "in math: \(error.message)")
                }
            case .html(let fragment):
                html += fragment
            }
        }
        return html
    }

    /// `<h2 id="why-relu">Why ReLU? <a href="#why-relu">#</a></h2>`: the `#` is the link a reader
    /// copies to point at the section.
    static func html(_ heading: Heading) -> String {
        let tag = "h\(heading.level)"
        guard !heading.anchor.isEmpty else { return "<\(tag)>\(heading.html)</\(tag)>\n" }
        let id = HTML.escape(heading.anchor)
        return "<\(tag) id=\"\(id)\">\(heading.html) <a class=\"heading-anchor\" href=\"#\(id)\" aria-label=\"link to this section\">#</a></\(tag)>\n"
    }
}
