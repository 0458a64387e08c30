/// User text quoted in a message, cut short: a 1 MB key in a chapter must not become a 1 MB
/// error line. Every message that echoes what a teacher wrote quotes it through here.
public enum Excerpt {
    /// Longer than any name a person types, short enough to read on one terminal line.
    public static let maximumLength = 60

    /// `text` as is if it is short, else its first `maximumLength` characters and an ellipsis;
    /// control characters are shown as `U+XXXX` so that they cannot garble a terminal.
    public static func of(_ text: some StringProtocol, maximumLength: Int = Excerpt.maximumLength) -> String {
        var out = ""
        var count = 0
        for character in text {
            if count == maximumLength { return out + "…" }
            if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                out += character.unicodeScalars.map { Excerpt.name(of: $0) }.joined()
            } else {
                out.append(character)
            }
            count += 1
        }
        return out
    }

    /// `text` with every control character but newline and tab shown as `U+XXXX`, and the
    /// bidirectional overrides and isolates too: a message echoes paths and values a user or a
    /// file supplied, and printed raw, an ESC in one could move the cursor or recolour the
    /// terminal, and U+202E could show the rest of the line reversed. The last step before a
    /// message reaches standard error.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: hidden) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if hidden(scalar) { out += name(of: scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// A path in a message, on one line whatever it holds: its control characters, newlines
    /// included, shown as `U+XXXX`. (`chapters/x.md:3:1` must stay one line to be read as a place.)
    public static func path(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: { hidden($0) || $0 == "\n" || $0 == "\t" }) else { return path }
        return printable(path).replacing("\n", with: "U+000A").replacing("\t", with: "U+0009")
    }

    private static func hidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true          // C0 and C1 controls, DEL
        case 0x202A...0x202E, 0x2066...0x2069: return true  // bidirectional embeddings, overrides, isolates
        default: return false
        }
    }

    /// `U+200B`: how a message names a character that cannot be seen.
    public static func name(of scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
