/// A table output: a caption, a header row, numbers right-aligned so their places line up.
enum TableHTML {
    static func html(_ table: Table) -> String {
        var html = "<table class=\"output-table\">"
        if !table.caption.isEmpty { html += "<caption>\(HTML.escape(minusSigns(in: table.caption)))</caption>" }
        html += "<thead><tr>" + table.header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>" + row.map { cell in
                Double(cell.replacingOccurrences(of: "%", with: "")) != nil
                    ? "<td class=\"number\">\(HTML.escape(cell.replacingOccurrences(of: "-", with: "−")))</td>" : "<td>\(HTML.escape(cell))</td>"
            }.joined() + "</tr>"
        }
        return html + "</tbody></table>\n"
    }

    /// A text's negative numbers written with the minus sign (U+2212), as the page's pictures and
    /// math write them: "-1006 to 1010" becomes "−1006 to 1010". Only a hyphen that starts a
    /// number (at the start, or after a space or an opening bracket) is one; "3-4" and
    /// "x-axis" keep theirs.
    static func minusSigns(in text: String) -> String {
        text.replacing(/(^|[\s(\[=,])-(?=\d|\.\d)/) { match in match.output.1 + "−" }
    }
}
