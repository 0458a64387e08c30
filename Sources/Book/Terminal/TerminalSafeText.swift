/// Text on its way to a terminal, with every control character that could act on the terminal
/// shown as `U+XXXX` instead (as `Excerpt` shows them in messages).
///
/// A chapter title, a line of prose, a file name or a step's output may hold an escape sequence,
/// whether by accident or not: `ESC ] 0 ; … BEL` renames the terminal's window, `ESC [ 2 J` clears
/// it, and others move the cursor or remap keys on some terminals. tutor writes only three kinds
/// of its own, which pass: colours and styles (`ESC [ 1 ; 32 m`), and erasing the line
/// (`ESC [ K`, `ESC [ 2 K`) after a carriage return, for progress that redraws in place. Line feeds,
/// tabs and carriage returns pass too.
public enum TerminalSafeText {
    public static func of(_ text: String) -> String {
        // Most text holds no control character at all: returned as it is.
        // (0xC2 leads C1 in UTF-8, 0xE2 the bidirectional controls.)
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else {
            return text
        }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\u{1B}", let end = endOfAllowedSequence(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            if isControl(scalar) {
                out.append(contentsOf: Excerpt.name(of: scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
            i += 1
        }
        return String(out)
    }

    /// A character that a terminal acts on rather than shows: C0 (but tab, line feed and carriage
    /// return), DEL, and C1 (U+0080-U+009F; U+009B is a one-character `ESC [` on some terminals);
    /// and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069),
    /// which make a terminal show the rest of the line in another order than it was written.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The index of the last character of the sequence starting with ESC at `start`, if it is
    /// one tutor writes: `ESC [` then numerals and semicolons, then `m` (a style) or `K` (erase the line).
    static func endOfAllowedSequence(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var i = start + 2
        // A style takes at most a few numbers: a bound keeps a long run of numerals from being one.
        while i < scalars.count && i - start < 24 && (("0"..."9").contains(scalars[i]) || scalars[i] == ";") { i += 1 }
        guard i < scalars.count, scalars[i] == "m" || scalars[i] == "K" else { return nil }
        return i
    }
}
