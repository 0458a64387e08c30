/// A chapter's text as every later stage expects it: no byte-order mark, `\n` line endings.
///
/// Editors on Windows save `\r\n`, old Mac ones a lone `\r`, and some put a byte-order mark
/// first. Left in, the mark hides the front matter's opening `---` (which then shows on the page
/// as a heading, its `seed:` and `raw-html:` silently lost) and `\r` ends up in headings and info
/// strings. Normalised here once, a chapter builds the same page whichever way it was saved; line
/// numbers do not change, since `\r\n` and a lone `\r` each end one line.
enum ChapterText {
    static func normalized(_ text: String) -> String {
        var text = Substring(text)
        if text.unicodeScalars.first == "\u{FEFF}" { text = Substring(text.unicodeScalars.dropFirst()) }
        guard text.utf8.contains(13) else { return String(text) }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 10 && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 13
            out.append(byte == 13 ? 10 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
