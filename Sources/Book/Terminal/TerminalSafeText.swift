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

    /// Text a chapter or a step wrote, shown whole: every control character, escape included,
    /// as `U+XXXX`, so that none of it can pass for one of tutor's own styles (`of` lets
    /// `ESC [ 8 m` through, which would hide the rest of the screen). Line feeds and tabs stay; a
    /// carriage return too is shown, as it would let a line overwrite the one before it.
    public static func shown(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) || scalar == "\r" {
                out.append(contentsOf: Excerpt.name(of: scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Columns `text` takes on a terminal, tutor's own styles (`ESC [ … m`) left out: a wide
    /// character (CJK, most emoji) takes two, a combining mark or an invisible format character none.
    public static func displayWidth(_ text: String) -> Int {
        var width = 0, inStyle = false
        for scalar in text.unicodeScalars {
            if inStyle {
                if scalar == "m" || !(("0"..."9").contains(scalar) || scalar == ";" || scalar == "[") { inStyle = false }
                continue
            }
            if scalar == "\u{1B}" { inStyle = true; continue }
            width += columns(of: scalar)
        }
        return width
    }

    /// Columns one character takes: 0, 1 or 2 (East Asian Wide and Fullwidth, and emoji shown as pictures).
    static func columns(of scalar: Unicode.Scalar) -> Int {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if scalar.value == 0x200B { return 0 }
        // A flag is two regional indicators drawn as one wide picture: one column each.
        if (0x1F1E6...0x1F1FF).contains(scalar.value) { return 1 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return properties.isEmojiPresentation ? 2 : 1
        }
    }

    /// A character that a terminal acts on rather than shows: C0 (but tab, line feed and carriage
    /// return), DEL, and C1 (U+0080-U+009F; U+009B is a one-character `ESC [` on some terminals);
    /// and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069),
    /// which make a terminal show the rest of the line in another order than it was written.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        case 0x2028, 0x2029: return true  // line and paragraph separators: a new line on some terminals
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
