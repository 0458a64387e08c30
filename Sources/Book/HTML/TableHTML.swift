/// A table output: a caption, a header row, numbers right-aligned so their places line up.
enum TableHTML {
    static func html(_ table: Table) -> String {
        var html = "<table class=\"output-table\">"
        if !table.caption.isEmpty { html += "<caption>\(HTML.escape(HTML.minusSigns(in: table.caption)))</caption>" }
        html += "<thead><tr>" + table.header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>" + row.map { cell in
                Double(cell.replacingOccurrences(of: "%", with: "")) != nil
                    ? "<td class=\"number\">\(HTML.escape(cell.replacingOccurrences(of: "-", with: "−")))</td>" : "<td>\(HTML.escape(cell))</td>"
            }.joined() + "</tr>"
        }
        return html + "</tbody></table>\n"
    }
}
