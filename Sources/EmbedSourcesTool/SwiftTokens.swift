/// Just enough of Swift's lexical grammar to see a file's declarations: identifiers and
/// punctuation, with comments and the text of string literals skipped.
///
///     token       = identifier | punctuation
///     identifier  = (letter | digit | "_" | any non-ASCII scalar)+
///     punctuation = any other single scalar that is not white space ("{", "(", ".", "#", "=", ...)
///     skipped     = white space | "//" to the end of the line | "/*" ... "*/" (nested)
///                 | a string literal: "..." | """...""" | #"..."# (any number of #)
///
/// The code inside a string's interpolations `\( ... )` is scanned like any code, so a name used
/// there counts. Numbers come out as identifiers (harmless: they never spell a declared name).
/// Regex literals are not recognised; the Lessons code does not use them.
struct SwiftToken: Equatable {
    enum Kind: Equatable {
        case identifier
        case punctuation
    }

    var kind: Kind
    var text: String
    /// 1-based, in Unicode scalars, like the compiler's columns for ASCII lines.
    var line: Int
    var column: Int
}

struct SwiftLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private(set) var tokens: [SwiftToken] = []

    /// The tokens of `text`.
    static func tokens(of text: String) -> [SwiftToken] {
        var lexer = SwiftLexer(scalars: Array(text.unicodeScalars))
        lexer.scanCode(untilClosingParenthesis: false)
        return lexer.tokens
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x7F || scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// Code until the end of the text, or (inside an interpolation) until the `)` that closes it.
    private mutating func scanCode(untilClosingParenthesis: Bool) {
        var depth = 0
        while let scalar = peek() {
            if scalar == "/" && peek(1) == "/" {
                while let next = peek(), next != "\n" { advance() }
            } else if scalar == "/" && peek(1) == "*" {
                skipBlockComment()
            } else if scalar == "\"" || (scalar == "#" && rawStringStarts()) {
                scanString()
            } else if Self.isIdentifierScalar(scalar) {
                let (startLine, startColumn, start) = (line, column, index)
                while let next = peek(), Self.isIdentifierScalar(next) { advance() }
                tokens.append(SwiftToken(kind: .identifier, text: String(String.UnicodeScalarView(scalars[start..<index])),
                                         line: startLine, column: startColumn))
            } else if scalar.properties.isWhitespace {
                advance()
            } else {
                if untilClosingParenthesis {
                    if scalar == "(" { depth += 1 }
                    if scalar == ")" {
                        if depth == 0 { advance(); return }
                        depth -= 1
                    }
                }
                tokens.append(SwiftToken(kind: .punctuation, text: String(scalar), line: line, column: column))
                advance()
            }
        }
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while let scalar = peek() {
            if scalar == "/" && peek(1) == "*" {
                depth += 1
                advance(); advance()
            } else if scalar == "*" && peek(1) == "/" {
                depth -= 1
                advance(); advance()
                if depth == 0 { return }
            } else {
                advance()
            }
        }
    }

    /// True at `#...#"`: the start of a raw string (as opposed to `#if`, `#fileID`).
    private func rawStringStarts() -> Bool {
        var offset = 0
        while peek(offset) == "#" { offset += 1 }
        return peek(offset) == "\""
    }

    /// A string literal, from its opening `#`s or quote to its closing quote and `#`s.
    private mutating func scanString() {
        var hashes = 0
        while peek() == "#" { hashes += 1; advance() }
        let multiline = peek() == "\"" && peek(1) == "\"" && peek(2) == "\""
        for _ in 0..<(multiline ? 3 : 1) { advance() }
        while let scalar = peek() {
            if scalar == "\\" && hashesFollow(hashes, from: 1) {
                for _ in 0...hashes { advance() }
                if peek() == "(" {
                    advance()
                    scanCode(untilClosingParenthesis: true)
                } else if peek() != nil {
                    advance()  // the escaped character, a quote or a backslash among them
                }
            } else if scalar == "\"" && (!multiline || (peek(1) == "\"" && peek(2) == "\"")) && hashesFollow(hashes, from: multiline ? 3 : 1) {
                for _ in 0..<((multiline ? 3 : 1) + hashes) { advance() }
                return
            } else if scalar == "\n" && !multiline {
                return  // an unterminated literal: the compiler reports it; stop at the line's end
            } else {
                advance()
            }
        }
    }

    private func hashesFollow(_ count: Int, from offset: Int) -> Bool {
        (0..<count).allSatisfy { peek(offset + $0) == "#" }
    }
}
