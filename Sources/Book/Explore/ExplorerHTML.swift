import Foundation

/// The explorable parts of a chapter page: the controls of each cell, every variant's outputs
/// as a `<template>` (identical outputs stored once), and the table that maps the controls'
/// values to them (`#tutor_explore`), for `ExplorerScript`.
struct ExplorerHTML {
    let chapter: Chapter
    let exploration: ChapterExploration
    /// The chapter's own results, by cell index (from 1).
    let own: [Int: CellResult]

    /// Variant outputs, their images, and what each cell added to the page.
    private(set) var templates = ""
    private(set) var images: [(name: String, data: Data)] = []
    private(set) var bytesByCell: [Int: Int] = [:]
    private var data = ExplorerData(controls: [:], cells: [:])

    init(chapter: Chapter, exploration: ChapterExploration, results: [CellResult], drawn: OutputHTML.Drawn) throws(Diagnostic) {
        self.chapter = chapter
        self.exploration = exploration
        self.own = Dictionary(uniqueKeysWithValues: results.map { ($0.resolved.cell.index, $0) })
        for (id, variation) in exploration.variations {
            data.controls[id.description] = ExplorerData.Control(cell: id.cell, name: id.name, values: variation.values.map(\.sourceText),
                                                                 own: variation.ownIndex)
        }
        var templateOf: [String: String] = [:]  // outputs' HTML -> template id
        for index in exploration.cells.keys.sorted() {
            let cell = exploration.cells[index]!
            let location = own[index]!.resolved.cell.location
            var variants: [String: String] = [:]
            var added = 0
            for (setting, outputs) in cell.variants.sorted(by: { $0.key.lexicographicallyPrecedes($1.key, by: { $0.sourceText < $1.sourceText }) }) {
                let key = zip(cell.controls, setting).map { String(exploration.variations[$0]!.values.firstIndex(of: $1)!) }.joined(separator: ",")
                if zip(cell.controls, setting).allSatisfy({ exploration.ownValue($0) == $1 }) {
                    variants[key] = "own"
                    continue
                }
                var renderer = OutputHTML(imagePrefix: "\(chapter.slug)-\(index)-v\(templateOf.count + 1)", location: location, drawn: drawn)
                var html = ""
                for output in outputs { html += try renderer.html(output) }
                if let id = templateOf[html] {
                    variants[key] = id
                    continue
                }
                // An underscore: no heading's anchor (letters, numerals, dashes) can take the same id.
                let id = "variant_\(templateOf.count + 1)"
                templateOf[html] = id
                variants[key] = id
                let template = "<template id=\"\(id)\">\(html)</template>\n"
                templates += template
                images += renderer.images
                added += template.utf8.count + renderer.images.reduce(0) { $0 + $1.data.count }
            }
            if cell.controls.isEmpty { variants[""] = "own" }
            bytesByCell[index] = added
            data.cells[String(index)] = ExplorerData.Cell(
                controls: cell.controls.map(\.description), variants: variants, ignored: cell.ignored.map(\.description),
                arguments: own[index]!.resolved.argumentsInDeclaredOrder.map { [$0.name, $0.value.sourceText] })
        }
    }

    /// The JSON table and the script, placed after the chapter's content.
    var scriptHTML: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a dictionary of strings cannot fail; "<" is written as \u003c so no text in it
        // can close the script element. The id has an underscore, as the variants' do: no heading's
        // anchor (letters, numerals, dashes) can take it, and with it the controls' data.
        let json = String(decoding: (try? encoder.encode(data)) ?? Data("{}".utf8), as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
        return "<script type=\"application/json\" id=\"tutor_explore\">\(json)</script>\n<script>\(ExplorerScript.source)</script>\n"
    }

    /// What goes at the top of cell `index`: its controls, and notes on the controls it follows or
    /// ignores. Empty for a cell the exploration does not touch.
    func controls(forCell index: Int) -> String {
        guard let cell = exploration.cells[index] else { return "" }
        var html = ""
        let ownControls = cell.controls.filter { $0.cell == index }
        if !ownControls.isEmpty {
            html += "<form class=\"cell-controls\" data-cell=\"\(index)\" hidden>\n"
            for id in ownControls { html += control(id, exploration.variations[id]!) }
            html += "<button type=\"reset\">Reset</button>\n</form>\n"
        }
        let followed = cell.controls.filter { $0.cell != index }
        if !followed.isEmpty {
            html += "<p class=\"cell-follows\" hidden>What this cell shows changes with the \(followed.count == 1 ? "control" : "controls") of \(describe(followed, values: false)): it reads what \(Set(followed.map(\.cell)).count == 1 ? "that cell leaves" : "those cells leave").</p>\n"
        }
        if !cell.ignored.isEmpty {
            html += "<p class=\"cell-ignores\" data-cell=\"\(index)\" hidden>This cell shows the results of the chapter's own \(describe(cell.ignored, values: true)), not the values chosen there: too many combinations to compute them all.</p>\n"
        }
        return html
    }

    /// "cell 1 (n, f)", or with values "cell 1 (n=7)".
    private func describe(_ ids: [ControlID], values: Bool) -> String {
        let byCell = Dictionary(grouping: ids, by: \.cell)
        return byCell.keys.sorted().map { cell in
            let names = byCell[cell]!.map { id in
                values ? "\(id.name)=\(exploration.ownValue(id)!.sourceText)" : id.name
            }
            return "cell \(cell) (\(names.joined(separator: ", ")))"
        }.joined(separator: " and ")
    }

    /// One control, of the kind the parameter's type and values call for.
    private func control(_ id: ControlID, _ variation: Variation) -> String {
        let name = HTML.escape(id.description)
        let label = "<span class=\"control-name\">\(HTML.escape(variation.name))</span>"
        let help = variation.spec.help.isEmpty ? "" : " <span class=\"control-help\">\(HTML.escape(variation.spec.help))</span>"
        let texts = variation.values.map { HTML.escape($0.sourceText) }
        switch ControlKind.of(variation) {
        case .toggle:
            let checked = variation.ownIndex == 1 ? " checked" : ""
            return "<label class=\"control\"><input type=\"checkbox\" data-control=\"\(name)\"\(checked)> \(label)\(help)</label>\n"
        case .buttons:
            var html = "<fieldset class=\"control\"><legend>\(label)\(help)</legend>"
            for (i, text) in texts.enumerated() {
                let checked = i == variation.ownIndex ? " checked" : ""
                html += "<label><input type=\"radio\" name=\"\(name)\" value=\"\(i)\" data-control=\"\(name)\"\(checked)>\(text)</label>"
            }
            return html + "</fieldset>\n"
        case .menu:
            var html = "<label class=\"control\">\(label) <select data-control=\"\(name)\">"
            for (i, text) in texts.enumerated() {
                html += "<option value=\"\(i)\"\(i == variation.ownIndex ? " selected" : "")>\(text)</option>"
            }
            return html + "</select>\(help)</label>\n"
        case .slider:
            let own = texts[variation.ownIndex]
            return "<label class=\"control\">\(label) <input type=\"range\" min=\"0\" max=\"\(texts.count - 1)\" step=\"1\" value=\"\(variation.ownIndex)\" "
                + "data-control=\"\(name)\" aria-valuetext=\"\(own)\"> <output data-shows=\"\(name)\">\(own)</output>\(help)</label>\n"
        }
    }
}

/// Which control a variation gets.
enum ControlKind: Equatable {
    /// A checkbox: a boolean offered as false and true.
    case toggle
    /// A row of radio buttons: a few values.
    case buttons
    /// A menu: names (a course's named values, or many choices).
    case menu
    /// A slider showing its value: a range of integers, or many values.
    case slider

    static func of(_ variation: Variation) -> ControlKind {
        let values = variation.values
        switch variation.spec.type {
        case .boolean where values == [.identifier("false"), .identifier("true")]:
            return .toggle
        case .custom:
            return .menu
        case .choice:
            return values.count <= 6 ? .buttons : .menu
        case .integer:
            let integers = values.compactMap { if case .integer(let v) = $0 { v } else { nil } }
            let isRange = integers.count == values.count && zip(integers, integers.dropFirst()).allSatisfy { $1 == $0 + 1 }
            return isRange && values.count > 3 ? .slider : values.count <= 8 ? .buttons : .slider
        default:
            return values.count <= 8 ? .buttons : .slider
        }
    }
}

/// The table the script reads: for each control its values (as written in a chapter) and its
/// own index; for each cell the controls it follows and the template of each setting of them
/// (indices joined by commas; "own" is the outputs the page was built with).
struct ExplorerData: Encodable {
    struct Control: Encodable {
        var cell: Int
        var name: String
        var values: [String]
        var own: Int
    }
    struct Cell: Encodable {
        var controls: [String]
        var variants: [String: String]
        var ignored: [String]
        var arguments: [[String]]
    }
    var controls: [String: Control]
    var cells: [String: Cell]
}
