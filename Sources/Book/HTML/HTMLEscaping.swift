/// Escaping for text and attribute values: everything a chapter or a step says goes through here.
enum HTML {
    /// Safe anywhere: in text and inside a quoted attribute value.
    static func escape(_ text: String) -> String { escape(text, quotes: .both) }

    /// A text's negative numbers written with the minus sign (U+2212), as the page's pictures and
    /// math write them: "-1006 to 1010" becomes "−1006 to 1010". Only a hyphen that starts a
    /// number (at the start, or after a space, an opening bracket, '=' or ',') is one; "3-4" and
    /// "x-axis" keep theirs.
    static func minusSigns(in text: String) -> String {
        text.replacing(/(^|[\s(\[=,])-(?=\d|\.\d)/) { match in match.output.1 + "−" }
    }

    /// For text between tags only, where quotes need no escaping: what the sanitizer writes back
    /// for markup it refuses, so `<a href="x">` reads as written.
    static func escapeText(_ text: String) -> String { escape(text, quotes: .none) }

    /// What cmark-gfm escapes in prose (`&`, `<`, `>`, `"`, but not `'`): the prose renderer
    /// writes the very bytes cmark-gfm wrote when it rendered the pages.
    static func escapeProse(_ text: String) -> String { escape(text, quotes: .double) }

    /// Which quotes become entities, besides `&`, `<` and `>`, which always do.
    private enum Quotes { case none, double, both }

    /// A control character HTML does not allow in text: C0 but tab, line feed, form feed and
    /// carriage return; DEL; C1.
    static func isDisallowedControl(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return false }
        switch scalar.value {
        case 0x09, 0x0A, 0x0C, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }

    private static func escape(_ text: String, quotes: Quotes) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes != .none: out += "&quot;"
            case "'" where quotes == .both: out += "&#39;"
            // Control characters (ESC, DEL, C1) are not allowed in HTML: shown by their code
            // point, `U+001B`, as `tutor run` and `tutor list` show them in the terminal, so that
            // an author sees what is in the chapter and where (a browser would draw � or nothing).
            case _ where HTML.isDisallowedControl(character):
                out += Excerpt.name(of: character.unicodeScalars.first!)
            default: out.append(character)
            }
        }
        return out
    }

    /// A link target as cmark-gfm writes one in `href` and `src`: bytes outside its safe set
    /// percent-encoded (`%20`), `&` and `'` as entities, everything else as written.
    static func escapeURL(_ url: String) -> String {
        var out = ""
        out.reserveCapacity(url.utf8.count)
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;"
            case UInt8(ascii: "'"): out += "&#x27;"
            case _ where urlSafe.contains(byte): out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += (byte < 16 ? "%0" : "%") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// cmark-gfm's safe set (`houdini_href_e.c`): letters, numerals and `-_.+!*(),%#@?=;:/$~`.
    private static let urlSafe: Set<UInt8> = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+!*(),%#@?=;:/$~".utf8))
}
