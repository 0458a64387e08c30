/// The info string of a tagged cell's fence: ```` ```swift step=integrate f=sin n=7 ````.
///
/// A small hand-written scanner over UTF-8 bytes. It returns the parameters or a located error,
/// and must never crash, whatever it is given: it is fuzzed (`tutor-benchmark fuzz`).
///
///     info      = "swift" { space } [ parameter { space parameter } ] { space }
///     parameter = key "=" value
///     key       = letter { letter | numeral | "_" | "-" }
///     value     = number | identifier | string | list
///     number    = [ "-" ] numerals [ "." numerals ] [ ( "e" | "E" ) [ "+" | "-" ] numerals ]
///     string    = '"' { character | '\"' | '\\' | '\n' | '\t' } '"'
///     list      = "[" [ value { "," value } [ "," ] ] "]"       (nested at most 8 deep)
///
/// A key `vary-NAME` is not a parameter: it says which values of parameter NAME a reader may
/// choose on the page (`vary-n=all`, `vary-rate=[0.001,0.01,0.1]`), see `Variation`.
public struct InfoString: Sendable, Hashable {
    /// One `key=value`, with the columns a type error should point at.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: ParameterValue
        /// Column of the key within the info string, starting at 1.
        public var column: Int
        /// Column of the value within the info string, starting at 1.
        public var valueColumn: Int
        /// The value as written (`1e1`, `+0.50`), for messages: `value` is its canonical form.
        public var written: String
        /// For a list, each of its items as written and where: a message about one item (a
        /// variant a `vary-` list offers) points at it.
        public var items: [WrittenItem]

        /// An item of a list value: its first column in the info string, and its text.
        public struct WrittenItem: Sendable, Hashable {
            public var column: Int
            public var written: String
        }

        public init(name: String, value: ParameterValue, column: Int, valueColumn: Int, written: String? = nil,
                    items: [WrittenItem] = []) {
            self.name = name
            self.value = value
            self.column = column
            self.valueColumn = valueColumn
            self.written = written ?? value.sourceText
            self.items = items
        }
    }

    /// The value of `step=`.
    public var step: String
    /// Column of the step's name within the info string.
    public var stepColumn: Int
    /// Every parameter except `step` and the variations, in the order written.
    public var parameters: [Parameter]
    /// The `vary-NAME=...` keys, in the order written: `name` is the parameter's (NAME).
    public var variations: [Parameter] = []

    /// The prefix of a key that varies a parameter on the page.
    public static let variationPrefix = "vary-"

    /// The language a tagged cell's fence must name.
    public static let language = "swift"
    /// How deep lists may nest; deep enough for a matrix, shallow enough that no input can
    /// exhaust the stack.
    public static let maximumListDepth = 8

    /// Whether a fence's info string marks a tagged cell: it starts with `swift` and mentions a
    /// `step` key. Everything else (`swift` alone, `python`, `math`) is ordinary Markdown code.
    public static func namesStep(_ info: String) -> Bool {
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.first == Substring(language) else { return false }
        return words.dropFirst().contains { $0 == "step" || $0.hasPrefix("step=") }
    }

    /// Parses a whole info string. Errors carry the column where it went wrong (from 1, in
    /// characters, as `SourceLocation` counts them).
    public static func parse(_ info: String) throws(InfoStringError) -> InfoString {
        var scanner = Scanner(info)
        try scanner.expectLanguage()
        var step: (name: String, column: Int)?
        var parameters: [Parameter] = []
        var variations: [Parameter] = []
        var seen: Set<String> = []
        while scanner.skipSpaces(), !scanner.atEnd {
            let parameter = try scanner.parameter()
            guard seen.insert(parameter.name).inserted else {
                throw InfoStringError(column: parameter.column, message: parameter.name == "step"
                    ? "the step is named twice; a cell runs one step"
                    : "parameter '\(Excerpt.of(parameter.name))' is given twice")
            }
            if parameter.name.hasPrefix(variationPrefix) {
                var variation = parameter
                variation.name = String(parameter.name.dropFirst(variationPrefix.count))
                guard !variation.name.isEmpty else {
                    throw InfoStringError(column: parameter.column, message: "'\(variationPrefix)' needs the name of the parameter to vary, as in vary-n=all")
                }
                variations.append(variation)
            } else if parameter.name == "step" {
                guard case .identifier(let name) = parameter.value else {
                    throw InfoStringError(column: parameter.valueColumn,
                                          message: "step=NAME needs a step name, found \(parameter.value.kindDescription(written: parameter.written))")
                }
                step = (name, parameter.valueColumn)
            } else {
                parameters.append(parameter)
            }
        }
        guard let step else {
            throw InfoStringError(column: 1, message: "a tagged cell needs step=NAME to say which step it runs")
        }
        return InfoString(step: step.name, stepColumn: step.column, parameters: parameters, variations: variations)
    }

    /// Parses a single `key=value`, as given to `tutor run --set`.
    public static func parseAssignment(_ text: String) throws(InfoStringError) -> Parameter {
        var scanner = Scanner(text)
        _ = scanner.skipSpaces()
        let parameter = try scanner.parameter()
        _ = scanner.skipSpaces()
        guard scanner.atEnd else {
            throw InfoStringError(column: scanner.column, message: "expected one key=value, found more after it")
        }
        return parameter
    }
}

/// Where an info string went wrong: a column within it (starting at 1) and what was expected.
public struct InfoStringError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String
    /// A number written well, but beyond what a number holds (`1e400`): the parameter is named.
    var isOutOfRange: Bool

    public init(column: Int, message: String) {
        self.init(column: column, message: message, isOutOfRange: false)
    }

    init(column: Int, message: String, isOutOfRange: Bool) {
        self.column = column
        self.message = message
        self.isOutOfRange = isOutOfRange
    }

    public var description: String { "column \(column): \(message)" }
}

/// The scanner proper: an index into the bytes, and one method per rule of the grammar.
private struct Scanner {
    let bytes: [UInt8]
    /// The character column of each byte (and of the end): the scanner walks bytes, people count
    /// characters. Worked out once, so that a long info string is not counted again per error.
    let columns: [Int]
    var index = 0
    /// The byte ranges of the items of the outermost list of the value being read.
    var outerItems: [Range<Int>] = []

    init(_ text: String) {
        bytes = Array(text.utf8)
        var columns: [Int] = []
        columns.reserveCapacity(bytes.count + 1)
        for (number, character) in text.enumerated() {
            columns += repeatElement(number + 1, count: character.utf8.count)
        }
        columns.append(columns.count == 0 ? 1 : (columns.last ?? 0) + 1)
        self.columns = columns
    }

    var atEnd: Bool { index >= bytes.count }
    var column: Int { columns[min(index, bytes.count)] }
    func column(of byte: Int) -> Int { columns[min(byte, bytes.count)] }
    var current: UInt8? { atEnd ? nil : bytes[index] }

    /// Skips blanks; returns true so it can sit in a `while` condition.
    mutating func skipSpaces() -> Bool {
        while let byte = current, byte == .space || byte == .tab { index += 1 }
        return true
    }

    /// Whether a `key=` starts here (a name, then '=').
    var startsParameter: Bool {
        guard let first = current, first.isLetter || first == .underscore else { return false }
        var end = index
        while end < bytes.count, bytes[end].isLetter || bytes[end].isNumeral || bytes[end] == .underscore || bytes[end] == .minus { end += 1 }
        return end < bytes.count && bytes[end] == .equals
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Where the word at the current position ends: at the next blank, or `stop`.
    func wordEnd(orAt stop: UInt8? = nil) -> Int {
        var end = index
        while end < bytes.count, bytes[end] != .space, bytes[end] != .tab, bytes[end] != stop { end += 1 }
        return end
    }

    /// What is at the current position, for error messages.
    var found: String {
        guard let byte = current else { return "the end" }
        if byte >= 0x21 && byte < 0x7f { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == .space || byte == .tab { return "a space" }
        // Name the character: an invisible one (U+200B, U+00A0) is the usual culprit, or a
        // typographic one pasted from a PDF or a word processor in place of its ASCII twin.
        let scalar = String(decoding: bytes[index...].prefix(4), as: UTF8.self).unicodeScalars.first
        return "the character \(scalar.map(Excerpt.name(of:)) ?? "?")" + (scalar.flatMap(Self.asciiTwin).map { ", not the ASCII \($0)" } ?? "")
    }

    /// The ASCII character a typographic one stands in for, as a chapter would have to write it.
    static func asciiTwin(of scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x2212: "'-' (this is a minus sign)"
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014: "'-' (this is a dash)"
        case 0x201C, 0x201D, 0x201E: "'\"' (this is a curly quote)"
        case 0x2018, 0x2019: "'\"' (this is a curly apostrophe; strings take double quotes)"
        case 0x00A0, 0x202F: "space (this is a no-break space)"
        case 0xFF1D: "'=' (this is a full-width equals sign)"
        default: nil
        }
    }

    mutating func expectLanguage() throws(InfoStringError) {
        let start = index
        while let byte = current, byte != .space, byte != .tab { index += 1 }
        let word = text(start..<index)
        guard word == InfoString.language else {
            throw InfoStringError(column: column(of: start), message: "a tagged cell's fence starts with '\(InfoString.language)', not '\(Excerpt.of(word))'")
        }
    }

    mutating func parameter() throws(InfoStringError) -> InfoString.Parameter {
        let keyColumn = column
        guard let first = current, first.isLetter || first == .underscore else {
            throw InfoStringError(column: column, message: "expected a parameter like key=value, found \(found)")
        }
        let start = index
        while let byte = current, byte.isLetter || byte.isNumeral || byte == .underscore || byte == .minus { index += 1 }
        let name = text(start..<index)
        if let byte = current, byte >= 0x80 {
            // `kérnel=`: say so of the whole word, not "expected '=' after 'k'".
            throw InfoStringError(column: column, message: "a parameter's name is ASCII letters, numerals, '_' and '-'; "
                                  + "'\(Excerpt.of(text(start..<wordEnd(orAt: .equals))))' holds \(found)")
        }
        if current == .space || current == .tab {
            let afterKey = column
            _ = skipSpaces()
            if current == .equals {
                throw InfoStringError(column: afterKey, message: "no spaces around '=': write \(Excerpt.of(name))=VALUE")
            }
            throw InfoStringError(column: afterKey, message: "'\(Excerpt.of(name))' needs '=' and a value")
        }
        guard current == .equals else {
            if atEnd { throw InfoStringError(column: column, message: "'\(Excerpt.of(name))' needs '=' and a value") }
            throw InfoStringError(column: column, message: "expected '=' after '\(Excerpt.of(name))', found \(found)")
        }
        index += 1
        let valueColumn = column
        if atEnd || current == .space || current == .tab {
            // `size= 3`: a value after the blanks, not another key=value, is this key's value.
            var ahead = self
            _ = ahead.skipSpaces()
            if !ahead.atEnd && !ahead.startsParameter {
                throw InfoStringError(column: valueColumn, message: "no spaces around '=': write \(Excerpt.of(name))=VALUE")
            }
            throw InfoStringError(column: valueColumn, message: "'\(Excerpt.of(name))=' needs a value")
        }
        let valueStart = index
        outerItems = []
        let value: ParameterValue
        do {
            value = try self.value(depth: 0)
        } catch where error.isOutOfRange {
            // Which parameter: the step's range for it is said once the value reads as a number.
            throw InfoStringError(column: error.column, message: "the value of '\(Excerpt.of(name))': \(error.message)")
        }
        if let byte = current, byte != .space, byte != .tab {
            if byte >= 0x80, case .identifier = value {
                // `shape=rïng`: the name read stops at the accent; say so of the whole word.
                throw InfoStringError(column: column, message: "a name as a value is ASCII letters, numerals and '_'; "
                                      + "'\(Excerpt.of(text(valueStart..<wordEnd())))' holds \(found): write it in ASCII, or as a \"string\"")
            }
            throw InfoStringError(column: column, message: "expected a space after the value of '\(Excerpt.of(name))', found \(found)")
        }
        return InfoString.Parameter(name: name, value: value, column: keyColumn, valueColumn: valueColumn, written: text(valueStart..<index),
                                    items: outerItems.map { InfoString.Parameter.WrittenItem(column: column(of: $0.lowerBound), written: text($0)) })
    }

    mutating func value(depth: Int) throws(InfoStringError) -> ParameterValue {
        guard let byte = current else {
            throw InfoStringError(column: column, message: "expected a value, found the end")
        }
        switch byte {
        case .minus: return try number()
        case _ where byte.isNumeral: return try number()
        case .quote: return try string()
        case .openBracket: return try list(depth: depth + 1)
        case _ where byte.isLetter || byte == .underscore: return identifier()
        default:
            throw InfoStringError(column: column, message: "expected a number, a name, a \"string\" or a [list], found \(found)")
        }
    }

    mutating func numerals() -> Int {
        let start = index
        while let byte = current, byte.isNumeral { index += 1 }
        return index - start
    }

    mutating func number() throws(InfoStringError) -> ParameterValue {
        let start = index
        if current == .minus { index += 1 }
        guard numerals() > 0 else {
            throw InfoStringError(column: column, message: "expected a numeral 0-9 after '-', found \(found)")
        }
        var isInteger = true
        if current == .dot {
            index += 1
            isInteger = false
            guard numerals() > 0 else {
                throw InfoStringError(column: column, message: "expected a numeral 0-9 after '.', found \(found)")
            }
        }
        if current == .lowerE || current == .upperE {
            index += 1
            isInteger = false
            if current == .plus || current == .minus { index += 1 }
            guard numerals() > 0 else {
                throw InfoStringError(column: column, message: "expected the exponent's numerals, found \(found)")
            }
        }
        if let byte = current, byte.isLetter || byte == .underscore || byte == .dot {
            throw InfoStringError(column: column, message: "unexpected \(found) in a number")
        }
        let literal = text(start..<index)
        if isInteger {
            guard let value = Int(literal) else {
                throw InfoStringError(column: column(of: start), message: "\(Excerpt.of(literal)) is too large for an integer "
                                      + "(at most \(Int.max)): no parameter takes one so large", isOutOfRange: true)
            }
            return .integer(value)
        }
        guard let value = Double(literal), value.isFinite else {
            throw InfoStringError(column: column(of: start), message: "\(Excerpt.of(literal)) is out of range for a number "
                                  + "(at most about 1.8e308): no parameter takes one so large", isOutOfRange: true)
        }
        // A literal with a nonzero numeral that reads as 0 (1e-400) was not meant as 0.
        if value == 0, literal.prefix(while: { $0 != "e" && $0 != "E" }).contains(where: { ("1"..."9").contains($0) }) {
            throw InfoStringError(column: column(of: start), message: "\(Excerpt.of(literal)) is too small for a number: it would be 0",
                                  isOutOfRange: true)
        }
        return .number(value)
    }

    mutating func identifier() -> ParameterValue {
        let start = index
        while let byte = current,
              byte.isLetter || byte.isNumeral || byte == .underscore || byte == .minus || byte == .dot {
            index += 1
        }
        return .identifier(text(start..<index))
    }

    mutating func string() throws(InfoStringError) -> ParameterValue {
        let openColumn = column
        index += 1
        var content: [UInt8] = []
        while let byte = current {
            index += 1
            switch byte {
            case .quote:
                return .string(String(decoding: content, as: UTF8.self))
            case .backslash:
                switch current {
                case .quote?: content.append(.quote)
                case .backslash?: content.append(.backslash)
                case .lowerN?: content.append(.newline)
                case .lowerT?: content.append(.tab)
                default:
                    throw InfoStringError(column: column, message: "unknown escape in a string: use \\\" \\\\ \\n or \\t")
                }
                index += 1
            default:
                content.append(byte)
            }
        }
        throw InfoStringError(column: openColumn, message: "this string has no closing '\"'")
    }

    mutating func list(depth: Int) throws(InfoStringError) -> ParameterValue {
        let openColumn = column
        guard depth <= InfoString.maximumListDepth else {
            throw InfoStringError(column: openColumn, message: "lists nest at most \(InfoString.maximumListDepth) deep")
        }
        index += 1
        var items: [ParameterValue] = []
        while true {
            _ = skipSpaces()
            if current == .closeBracket {
                index += 1
                return .list(items)
            }
            if atEnd {
                throw InfoStringError(column: openColumn, message: "this list has no closing ']'")
            }
            let itemStart = index
            items.append(try value(depth: depth))
            if depth == 1 { outerItems.append(itemStart..<index) }
            _ = skipSpaces()
            switch current {
            case .comma?: index += 1
            case .closeBracket?: continue
            case nil: throw InfoStringError(column: openColumn, message: "this list has no closing ']'")
            default: throw InfoStringError(column: column, message: "expected ',' or ']' in a list, found \(found)")
            }
        }
    }
}

private extension UInt8 {
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
    static let equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: ".")
    static let underscore = UInt8(ascii: "_"), lowerE = UInt8(ascii: "e"), upperE = UInt8(ascii: "E")
    static let lowerN = UInt8(ascii: "n"), lowerT = UInt8(ascii: "t")

    var isNumeral: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isLetter: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
    }
}
