/// Finds inline math (`$…$`) in a chapter's Markdown before cmark sees it.
///
/// Why before: TeX is full of Markdown syntax (`$a_1 + b_1$` would become emphasis, `|` would
/// split a table cell), so each span is swapped for a placeholder made of private-use characters
/// that cmark leaves alone. After parsing, a placeholder in a text node becomes MathML; one that
/// landed in code, a link or raw HTML is put back as the original `$…$` text.
///
/// The rules are pandoc's: the opening `$` is followed by a non-space, the closing `$` follows a
/// non-space and is not followed by a numeral (so "$5 and $6" stays text), `\$` is a dollar sign, and
/// a span stays on one line. Fenced blocks and backtick code spans are not scanned.
public enum InlineMath {
    /// One `$…$` span: the TeX between the dollars and where the opening dollar is.
    public struct Span: Sendable, Hashable {
        /// How the span was written. `$$` is TeX's (and pandoc's) mark of displayed math, which a
        /// chapter writes as a ```` ```math ```` block instead: a `$$…$$` span, or a `$$` on its
        /// own (the first or last line of displayed math over several lines), is kept as a span
        /// so that it is reported where it stands, not shown as stray dollars around a formula.
        public enum Delimiters: Sendable, Hashable {
            case dollar
            case doubleDollar
            case loneDoubleDollar
        }

        public var tex: String
        public var delimiters: Delimiters = .dollar
        public var line: Int
        /// The opening dollar's column in UTF-8 bytes, from 1; `CommonMark` turns it into a
        /// character column when it reports an error.
        public var column: Int

        /// The span as the chapter wrote it.
        public var written: String {
            switch delimiters {
            case .dollar: return "$" + tex + "$"
            case .doubleDollar: return "$$" + tex + "$$"
            case .loneDoubleDollar: return "$$"
            }
        }
    }

    /// A piece of a text node once its placeholders are found.
    public enum Piece: Sendable, Hashable {
        case text(String)
        case math(Int)
    }

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    /// The source with every math span replaced by a placeholder, and the spans in order.
    public static func protect(_ source: String) -> (text: String, spans: [Span]) {
        // A chapter has no use for the private-use character the placeholders start with; one
        // written in it is replaced (by U+FFFD, also three bytes, so columns stay right) so that
        // it cannot pass for a placeholder.
        let source = mayHoldPlaceholder(source) ? source.replacingOccurrences(of: String(open), with: "\u{FFFD}") : source
        var spans: [Span] = []
        var out = ""
        out.reserveCapacity(source.utf8.count)
        var fence: (marker: UInt8, length: Int)?
        var lineNumber = 0
        for line in source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map({ Substring($0) }) {
            lineNumber += 1
            if lineNumber > 1 { out += "\n" }
            let bytes = Array(line.utf8)
            if let marker = fenceMarker(bytes) {
                if let open = fence {
                    if marker.marker == open.marker && marker.length >= open.length && marker.isBare { fence = nil }
                } else {
                    fence = (marker.marker, marker.length)
                }
                out += line
                continue
            }
            if fence != nil {
                out += line
                continue
            }
            out += protectLine(bytes, line: lineNumber, spans: &spans)
        }
        return (out, spans)
    }

    /// Splits a text node's literal at its placeholders; indices are below `count`, the number
    /// of spans (anything else stays text).
    public static func pieces(of literal: String, count: Int = .max) -> [Piece] {
        guard mayHoldPlaceholder(literal) else { return [.text(literal)] }
        var pieces: [Piece] = []
        var text = ""
        var rest = Substring(literal)
        while let start = rest.firstIndex(of: open) {
            text += rest[..<start]
            let afterOpen = rest.index(after: start)
            guard let end = rest[afterOpen...].firstIndex(of: close), let number = Int(rest[afterOpen..<end]),
                  number >= 0, number < count else {
                text.append(open)
                rest = rest[afterOpen...]
                continue
            }
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
            pieces.append(.math(number))
            rest = rest[rest.index(after: end)...]
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// Puts the original `$…$` text back in place of the placeholders (for code, links, titles).
    public static func restore(_ literal: String, spans: [Span]) -> String {
        guard mayHoldPlaceholder(literal) else { return literal }
        return pieces(of: literal, count: spans.count).map { piece in
            switch piece {
            case .text(let text): return text
            case .math(let index): return spans[index].written
            }
        }.joined()
    }

    /// A byte-level test for the placeholder's first byte (0xEE, as U+E000 is EE 80 80), much
    /// cheaper than searching the Characters of every text node.
    static func mayHoldPlaceholder(_ text: String) -> Bool {
        text.utf8.contains(0xEE) && text.contains(open)
    }

    static func placeholder(_ index: Int) -> String { "\(open)\(index)\(close)" }

    /// Protects a `$$` at `i`: a `$$…$$` span closed on this line, or else the `$$` alone. Nil
    /// when `bytes[i...]` is no `$$`, or is one followed by a numeral (`$$5`, money).
    private static func protectDoubleDollar(_ bytes: [UInt8], at i: Int, line: Int, spans: inout [Span]) -> (text: [UInt8], end: Int)? {
        let dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\")
        guard i + 1 < bytes.count, bytes[i] == dollar, bytes[i + 1] == dollar else { return nil }
        let after = i + 2 < bytes.count ? bytes[i + 2] : nil
        if let after, (after >= UInt8(ascii: "0") && after <= UInt8(ascii: "9")) || after == dollar { return nil }
        var j = i + 2
        while j + 1 < bytes.count {
            if bytes[j] == backslash { j += 2; continue }
            if bytes[j] == dollar && bytes[j + 1] == dollar { break }
            j += 1
        }
        let closed = j + 1 < bytes.count && j > i + 2
        let tex = closed ? String(decoding: bytes[i + 2..<j], as: UTF8.self) : ""
        spans.append(Span(tex: tex, delimiters: closed ? .doubleDollar : .loneDoubleDollar, line: line, column: i + 1))
        return (Array(placeholder(spans.count - 1).utf8), closed ? j + 2 : i + 2)
    }

    /// A fence line (``` or ~~~, three or more, after blanks and quote markers).
    private static func fenceMarker(_ bytes: [UInt8]) -> (marker: UInt8, length: Int, isBare: Bool)? {
        var i = 0
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: ">") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "`") || bytes[i] == UInt8(ascii: "~") else { return nil }
        let marker = bytes[i]
        var length = 0
        while i < bytes.count, bytes[i] == marker { i += 1; length += 1 }
        guard length >= 3 else { return nil }
        let rest = bytes[i...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == 13 }
        return (marker, length, rest)
    }

    private static func protectLine(_ bytes: [UInt8], line: Int, spans: inout [Span]) -> String {
        let dollar = UInt8(ascii: "$"), backslash = UInt8(ascii: "\\"), backtick = UInt8(ascii: "`")
        func isSpace(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == 13 }
        func isNumeral(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == backslash, i + 1 < bytes.count {
                out += bytes[i...i + 1]
                i += 2
                continue
            }
            if byte == backtick {
                var run = 0
                while i + run < bytes.count, bytes[i + run] == backtick { run += 1 }
                if let end = closingBackticks(bytes, from: i + run, length: run) {
                    out += bytes[i..<end]
                    i = end
                } else {
                    out += bytes[i..<i + run]
                    i += run
                }
                continue
            }
            if let (text, end) = protectDoubleDollar(bytes, at: i, line: line, spans: &spans) {
                out += text
                i = end
                continue
            }
            guard byte == dollar, i + 1 < bytes.count, !isSpace(bytes[i + 1]), bytes[i + 1] != dollar else {
                out.append(byte)
                i += 1
                continue
            }
            // Look for the closing dollar, skipping escapes inside the TeX.
            var j = i + 1
            var closing: Int?
            while j < bytes.count {
                if bytes[j] == backslash { j += 2; continue }
                if bytes[j] == dollar {
                    if !isSpace(bytes[j - 1]) && !(j + 1 < bytes.count && isNumeral(bytes[j + 1])) { closing = j }
                    break
                }
                j += 1
            }
            guard let closing else {
                out.append(byte)
                i += 1
                continue
            }
            out += Array(placeholder(spans.count).utf8)
            spans.append(Span(tex: String(decoding: bytes[i + 1..<closing], as: UTF8.self), line: line, column: i + 1))
            i = closing + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The end of a code span that opened with `length` backticks, if it closes on this line.
    private static func closingBackticks(_ bytes: [UInt8], from start: Int, length: Int) -> Int? {
        var i = start
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "`") else { i += 1; continue }
            var run = 0
            while i + run < bytes.count, bytes[i + run] == UInt8(ascii: "`") { run += 1 }
            if run == length { return i + run }
            i += run
        }
        return nil
    }
}
