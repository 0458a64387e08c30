/// A bound on how many cells a line may split into, checked before cmark-gfm sees the text.
///
/// Why: the GFM table extension appends each cell of a row to a linked list by walking it from
/// the start, so a row of n cells costs n² steps. A chapter of rows with 5,000 `|` each took 40 s
/// to parse, and one at the 4 MB limit of 50,000-bar rows would take minutes: every command
/// that reads chapters would seem to hang. Measured on 4 MB of table rows: 256 bars a line,
/// 3.6 s; 100 bars, 1.8 s (the same rows of text, 0.5 s). A real table has tens of columns.
///
/// Every `|` of a line counts (a `\|` or one inside code is not a cell boundary, but counting it
/// keeps the check simple and on the safe side), except on the lines of a fenced code block,
/// which are never table rows.
enum TableRowLimit {
    /// The most `|` a line outside fenced code may hold.
    static let maximumBars = 100

    /// Errors for the lines of `lines` (a chapter's, numbered from 1) that hold too many bars,
    /// each located at the first bar past the limit.
    static func check(_ lines: [Substring], path: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var fence: (character: UInt8, length: Int)?
        for (index, line) in lines.enumerated() {
            let bytes = line.utf8
            if let opening = Self.fence(bytes) {
                // A fence closes with a run of the same character at least as long, and nothing after it.
                if let open = fence {
                    if opening.character == open.character && opening.length >= open.length && opening.isBare { fence = nil }
                } else {
                    fence = (opening.character, opening.length)
                }
                continue
            }
            guard fence == nil else { continue }
            var bars = 0
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "|") {
                bars += 1
                if bars > maximumBars {
                    let column = SourceColumn.of(byteOffset: offset, in: line)
                    diagnostics.append(Diagnostic(SourceLocation(path: path, line: index + 1, column: column),
                        "this line has more than \(maximumBars) '|': a table row may have at most \(maximumBars) columns "
                        + "(past that, cmark-gfm's table parser slows to a crawl); for a literal bar, write &#124;"))
                    break
                }
            }
            if diagnostics.count >= 10 { break }  // enough to show the pattern
        }
        return diagnostics
    }

    /// The run of ``` or ~~~ a line opens with, after at most 3 spaces, if any (CommonMark's
    /// fences: at least 3 of the character); `isBare` if nothing but spaces follows it.
    private static func fence(_ bytes: Substring.UTF8View) -> (character: UInt8, length: Int, isBare: Bool)? {
        var index = bytes.startIndex, indent = 0
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: " "), indent < 4 {
            indent += 1
            index = bytes.index(after: index)
        }
        guard indent < 4, index < bytes.endIndex else { return nil }
        let character = bytes[index]
        guard character == UInt8(ascii: "`") || character == UInt8(ascii: "~") else { return nil }
        var length = 0
        while index < bytes.endIndex, bytes[index] == character {
            length += 1
            index = bytes.index(after: index)
        }
        guard length >= 3 else { return nil }
        let rest = bytes[index...]
        return (character, length, rest.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") })
    }
}
