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

    /// `U+200B`: how a message names a character that cannot be seen.
    public static func name(of scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
