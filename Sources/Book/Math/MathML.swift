/// Converts a small subset of TeX into MathML, which browsers draw with no script and no font
/// download: `\frac{\partial L}{\partial w}` becomes `<math><mfrac>…</mfrac></math>`.
///
/// The subset is what the chapters need: letters, numbers, operators, `^` and `_`, groups, `\frac`,
/// `\sqrt`, big operators, functions (`\log`, `\max`), accents (`\hat`, `\bar`), `\text`,
/// `\mathbf`, `\operatorname`, `\left … \right`, spacing, Greek letters, and matrices
/// (`\begin{bmatrix} a & b \\ c & d \end{bmatrix}`). Anything else is an error naming the command,
/// never a silent guess.
public enum MathML {
    /// How deep groups, fractions, roots, scripts, `\left` and matrices may nest. The parser is
    /// recursive, one handful of stack frames per level: without a bound, 10,000 nested `\frac`
    /// overflow the stack. Ten levels is already more than anyone can read.
    public static let maximumNesting = 50

    /// The `<math>` element for `tex`; `display` draws it as a block, with limits under `\sum`.
    public static func render(_ tex: String, display: Bool) throws(MathError) -> String {
        var parser = TeXParser(tex, display: display)
        let row = try parser.expression(until: .end)
        let body = row.count == 1 ? row[0] : "<mrow>" + row.joined() + "</mrow>"
        return display ? "<math display=\"block\">\(body)</math>" : "<math>\(body)</math>"
    }
}

/// Where TeX went wrong: a byte offset into the TeX text (from 0) and what was expected.
public struct MathError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "offset \(offset): \(message)" }
}

/// One lexical item of TeX: a `\command` or a single character, with its byte offset.
private struct Token: Equatable {
    enum Kind: Equatable {
        case command(String)
        case character(Character)
    }

    var kind: Kind
    var offset: Int
}

/// Recursive descent over the tokens; each method returns MathML elements as strings.
private struct TeXParser {
    /// What ends the expression being read.
    enum Terminator: Equatable {
        /// `\right` closes the `\left` at this offset; `&`, `\\` or `\end` the `\begin` at this one
        /// (where a missing closer is blamed: the end of the math says nothing of which was open).
        case end, closingBrace, right(left: Int), matrixCell(begin: Int)
    }

    private let tokens: [Token]
    private let length: Int
    private let display: Bool
    private var index = 0
    private var alphabet = Alphabet.normal
    /// How many `atom()` calls are open: every cycle of the recursion passes through `atom()`.
    private var depth = 0

    /// The Unicode mathematical alphabet letters are drawn in.
    enum Alphabet { case normal, bold, doubleStruck }

    init(_ tex: String, display: Bool) {
        self.display = display
        self.length = tex.utf8.count
        var tokens: [Token] = []
        var offset = 0
        let characters = Array(tex)
        var i = 0
        while i < characters.count {
            let character = characters[i]
            let start = offset
            offset += character.utf8.count
            i += 1
            guard character == "\\" else {
                tokens.append(Token(kind: .character(character), offset: start))
                continue
            }
            var name = ""
            if i < characters.count, characters[i].isASCIILetter {
                while i < characters.count, characters[i].isASCIILetter {
                    name.append(characters[i])
                    offset += 1
                    i += 1
                }
            } else if i < characters.count {
                name = String(characters[i])
                offset += characters[i].utf8.count
                i += 1
            }
            tokens.append(Token(kind: .command(name), offset: start))
        }
        self.tokens = tokens
    }

    // MARK: Reading tokens

    private var peek: Token? { index < tokens.count ? tokens[index] : nil }
    private var offset: Int { peek?.offset ?? length }

    private mutating func skipSpaces() {
        while let token = peek, case .character(let c) = token.kind, c == " " || c == "\n" || c == "\t" || c == "\r" || (!c.isASCII && c.isWhitespace) {
            index += 1
        }
    }

    private mutating func expect(_ character: Character, _ what: String) throws(MathError) {
        skipSpaces()
        guard let token = peek, token.kind == .character(character) else {
            throw MathError(offset: offset, message: "expected '\(character)' \(what)")
        }
        index += 1
    }

    /// The raw text of a `{…}` argument (for `\text`, `\operatorname`, `\begin`).
    private mutating func rawGroup(for command: String) throws(MathError) -> String {
        try expect("{", "after \\\(command)")
        var text = ""
        var depth = 0
        while let token = peek {
            index += 1
            switch token.kind {
            case .character("{"): depth += 1; text.append("{")
            case .character("}"):
                if depth == 0 { return text }
                depth -= 1
                text.append("}")
            case .character(let c): text.append(c)
            case .command(let name): text += name.count == 1 && !name.first!.isASCIILetter ? name : "\\" + name
            }
        }
        throw MathError(offset: length, message: "missing '}' after \\\(command){")
    }

    // MARK: Grammar

    /// A row of elements up to the terminator, which is left for the caller to consume.
    mutating func expression(until terminator: Terminator) throws(MathError) -> [String] {
        var row: [String] = []
        while true {
            skipSpaces()
            guard let token = peek else {
                switch terminator {
                case .end: return row
                case .closingBrace: throw MathError(offset: length, message: "missing '}'")
                case .right(let left): throw MathError(offset: left, message: "\\left has no matching \\right")
                case .matrixCell(let begin): throw MathError(offset: begin, message: "\\begin has no matching \\end")
                }
            }
            switch token.kind {
            case .character("}"):
                guard terminator == .closingBrace else { throw MathError(offset: token.offset, message: "unexpected '}'") }
                return row
            case .character("&"), .command("\\"):
                guard case .matrixCell = terminator else {
                    throw MathError(offset: token.offset, message: "'&' and '\\\\' are only allowed inside a matrix")
                }
                return row
            case .command("end"):
                guard case .matrixCell = terminator else { throw MathError(offset: token.offset, message: "\\end without \\begin") }
                return row
            case .command("right"):
                guard case .right = terminator else { throw MathError(offset: token.offset, message: "\\right without \\left") }
                return row
            default:
                row.append(try scripted())
            }
        }
    }

    /// An atom with its upper and lower, if any.
    private mutating func scripted() throws(MathError) -> String {
        let (base, takesLimits) = try atom()
        var upper: String?
        var lower: String?
        while true {
            skipSpaces()
            guard let token = peek else { break }
            if token.kind == .character("^") {
                guard upper == nil else { throw MathError(offset: token.offset, message: "double superscript: group it with braces") }
                index += 1
                upper = try argument(after: "^")
            } else if token.kind == .character("_") {
                guard lower == nil else { throw MathError(offset: token.offset, message: "double subscript: group it with braces") }
                index += 1
                lower = try argument(after: "_")
            } else if token.kind == .character("'") {
                index += 1
                upper = (upper ?? "") + "<mo>′</mo>"
            } else {
                break
            }
        }
        let limits = takesLimits && display
        switch (lower, upper) {
        case (nil, nil): return base
        case (let sub?, nil): return limits ? "<munder>\(base)\(sub)</munder>" : "<msub>\(base)\(sub)</msub>"
        case (nil, let sup?): return limits ? "<mover>\(base)\(sup)</mover>" : "<msup>\(base)\(sup)</msup>"
        case (let sub?, let sup?):
            return limits ? "<munderover>\(base)\(sub)\(sup)</munderover>" : "<msubsup>\(base)\(sub)\(sup)</msubsup>"
        }
    }

    /// A script or a command's argument: a group, or one single token.
    private mutating func argument(after what: String) throws(MathError) -> String {
        skipSpaces()
        guard let token = peek else { throw MathError(offset: length, message: "expected an argument after \(what)") }
        if case .character(let c) = token.kind, c.isNumeral {
            index += 1
            return "<mn>\(styled(String(c)))</mn>"
        }
        if token.kind == .character("}") || token.kind == .character("^") || token.kind == .character("_") {
            throw MathError(offset: token.offset, message: "expected an argument after \(what)")
        }
        return try atom().element
    }

    private mutating func group() throws(MathError) -> String {
        index += 1
        let row = try expression(until: .closingBrace)
        index += 1
        return wrap(row)
    }

    private func wrap(_ row: [String]) -> String { row.count == 1 ? row[0] : "<mrow>" + row.joined() + "</mrow>" }

    /// One element; `takesLimits` for operators whose scripts go under and over in display math.
    private mutating func atom() throws(MathError) -> (element: String, takesLimits: Bool) {
        skipSpaces()
        guard let token = peek else { throw MathError(offset: length, message: "expected more math") }
        depth += 1
        defer { depth -= 1 }
        // `depth - 1` atoms enclose this one: inside 50 groups a symbol is still shown, but a
        // group (or a command with arguments) there would open a 51st level.
        guard depth <= MathML.maximumNesting || (depth == MathML.maximumNesting + 1 && Self.isSymbol(token)) else {
            throw MathError(offset: token.offset, message: "the math nests more than \(MathML.maximumNesting) levels deep here")
        }
        switch token.kind {
        case .character("{"):
            return (try group(), false)
        case .character(let c):
            index += 1
            if c.isNumeral {
                var number = String(c)
                while let next = peek, case .character(let d) = next.kind, d.isNumeral || (d == "." && followedByNumeral) {
                    number.append(d)
                    index += 1
                }
                return ("<mn>\(styled(number))</mn>", false)
            }
            if c.isLetterFast { return ("<mi>\(styled(escape(String(c))))</mi>", false) }
            // Brackets and bars as TeX sets them: as tall as the text (only \left and \right
            // stretch; a browser's MathML stretches a plain `(` to the tallest thing in its row,
            // and without a math font, beyond), and a bar, |g|, without an operator's spacing.
            if "()[]".contains(c) { return ("<mo stretchy=\"false\">\(c)</mo>", false) }
            if c == "|" { return ("<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo>", false) }
            if let op = TeXSymbols.characterOperators[c] { return ("<mo>\(escape(op))</mo>", false) }
            if c == "~" { return ("<mspace width=\"0.3333em\"></mspace>", false) }
            if c == "#" || c == "$" || c == "%" || c == "&" {
                throw MathError(offset: token.offset, message: "'\(c)' must be escaped as \\\(c)")
            }
            return ("<mo>\(escape(String(c)))</mo>", false)
        case .command(let name):
            index += 1
            return try command(name, at: token.offset)
        }
    }

    /// A token that is an element on its own (a letter, a numeral, `\alpha`), opening no level.
    private static func isSymbol(_ token: Token) -> Bool {
        switch token.kind {
        case .character(let c): return c != "{"
        case .command(let name):
            return TeXSymbols.greek[name] != nil || TeXSymbols.identifiers[name] != nil || TeXSymbols.operators[name] != nil
                || TeXSymbols.largeOperators[name] != nil || TeXSymbols.functions.contains(name) || TeXSymbols.spaces[name] != nil
        }
    }

    private var followedByNumeral: Bool {
        guard index + 1 < tokens.count, case .character(let c) = tokens[index + 1].kind else { return false }
        return c.isNumeral
    }

    private mutating func command(_ name: String, at offset: Int) throws(MathError) -> (element: String, takesLimits: Bool) {
        if let letter = TeXSymbols.greek[name] {
            // TeX sets capital Greek upright and small Greek italic.
            let upright = letter.first!.isUppercase ? " mathvariant=\"normal\"" : ""
            return ("<mi\(upright)>\(letter)</mi>", false)
        }
        if let symbol = TeXSymbols.identifiers[name] { return ("<mi>\(symbol)</mi>", false) }
        if let symbol = TeXSymbols.operators[name] { return ("<mo>\(escape(symbol))</mo>", false) }
        if let symbol = TeXSymbols.largeOperators[name] { return ("<mo>\(symbol)</mo>", name != "int") }
        if TeXSymbols.functions.contains(name) {
            return ("<mi>\(name)</mi>", TeXSymbols.functionsWithLimits.contains(name))
        }
        if let width = TeXSymbols.spaces[name] { return ("<mspace width=\"\(width)\"></mspace>", false) }
        if let accent = TeXSymbols.accents[name] {
            let base = try argument(after: "\\\(name)")
            return ("<mover accent=\"true\">\(base)<mo>\(accent)</mo></mover>", false)
        }
        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = try argument(after: "\\\(name)")
            let denominator = try argument(after: "\\\(name){…}")
            return ("<mfrac>\(numerator)\(denominator)</mfrac>", false)
        case "sqrt":
            skipSpaces()
            if peek?.kind == .character("[") {
                index += 1
                var degree: [String] = []
                while let token = peek, token.kind != .character("]") {
                    degree.append(try scripted())
                    skipSpaces()
                }
                try expect("]", "to close the root's degree")
                let radicand = try argument(after: "\\sqrt[…]")
                return ("<mroot>\(radicand)\(wrap(degree))</mroot>", false)
            }
            return ("<msqrt>\(try argument(after: "\\sqrt"))</msqrt>", false)
        case "text", "textrm", "mbox":
            return ("<mtext>\(escape(try rawGroup(for: name)))</mtext>", false)
        case "mathrm", "operatorname":
            return ("<mi mathvariant=\"normal\">\(escape(try rawGroup(for: name)))</mi>", false)
        case "mathbf", "boldsymbol", "mathbb":
            let outer = alphabet
            alphabet = name == "mathbb" ? .doubleStruck : .bold
            defer { alphabet = outer }
            return (try argument(after: "\\\(name)"), false)
        case "left":
            let open = try delimiter(after: "\\left")
            let row = try expression(until: .right(left: offset))
            index += 1
            let close = try delimiter(after: "\\right")
            return ("<mrow>\(fence(open))\(row.joined())\(fence(close))</mrow>", false)
        case "begin":
            return (try matrix(at: offset), false)
        default:
            throw MathError(offset: offset, message: "unknown command \\\(Excerpt.of(name))")
        }
    }

    private func fence(_ delimiter: String) -> String {
        delimiter.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(escape(delimiter))</mo>"
    }

    /// The delimiter after `\left` or `\right`; "." is an invisible one.
    private mutating func delimiter(after what: String) throws(MathError) -> String {
        skipSpaces()
        guard let token = peek else { throw MathError(offset: length, message: "expected a delimiter after \(what)") }
        index += 1
        switch token.kind {
        case .character("."): return ""
        case .character(let c) where "()[]|/".contains(c): return String(c)
        case .command(let name):
            if let d = TeXSymbols.delimiters[name] { return d }
        default: break
        }
        throw MathError(offset: token.offset, message: "expected a delimiter such as ( [ | \\{ after \(what)")
    }

    /// `\begin{bmatrix} a & b \\ c & d \end{bmatrix}` and its kin.
    private mutating func matrix(at offset: Int) throws(MathError) -> String {
        let environment = try rawGroup(for: "begin")
        guard let fences = TeXSymbols.matrixFences[environment] else {
            let known = TeXSymbols.matrixFences.keys.sorted().joined(separator: ", ")
            throw MathError(offset: offset, message: "unknown environment '\(Excerpt.of(environment))'; known: \(known)")
        }
        var rows: [[String]] = [[]]
        while true {
            let cell = try expression(until: .matrixCell(begin: offset))
            rows[rows.count - 1].append("<mtd>\(wrap(cell))</mtd>")
            guard let token = peek else { throw MathError(offset: offset, message: "\\begin{\(environment)} has no \\end") }
            index += 1
            switch token.kind {
            case .character("&"): continue
            case .command("\\"): rows.append([])
            default:
                let closing = try rawGroup(for: "end")
                guard closing == environment else {
                    throw MathError(offset: token.offset, message: "\\begin{\(environment)} ends with \\end{\(Excerpt.of(closing))}")
                }
                // A trailing `\\` leaves an empty last row; TeX ignores it, and so do we.
                if rows.count > 1, rows.last == ["<mtd><mrow></mrow></mtd>"] { rows.removeLast() }
                let table = "<mtable>" + rows.map { "<mtr>" + $0.joined() + "</mtr>" }.joined() + "</mtable>"
                let open = fences.open.isEmpty ? "" : "<mo fence=\"true\">\(fences.open)</mo>"
                let close = fences.close.isEmpty ? "" : "<mo fence=\"true\">\(fences.close)</mo>"
                return "<mrow>\(open)\(table)\(close)</mrow>"
            }
        }
    }

    // MARK: Text

    /// The book's one escaper, so MathML text and page text can never disagree on what is safe.
    private func escape(_ text: String) -> String { HTML.escape(text) }

    /// Letters and numerals inside `\mathbf` and `\mathbb` become the Unicode mathematical bold
    /// and double-struck characters, which every browser draws, unlike `mathvariant="bold"`
    /// (not in MathML Core).
    private func styled(_ text: String) -> String {
        guard alphabet != .normal else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            let v = scalar.value
            let mapped: UInt32?
            if alphabet == .bold {
                mapped = switch v {
                case 0x41...0x5A: 0x1D400 + (v - 0x41)
                case 0x61...0x7A: 0x1D41A + (v - 0x61)
                case 0x30...0x39: 0x1D7CE + (v - 0x30)
                default: nil
                }
            } else {
                // Seven double-struck capitals were in Unicode before the mathematical block.
                let older: [UInt32: UInt32] = [0x43: 0x2102, 0x48: 0x210D, 0x4E: 0x2115, 0x50: 0x2119, 0x51: 0x211A, 0x52: 0x211D, 0x5A: 0x2124]
                mapped = switch v {
                case _ where older[v] != nil: older[v]
                case 0x41...0x5A: 0x1D538 + (v - 0x41)
                case 0x61...0x7A: 0x1D552 + (v - 0x61)
                case 0x30...0x39: 0x1D7D8 + (v - 0x30)
                default: nil
                }
            }
            return mapped.flatMap(Unicode.Scalar.init) ?? scalar
        }))
    }
}

private extension Character {
    /// ASCII tests first: Unicode property lookups dominate the cost of parsing TeX otherwise.
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isNumeral: Bool { ("0"..."9").contains(self) || (!isASCII && isNumber) }
    var isLetterFast: Bool { isASCIILetter || (!isASCII && isLetter) }
}
