/// Turns a cell's `vary-NAME=...` keys into `Variation`s, with the parser's rules: every problem
/// is a diagnostic at the column of the text to blame, found before anything runs.
enum VariationCheck {
    /// - Parameters:
    ///   - own: the cell's own arguments (as written, defaults filled in, before any `--set`).
    static func resolve(_ cell: Cell, step: StepDefinition, own: Arguments,
                        check: (_ value: ParameterValue, _ spec: ParameterSpec, _ written: String?) -> Result<ParameterValue, CheckMessage>) throws(Diagnostics) -> [Variation] {
        var variations: [Variation] = []
        var diagnostics: [Diagnostic] = []
        let names = step.parameters.map(\.name)
        for written in cell.info.variations {
            let keyLocation = cell.location(ofInfoColumn: written.column)
            let valueLocation = cell.location(ofInfoColumn: written.valueColumn)
            guard let spec = step.parameter(named: written.name) else {
                let known = names.isEmpty ? "it takes no parameters" : "its parameters are: \(names.joined(separator: ", "))"
                diagnostics.append(Diagnostic(keyLocation,
                    "vary-\(Excerpt.of(written.name)): step '\(step.name)' has no parameter '\(Excerpt.of(written.name))'\(Suggestion.hint(for: written.name, in: names)); \(known)"))
                continue
            }
            let candidates: [ParameterValue]
            switch written.value {
            case .identifier("all"):
                guard let declared = Variation.declaredValues(of: spec.type) else {
                    diagnostics.append(Diagnostic(valueLocation,
                        "parameter '\(spec.name)' (\(spec.type.summary)) has no short list of values for 'all': list the values, as in vary-\(spec.name)=[\(spec.defaultValue.sourceText), ...]"))
                    continue
                }
                candidates = declared
            case .list(let items):
                candidates = items
            default:
                diagnostics.append(Diagnostic(valueLocation,
                    "vary-\(spec.name) takes 'all' or a [list] of values to offer, found \(written.value.kindDescription(written: written.written))"))
                continue
            }
            guard candidates.count <= ExplorationBudget.variantsPerCell else {
                diagnostics.append(Diagnostic(valueLocation,
                    "vary-\(spec.name) offers \(candidates.count) values, over the budget of \(ExplorationBudget.variantsPerCell) variants per cell"))
                continue
            }
            // The first bad value of a list is reported, not every one: a list of 20,000 is one mistake.
            var values: [ParameterValue] = []
            var seen: Set<ParameterValue> = []
            var refused = false
            // An item of the list as written is blamed where it stands, and quoted as written
            // (`all` has no items written: its values are the parameter's own).
            let writtenItems = written.items.count == candidates.count ? written.items : []
            for (k, candidate) in candidates.enumerated() where !refused {
                let item = writtenItems.isEmpty ? nil : writtenItems[k]
                let itemLocation = item.map { cell.location(ofInfoColumn: $0.column) } ?? valueLocation
                switch check(candidate, spec, item?.written) {
                case .success(let value):
                    if !seen.insert(value).inserted {
                        diagnostics.append(Diagnostic(itemLocation, "vary-\(spec.name) lists \(Excerpt.of(value.sourceText)) twice"
                                                      + (item.map { $0.written != value.sourceText ? " (here as \(Excerpt.of($0.written)))" : "" } ?? "")))
                        refused = true
                    } else {
                        values.append(value)
                    }
                case .failure(let message):
                    diagnostics.append(Diagnostic(itemLocation, "vary-\(spec.name): \(message.text)"))
                    refused = true
                }
            }
            if refused { continue }
            guard values.count >= 2 else {
                diagnostics.append(Diagnostic(valueLocation, "vary-\(spec.name) needs at least two values for a reader to choose from, found \(values.count)"))
                continue
            }
            guard let ownValue = own.values[spec.name], let ownIndex = values.firstIndex(of: ownValue) else {
                diagnostics.append(Diagnostic(valueLocation,
                    "vary-\(spec.name) does not offer the cell's own value \(Excerpt.of(own.values[spec.name]?.sourceText ?? "?")): add it, so the page opens on the values it shows without a script"))
                continue
            }
            variations.append(Variation(name: spec.name, values: values, ownIndex: ownIndex, spec: spec))
        }
        if !diagnostics.isEmpty { throw Diagnostics(diagnostics) }
        guard !variations.isEmpty else { return [] }

        let count = Variation.combinationCount(variations.map(\.values.count))
        guard count <= ExplorationBudget.variantsPerCell else {
            let sizes = variations.map { "\($0.name) (\($0.values.count))" }.joined(separator: " × ")
            throw Diagnostics([Diagnostic(cell.location(ofInfoColumn: cell.info.variations[0].column),
                "this cell varies \(sizes) = \(count == Int.max ? "too many" : String(count)) combinations, over the budget of \(ExplorationBudget.variantsPerCell) variants per cell: offer fewer values")])
        }
        // Every combination must be one the step accepts: the page cannot show an error.
        for combination in Variation.combinations(variations) {
            var values = own.values
            for (variation, value) in zip(variations, combination) { values[variation.name] = value }
            // A control for a parameter that means nothing in this variant would change nothing.
            if let idle = variations.first(where: { !$0.spec.applies(in: values) }), let condition = idle.spec.condition {
                let setting = zip(variations, combination).map { "\($0.name)=\(Excerpt.of($1.sourceText))" }.joined(separator: " ")
                let actual = values[condition.parameter].map(\.sourceText) ?? "unset"
                throw Diagnostics([Diagnostic(cell.location(ofInfoColumn: cell.info.variations[0].column),
                    "with \(setting) the control vary-\(idle.name) would change nothing: \(idle.name) means something only when "
                    + "\(condition.parameter)=\(condition.value.sourceText), and here \(condition.parameter) is \(actual)")])
            }
            do {
                try step.validate(Arguments(values))
            } catch {
                let setting = zip(variations, combination).map { "\($0.name)=\(Excerpt.of($1.sourceText))" }.joined(separator: " ")
                throw Diagnostics([Diagnostic(cell.location(ofInfoColumn: cell.info.variations[0].column),
                    "with \(setting) step '\(step.name)' refuses its arguments: \(error); offer only values it accepts together")])
            }
        }
        return variations
    }
}
