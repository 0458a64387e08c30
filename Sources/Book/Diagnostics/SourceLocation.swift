/// A place in a chapter file, printed the way compilers print it: `path:line:column`.
///
/// Lines and columns start at 1. A column counts characters as Swift and a reader count them,
/// extended grapheme clusters: `é`, `😀` and `👩‍🏫` are one column each, whatever their UTF-8 length.
/// The parsers work in UTF-8 bytes (cmark does too); `SourceColumn` turns their byte offsets into
/// columns at the one moment a location is made, so every printed column means the same thing.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// The same line, `offset` columns further right.
    public func movedRight(by offset: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column + offset)
    }

    /// Not a place in a file: a word typed on the command line (`tutor run 9`, no chapter 9).
    /// It prints as the program's name, as a command-line tool's own errors do.
    public static let commandLine = SourceLocation(path: "tutor", line: 0, column: 0)

    public var description: String { line == 0 ? Excerpt.path(path) : "\(Excerpt.path(path)):\(line):\(column)" }
}

/// Byte offsets within a line, as parsers find them, to the character columns people read.
public enum SourceColumn {
    /// The column (from 1) of the character that holds byte `offset` (from 0) of `line`; an
    /// offset at or past the end is the column just after the last character.
    public static func of(byteOffset offset: Int, in line: some StringProtocol) -> Int {
        var bytes = 0
        var column = 1
        for character in line {
            let width = character.utf8.count
            if offset < bytes + width { return column }
            bytes += width
            column += 1
        }
        return column
    }

    /// The byte offset at which each character of `line` starts, and the line's length in bytes
    /// last: what `of(byteOffset:characterStarts:)` searches.
    static func characterStarts(of line: some StringProtocol) -> [Int] {
        var starts: [Int] = []
        var bytes = 0
        for character in line {
            starts.append(bytes)
            bytes += character.utf8.count
        }
        starts.append(bytes)
        return starts
    }

    /// The same, from the byte offsets at which the line's characters start, its length in bytes
    /// last (`characterStarts(of:)`): a binary search, for a line asked about many times.
    static func of(byteOffset offset: Int, characterStarts starts: [Int]) -> Int {
        let characters = starts.count - 1
        guard offset < starts[characters] else { return characters + 1 }
        // The last character that starts at or before `offset`.
        var (low, high) = (0, characters - 1)
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }
}
