/// How parameter values read back as text: in messages, on the page, and in cache keys.
extension ParameterValue {
    /// The value written the way a cell would write it, one spelling per value, so it can serve
    /// as the canonical form in a cache key: `7`, `0.5`, `sin`, `"a b"`, `[[0,1],[1,0]]`.
    public var sourceText: String {
        switch self {
        case .integer(let value): return String(value)
        case .number(let value):
            // A whole number reads as one ("1", not "1.0"); the parameter's type says it is a number.
            if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
            return String(value)
        case .identifier(let name): return name
        case .string(let text):
            var escaped = "\""
            for character in text {
                switch character {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                default: escaped.append(character)
                }
            }
            return escaped + "\""
        case .list(let items): return "[" + items.map(\.sourceText).joined(separator: ",") + "]"
        }
    }

    /// "the integer 7", "a list", ...: what was found, for type errors.
    public var kindDescription: String { kindDescription(written: nil) }

    /// The same, a number quoted as `written` (`1e1`, not `10.0`) when known.
    public func kindDescription(written: String?) -> String {
        switch self {
        case .integer(let value): return "the integer \(Excerpt.of(written ?? String(value)))"
        case .number(let value): return "the number \(Excerpt.of(written ?? String(value)))"
        case .identifier(let name): return "the name '\(Excerpt.of(name))'"
        case .string(let text): return "the string \(Excerpt.of(ParameterValue.string(text).sourceText))"
        case .list: return "a list"
        }
    }
}
