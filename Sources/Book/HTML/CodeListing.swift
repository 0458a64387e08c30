/// Source code as a `<pre>` whose long lines wrap on screen instead of scrolling sideways: each
/// line is a span that wraps with a hanging indent (CSS `.code-line`), so a continuation sits to
/// the right of where its line starts. The text is unchanged: copying the block gives the source.
enum CodeListing {
    static func html<Lines: Sequence>(_ lines: Lines, class name: String) -> String where Lines.Element: StringProtocol {
        var html = "<pre class=\"\(name)\"><code>"
        var first = true
        for line in lines {
            if !first { html += "\n" }
            first = false
            let indent = line.prefix { $0 == " " }.count
            // The indentation, in characters, for the hanging indent's width (a custom property,
            // since a class per depth would cap how deep code may nest).
            let style = indent > 0 ? " style=\"--indent:\(indent)\"" : ""
            html += "<span class=\"code-line\"\(style)>\(HTML.escape(String(line)))</span>"
        }
        return html + "</code></pre>\n"
    }
}
