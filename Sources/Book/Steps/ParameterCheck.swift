/// Checks a written value against a parameter's declared type, and puts it in its one canonical
/// form (so `lr=1` and `lr=1.0` are the same argument, and the same cache entry).
enum ParameterCheck {
    /// The largest kernel side a cell may write out.
    static let maximumKernelSide = 15

    /// The canonical value, or a message saying what the parameter accepts.
    static func check(_ value: ParameterValue, against type: ParameterType) -> Result<ParameterValue, Failure> {
        switch type {
        case .integer(let range):
            guard case .integer(let v) = value else { return .failure(Failure("an integer\(describe(range))")) }
            if let range, !range.contains(v) { return .failure(Failure("an integer\(describe(range))")) }
            return .success(.integer(v))
        case .number(let range):
            guard let v = number(value) else { return .failure(Failure("a number\(describe(range))")) }
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
        case .numberList:
            guard case .list(let items) = value else { return .failure(Failure("a list of numbers such as [0.1,0.01]")) }
            let numbers = items.compactMap(number)
            guard numbers.count == items.count else { return .failure(Failure("a list of numbers such as [0.1,0.01]")) }
            return .success(.list(numbers.map(ParameterValue.number)))
        case .kernel(let names):
            let expected = "one of: \(names.joined(separator: ", ")), or a square matrix with an odd side such as [[0,1,0],[1,-4,1],[0,1,0]]"
            if let name = name(value) {
                guard names.contains(name) else { return .failure(Failure(expected, suggestion: name, choices: names)) }
                return .success(.identifier(name))
            }
            guard case .list(let rows) = value, !rows.isEmpty, rows.count % 2 == 1, rows.count <= maximumKernelSide else {
                return .failure(Failure(expected))
            }
            var matrix: [ParameterValue] = []
            for row in rows {
                guard case .list(let items) = row, items.count == rows.count else { return .failure(Failure(expected)) }
                let numbers = items.compactMap(number)
                guard numbers.count == items.count else { return .failure(Failure(expected)) }
                matrix.append(.list(numbers.map(ParameterValue.number)))
            }
            return .success(.list(matrix))
        }
    }

    /// What a parameter accepts, in words; and, for names, the near miss to suggest.
    struct Failure: Error {
        var expected: String
        var suggestion: String?

        init(_ expected: String, suggestion name: String? = nil, choices: [String] = []) {
            self.expected = expected
            self.suggestion = name.flatMap { Suggestion.nearest(to: $0, in: choices) }
        }
    }

    static func number(_ value: ParameterValue) -> Double? {
        switch value {
        case .integer(let v): return Double(v)
        case .number(let v): return v
        default: return nil
        }
    }

    static func name(_ value: ParameterValue) -> String? {
        switch value {
        case .identifier(let v), .string(let v): return v
        default: return nil
        }
    }

    static func describe(_ range: ClosedRange<Int>?) -> String {
        range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? ""
    }

    static func describe(_ range: ClosedRange<Double>?) -> String {
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
        case .numberList: return "[numbers]"
        case .kernel(let names): return (names + ["[[matrix]]"]).joined(separator: "|")
        }
    }
}
