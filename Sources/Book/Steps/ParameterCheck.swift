/// Checks a written value against a parameter's declared type, and puts it in its one canonical
/// form (so `lr=1` and `lr=1.0` are the same argument, and the same cache entry).
public enum ParameterCheck {
    /// The canonical value, or a message saying what the parameter accepts.
    static func check(_ value: ParameterValue, against type: ParameterType) -> Result<ParameterValue, Failure> {
        switch type {
        case .integer(let range):
            guard case .integer(let v) = value else { return .failure(Failure("an integer\(describe(range))")) }
            if let range, !range.contains(v) { return .failure(Failure("an integer\(describe(range))")) }
            return .success(.integer(v))
        case .number(let range):
            guard let v = number(value), v.isFinite else { return .failure(Failure("a number\(describe(range))")) }
            if let range, !range.contains(v) { return .failure(Failure("a number\(describe(range))")) }
            return .success(.number(v))
        case .choice(let choices):
            guard let name = name(value), choices.contains(name) else {
                return .failure(Failure("one of: \(choices.joined(separator: ", "))", suggestion: name(value), choices: choices))
            }
            return .success(.identifier(name))
        case .string:
            guard let text = name(value) else { return .failure(Failure("a \"string\"")) }
            return .success(.string(text))
        case .boolean:
            guard let name = name(value), name == "true" || name == "false" else { return .failure(Failure("true or false")) }
            return .success(.identifier(name))
        case .numberList(let rule):
            let expected = Failure(describe(rule))
            guard case .list(let items) = value, rule.count.contains(items.count) else { return .failure(expected) }
            let numbers = items.compactMap(number)
            guard numbers.count == items.count, numbers.allSatisfy({ $0.isFinite && (rule.each?.contains($0) ?? true) }) else {
                return .failure(expected)
            }
            return .success(.list(numbers.map(ParameterValue.number)))
        case .custom(let custom):
            return custom.kind.check(value)
        }
    }

    typealias Failure = ParameterFailure

    static func number(_ value: ParameterValue) -> Double? { value.numberValue }

    static func name(_ value: ParameterValue) -> String? { value.nameValue }

    static func describe(_ range: ClosedRange<Int>?) -> String {
        range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? ""
    }

    /// "a list of 1 to 10 numbers, each from 1 to 27, such as [1,3]".
    static func describe(_ rule: ListRule) -> String {
        let count = rule.count.lowerBound == rule.count.upperBound ? "\(rule.count.lowerBound)"
            : "\(rule.count.lowerBound) to \(rule.count.upperBound)"
        let example = rule.each.map { [$0.lowerBound, $0.upperBound] } ?? [0.1, 0.01]
        let shown = Array(example.prefix(max(1, min(2, rule.count.upperBound))))
        return "a list of \(count) number\(rule.count.upperBound == 1 ? "" : "s")"
            + (rule.each.map { ", each\(describe($0))" } ?? "")
            + ", such as \(ParameterValue.list(shown.map(ParameterValue.number)).sourceText)"
    }

    public static func describe(_ range: ClosedRange<Double>?) -> String {
        range.map { " from \(ParameterValue.number($0.lowerBound).sourceText) to \(ParameterValue.number($0.upperBound).sourceText)" } ?? ""
    }
}

extension ParameterType {
    /// How `tutor list` shows the type.
    public var summary: String {
        switch self {
        case .integer(let range): return "integer" + (range.map { " \($0.lowerBound)...\($0.upperBound)" } ?? "")
        case .number(let range): return "number" + (range.map { " \($0.lowerBound)...\($0.upperBound)" } ?? "")
        case .choice(let choices): return choices.joined(separator: "|")
        case .string: return "string"
        case .boolean: return "true|false"
        case .numberList(let rule):
            return "[\(rule.count.lowerBound)...\(rule.count.upperBound) numbers"
                + (rule.each.map { " \($0.lowerBound)...\($0.upperBound)" } ?? "") + "]"
        case .custom(let custom): return custom.kind.summary
        }
    }
}
