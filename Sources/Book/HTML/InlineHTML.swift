/// Draws running text (`Inline`) as the HTML cmark-gfm wrote for it, byte for byte, with math
/// as MathML.
enum InlineHTML {
    static func html(_ inlines: [Inline]) -> String {
        var out = ""
        for inline in inlines { write(inline, to: &out) }
        return out
    }

    static func write(_ inline: Inline, to out: inout String) {
        switch inline {
        case .text(let text): out += HTML.escapeProse(text)
        case .emphasis(let inner): out += "<em>" + html(inner) + "</em>"
        case .strong(let inner): out += "<strong>" + html(inner) + "</strong>"
        case .strikethrough(let inner): out += "<del>" + html(inner) + "</del>"
        case .code(let code): out += "<code>" + HTML.escapeProse(code) + "</code>"
        // An address the page leaves out (`URLSafety`), or none, writes no attribute: `href=""`
        // would be a link to the page itself, and `src=""` a request for it.
        case .link(let link):
            out += link.destination.isEmpty ? "<a" : "<a href=\"" + HTML.escapeURL(link.destination) + "\""
            if !link.title.isEmpty { out += " title=\"" + HTML.escapeProse(link.title) + "\"" }
            out += ">" + html(link.content) + "</a>"
        case .image(let image):
            out += (image.destination.isEmpty ? "<img" : "<img src=\"" + HTML.escapeURL(image.destination) + "\"")
                + " alt=\"" + altText(image.content) + "\""
            if !image.title.isEmpty { out += " title=\"" + HTML.escapeProse(image.title) + "\"" }
            out += " />"
        case .math(let tex): out += mathML(tex)
        case .softBreak: out += "\n"
        case .hardBreak: out += "<br />\n"
        // Sanitized when parsed; cmark-gfm's tag filter has nothing left to disarm in it.
        case .html(let html): out += html
        }
    }

    /// An image's description as an attribute: its words, markup dropped, breaks as spaces.
    /// Math and raw HTML in it are escaped as text, as cmark-gfm did with the MathML it was given.
    static func altText(_ inlines: [Inline]) -> String {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let text), .code(let text), .html(let text): out += HTML.escapeProse(text)
            case .math(let tex): out += HTML.escapeProse(mathML(tex))
            case .softBreak, .hardBreak: out += " "
            case .emphasis(let inner), .strong(let inner), .strikethrough(let inner): out += altText(inner)
            case .link(let link), .image(let link): out += altText(link.content)
            }
        }
        return out
    }

    /// The TeX was checked when the chapter was parsed, so this cannot fail; were it to, the
    /// reader sees the TeX rather than nothing.
    static func mathML(_ tex: String) -> String {
        (try? MathML.render(tex, display: false)) ?? HTML.escapeProse("$" + tex + "$")
    }
}
