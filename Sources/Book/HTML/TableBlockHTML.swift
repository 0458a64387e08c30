/// Draws a chapter's Markdown table as cmark-gfm's table extension did: one tag a line, the
/// header in `<thead>`, the body (if any rows) in `<tbody>`, alignment as `align`.
enum TableBlockHTML {
    static func html(_ table: TableBlock) -> String {
        var html = "<table>\n<thead>\n" + row(table.header, cell: "th", table.alignments) + "</thead>\n"
        if !table.rows.isEmpty {
            html += "<tbody>\n"
            for cells in table.rows { html += row(cells, cell: "td", table.alignments) }
            html += "</tbody>\n"
        }
        return html + "</table>\n"
    }

    static func row(_ cells: [[Inline]], cell tag: String, _ alignments: [TableBlock.Alignment]) -> String {
        var html = "<tr>\n"
        for (column, content) in cells.enumerated() {
            let alignment = column < alignments.count ? alignments[column] : .none
            html += "<\(tag)\(attribute(alignment))>" + InlineHTML.html(content) + "</\(tag)>\n"
        }
        return html + "</tr>\n"
    }

    static func attribute(_ alignment: TableBlock.Alignment) -> String {
        switch alignment {
        case .none: ""
        case .left: " align=\"left\""
        case .center: " align=\"center\""
        case .right: " align=\"right\""
        }
    }
}
