/// The controls of a live page (`tutor serve`): one for every parameter of every cell, of the kind
/// its type calls for, starting at the cell's own value. The page's script (`LiveScript`) reads
/// each as the text an info string would hold and sends it to the server, which checks it with
/// the chapter parser's rules; the message comes back next to the control.
///
/// Each control says what it is in `data-kind`, its parameter in `data-name` and the chapter's
/// own value in `data-own`, so "Reset" needs no server.
enum LiveControls {
    static func form(_ cell: ResolvedCell) -> String {
        guard !cell.step.parameters.isEmpty else { return "" }
        let index = cell.cell.index
        var html = "<form class=\"live-controls\" data-cell=\"\(index)\" hidden>\n"
        for spec in cell.step.parameters {
            let own = cell.arguments.values[spec.name] ?? spec.defaultValue
            html += control(spec, own: own)
        }
        return html + "<button type=\"button\" class=\"live-reset\">Reset</button> <span class=\"live-status\" role=\"status\"></span>\n</form>\n"
    }

    /// One parameter's control: its name, the input, the help and a place for the server's message.
    static func control(_ spec: ParameterSpec, own: ParameterValue) -> String {
        let name = HTML.escape(spec.name)
        let ownText = HTML.escape(own.sourceText)
        let help = spec.help.isEmpty ? "" : " <span class=\"control-help\">\(HTML.escape(spec.help))</span>"
        let label = "<span class=\"control-name\">\(HTML.escape(spec.name))</span>"
        let error = "<output class=\"control-error\" hidden></output>"
        func wrap(_ kind: String, _ inputs: String) -> String {
            "<div class=\"control\" data-name=\"\(name)\" data-kind=\"\(kind)\" data-own=\"\(ownText)\"><label>\(label) \(inputs)</label>\(help)\(error)</div>\n"
        }
        switch spec.type {
        case .integer(let range):
            return wrap("number", numberInput(own.sourceText, step: "1", range: range.map { (Double($0.lowerBound), Double($0.upperBound)) }))
        case .number(let range):
            return wrap("number", numberInput(own.sourceText, step: "any", range: range.map { ($0.lowerBound, $0.upperBound) }))
        case .choice(let choices):
            return wrap("choice", select(choices, selected: own.nameValue))
        case .boolean:
            return wrap("toggle", "<input type=\"checkbox\"\(own.nameValue == "true" ? " checked" : "")>")
        case .string:
            return wrap("string", "<input type=\"text\" value=\"\(HTML.escape(own.nameValue ?? ""))\" spellcheck=\"false\">")
        case .numberList(let rule):
            let size = min(60, max(12, own.sourceText.count + 4))
            return wrap("text", "<input type=\"text\" value=\"\(ownText)\" size=\"\(size)\" spellcheck=\"false\" "
                        + "title=\"\(HTML.escape(ParameterCheck.describe(rule)))\">")
        case .custom(let custom):
            let kind = custom.kind
            switch (kind.domain, kind.editor) {
            case (let domain, .squareMatrix(let sides)):
                // The named values (if any), or "matrix" and a grid the script draws from the sides offered.
                var choices: [String] = []
                if case .choices(let names)? = domain { choices = names }
                let isName = own.nameValue != nil
                var menu = "<select data-part=\"name\">"
                for choice in choices {
                    menu += "<option value=\"\(HTML.escape(choice))\"\(own.nameValue == choice ? " selected" : "")>\(HTML.escape(choice))</option>"
                }
                menu += "<option value=\"\"\(isName ? "" : " selected")>matrix…</option></select>"
                let sideMenu = "<select data-part=\"side\">" + sides.map { "<option value=\"\($0)\">\($0)×\($0)</option>" }.joined() + "</select>"
                return wrap("matrix", menu + " <span class=\"matrix-side\" hidden>\(sideMenu)</span><span class=\"matrix-grid\" data-part=\"grid\"></span>")
            case (.choices(let names)?, .text):
                return wrap("choice", select(names, selected: own.nameValue))
            case (.integers(let range)?, .text):
                return wrap("number", numberInput(own.sourceText, step: "1", range: (Double(range.lowerBound), Double(range.upperBound))))
            case (nil, .text):
                return wrap("text", "<input type=\"text\" value=\"\(ownText)\" size=\"\(min(60, max(12, own.sourceText.count + 4)))\" "
                            + "spellcheck=\"false\" title=\"\(HTML.escape(kind.expected))\">")
            }
        }
    }

    private static func numberInput(_ value: String, step: String, range: (Double, Double)?) -> String {
        let bounds = range.map { " min=\"\(ParameterValue.number($0.0).sourceText)\" max=\"\(ParameterValue.number($0.1).sourceText)\"" } ?? ""
        return "<input type=\"number\" value=\"\(HTML.escape(value))\" step=\"\(step)\"\(bounds)>"
    }

    private static func select(_ choices: [String], selected: String?) -> String {
        "<select>" + choices.map { choice in
            "<option value=\"\(HTML.escape(choice))\"\(choice == selected ? " selected" : "")>\(HTML.escape(choice))</option>"
        }.joined() + "</select>"
    }
}
