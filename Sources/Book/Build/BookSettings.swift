import Foundation

/// The book-wide settings in `chapters/book.toml`: the title, the seed, and where the data is.
///
///     # chapters/book.toml
///     title = "A course of my own"
///     seed = 1                  # chapters whose front matter names no seed: use this one
///     sample = "../data/sample" # the course's small data set, relative to this chapters folder
///     data = "../data/full"     # its full data set, relative to this chapters folder
///
/// Every key is optional, and so is the file. A command-line option wins over the file, and the
/// file over the built-in default; a chapter's front matter `seed:` wins over the book's seed for
/// that chapter.
///
/// The grammar is the subset of TOML these keys need, so the file is valid TOML:
///
///     file    = { line }
///     line    = blank [ comment ] | blank key blank "=" blank value blank [ comment ]
///     key     = letter { letter | numeral | "-" | "_" }
///     value   = string | integer
///     string  = '"' { char | "\" escape } '"'      escape: one of  \  "  n  t
///     integer = numeral { numeral | "_" }          (0 ... 2^64 - 1)
///     comment = "#" { any character }
///
/// Why not TOMLKit 0.6.0 (toml++ underneath): it would build (54 s wall, 25 s CPU for a cold release
/// build of a one-file package using it, on the shared 2-core machine), but only its syntax errors
/// carry a position: parsed values and keys have none, so "unknown key" or "seed is not a number"
/// could not say `line:column`, and toml++ stops at the first syntax error. This reader reports
/// every problem at once, each at its `path:line:column`.
public struct BookSettings: Sendable, Equatable {
    public static let fileName = "book.toml"
    public static let keys = ["title", "seed", "sample", "data"]
    /// A title is one line of a heading, not a paragraph.
    public static let longestTitle = 200
    /// The largest settings file read, in bytes.
    public static let largestFile = 64 * 1024

    public var title: String?
    public var seed: UInt64?
    /// The folder of the course's small data set (the `sample` source), relative to the chapters folder.
    public var sample: String?
    /// The folder of the course's full data set (the `data` key), relative to the chapters folder.
    public var data: String?
    /// Where each key was set, `path:line:column` of its value: a message about a folder the file
    /// names says so, since the mistake is to be fixed there. (Not part of `==`: two files that
    /// say the same are the same settings.)
    public var places: [String: SourceLocation] = [:]

    public static func == (a: BookSettings, b: BookSettings) -> Bool {
        (a.title, a.seed, a.sample, a.data) == (b.title, b.seed, b.sample, b.data)
    }

    /// "the folder `sample` names in chapters/book.toml:3:10", for a key this file set.
    public func origin(of key: String) -> String? {
        places[key].map { "the folder '\(key)' names in \($0)" }
    }

    /// Why `title` cannot be the book's title, if it cannot, in words that start with "title" (the
    /// key here, `--title` on the command line): empty, more than one line, too long, or holding a
    /// control character (which would reach every page's head and the terminal).
    public static func problem(withTitle title: String) -> String? {
        if title.trimmingCharacters(in: .whitespaces).isEmpty { return "title is empty; give the book a title" }
        if title.contains(where: \.isNewline) { return "title is one line; it holds a line break" }
        if title.count > longestTitle { return "title is \(title.count) characters; at most \(longestTitle)" }
        // Counted in characters, a letter with 60,000 accents stacked on it is one: bounded in
        // code points too, or it would put 120 KB into the head of every page.
        if title.unicodeScalars.count > 4 * longestTitle {
            return "title holds \(title.unicodeScalars.count) code points (accents and joiners count); at most \(4 * longestTitle)"
        }
        if let control = title.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            return "title holds the control character \(Excerpt.name(of: control)); write it without"
        }
        return nil
    }

    public init(title: String? = nil, seed: UInt64? = nil, sample: String? = nil, data: String? = nil) {
        self.title = title
        self.seed = seed
        self.sample = sample
        self.data = data
    }

    /// `path` (from the file) as a folder: relative paths are taken from the chapters folder.
    public static func folder(_ path: String, chapters: URL) -> URL {
        URL(fileURLWithPath: path, relativeTo: chapters.appendingPathComponent("", isDirectory: true)).standardizedFileURL
    }

    /// The settings of the book whose chapters are in `chapters` (named `chaptersDisplayPath` in
    /// messages); no file means no settings.
    public static func load(chapters: URL, chaptersDisplayPath: String) throws(Diagnostics) -> BookSettings {
        let url = chapters.appendingPathComponent(fileName)
        let path = (chaptersDisplayPath as NSString).appendingPathComponent(fileName)
        var isDirectory: ObjCBool = false
        // A link that leads nowhere (or back to itself) is a settings file that cannot be read,
        // not an absent one: its settings would be dropped without a word.
        let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) || isLink else { return BookSettings() }
        guard !isDirectory.boolValue else { throw Diagnostics([Diagnostic(folder: path, "is a folder; the book settings are a file of 'key = value' lines: rename or remove the folder")]) }
        let data: Data
        do {
            // Four lines of settings; a file far larger is a mistake (and read whole, would take
            // many times its size in memory).
            data = try ChapterFile.contents(of: url, path: path, maximumSize: largestFile, kind: .settings)
        } catch {
            throw Diagnostics([error])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostics([Diagnostic(UTF8Check.firstInvalidByte(in: data, path: path), "the book settings are not UTF-8 text here")])
        }
        let settings = try parse(text, path: path)
        // The folders it names are quoted in messages (see `Excerpt.noteTyped`).
        for folder in [settings.sample, settings.data].compactMap({ $0 }) { Excerpt.noteTyped(folder) }
        return settings
    }

    /// Parses the text of a settings file named `path` in messages.
    public static func parse(_ text: String, path: String) throws(Diagnostics) -> BookSettings {
        var settings = BookSettings()
        var problems: [Diagnostic] = []
        var seen: [String: Int] = [:]
        // Any line ending, as in the chapters: a lone carriage return (old Mac files) ends a line too.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        // The delimiter of a multi-line string left open: its lines are its value (refused once,
        // where it starts), not settings each wrong in its own way.
        var openString: String?
        for (index, line) in lines.enumerated() {
            if let delimiter = openString {
                if line.contains(delimiter) { openString = nil }
                continue
            }
            openString = unclosedMultilineString(in: line)
            var cursor = LineCursor(line, path: path, line: index + 1)
            do {
                try parseLine(&cursor, into: &settings, seen: &seen)
            } catch {
                problems.append(error)
            }
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        return settings
    }

    /// `"""` or `'''` when `line`'s value opens a multi-line string that does not close on it.
    private static func unclosedMultilineString(in line: Substring) -> String? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let value = line[line.index(after: equals)...]
        let openings = ["\"\"\"", "'''"].compactMap { delimiter in value.range(of: delimiter).map { (delimiter, $0.lowerBound) } }
        guard let (delimiter, start) = openings.min(by: { $0.1 < $1.1 }), !value[..<start].contains("#") else { return nil }
        return value.components(separatedBy: delimiter).count % 2 == 0 ? delimiter : nil
    }

    private static func parseLine(_ cursor: inout LineCursor, into settings: inout BookSettings,
                                  seen: inout [String: Int]) throws(Diagnostic) {
        cursor.skipBlanks()
        if cursor.atEndOrComment { return }
        let keyAt = cursor.location
        let key = cursor.take { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" || $0 == "_" }
        guard !key.isEmpty, key.first!.isLetter else {
            if key.isEmpty, cursor.next == "\"" || cursor.next == "'" {
                throw Diagnostic(keyAt, "a setting's name is written without quotes, as in title = \"My book\"; not '\(Excerpt.of(cursor.rest))'")
            }
            throw Diagnostic(keyAt, "settings lines look like 'key = value', not '\(Excerpt.of(cursor.rest))'")
        }
        cursor.skipBlanks()
        guard cursor.next == "=" else {
            throw Diagnostic(cursor.location, "expected '=' after '\(Excerpt.of(key))' (settings lines look like 'key = value')")
        }
        cursor.advance()
        cursor.skipBlanks()
        let valueAt = cursor.location
        let value = try cursor.value()
        cursor.skipBlanks()
        guard cursor.atEndOrComment else {
            throw Diagnostic(cursor.location, "unexpected '\(Excerpt.of(cursor.rest))' after the value (a comment starts with #)")
        }
        if let earlier = seen[key] {
            throw Diagnostic(keyAt, "'\(Excerpt.of(key))' is given twice (first on line \(earlier)); keep one")
        }
        seen[key] = keyAt.line
        switch (key, value) {
        case let ("title", .string(title)):
            if let problem = Self.problem(withTitle: title) { throw Diagnostic(valueAt, problem) }
            settings.title = title
        case let ("seed", .integer(seed)):
            settings.seed = seed
        case let ("sample", .string(folder)), let ("data", .string(folder)):
            guard !folder.isEmpty else { throw Diagnostic(valueAt, "\(key) is empty; name a folder (relative to the chapters folder)") }
            if key == "sample" { settings.sample = folder } else { settings.data = folder }
            settings.places[key] = valueAt
        case ("title", _), ("sample", _), ("data", _):
            let example = ["title": "My book", "data": "../data", "sample": "../data/sample"][key] ?? "..."
            throw Diagnostic(valueAt, "\(key) is a quoted string, e.g. \(key) = \"\(example)\"")
        case ("seed", _):
            throw Diagnostic(valueAt, "seed is a whole number from 0 to \(UInt64.max), without quotes")
        default:
            let hint = (key.count > 40 ? nil : Suggestion.nearest(to: key, in: keys)).map { " (did you mean '\($0)'?)" } ?? ""
            throw Diagnostic(keyAt, "unknown setting '\(Excerpt.of(key))'\(hint); known settings: \(keys.joined(separator: ", "))")
        }
    }
}

/// A value as written in the settings file.
private enum SettingValue {
    case string(String)
    case integer(UInt64)
}

/// A position in one line of the settings file, moving right; columns count characters.
///
/// It moves over Unicode scalars, not characters: a quote followed by a combining mark (`"́Accent`)
/// or a joiner is one character to Swift, and a reader by characters would never see the quote.
/// Columns are still counted in characters, as every message of tutor counts them.
private struct LineCursor {
    let scalars: [Unicode.Scalar]
    let path: String
    let line: Int
    var position = 0

    init(_ text: Substring, path: String, line: Int) {
        scalars = Array(text.unicodeScalars)
        self.path = path
        self.line = line
    }

    var location: SourceLocation { SourceLocation(path: path, line: line, column: text(0..<position).count + 1) }
    var next: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }
    var rest: String { text(position..<scalars.count) }
    var atEndOrComment: Bool { next == nil || next == "#" }

    func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    mutating func advance() { position += 1 }

    mutating func skipBlanks() {
        while next == " " || next == "\t" { advance() }
    }

    mutating func take(while accepted: (Unicode.Scalar) -> Bool) -> String {
        let start = position
        while let scalar = next, accepted(scalar) { advance() }
        return text(start..<position)
    }

    /// A quoted string or a whole number.
    mutating func value() throws(Diagnostic) -> SettingValue {
        let (start, startPosition) = (location, position)
        if next == "\"" {
            if position + 2 < scalars.count, scalars[position + 1] == "\"", scalars[position + 2] == "\"" {
                throw Diagnostic(start, "a multi-line string (\"\"\"...\"\"\") is not taken here: write the value on one line, in double quotes")
            }
            return .string(try quoted())
        }
        // TOML allows a sign on a whole number: `+3`, and `-0` or `+0` for 0.
        let sign = next == "+" || next == "-" ? next : nil
        if sign != nil { advance() }
        let numerals = take { ("0"..."9").contains($0) || $0 == "_" }
        if !numerals.isEmpty, numerals.first!.isNumber, !numerals.hasSuffix("_"), !numerals.contains("__"),
           next.map({ $0 == " " || $0 == "\t" || $0 == "#" }) ?? true {
            // TOML's rule: no leading zero (`01`), which some readers take for octal.
            if numerals.count > 1 && numerals.first == "0" {
                throw Diagnostic(start, "\(Excerpt.of(numerals)) " + SeedText.leadingZeroRule)
            }
            guard let number = UInt64(numerals.replacingOccurrences(of: "_", with: "")) else {
                let written = (sign == "-" ? "-" : "") + numerals
                throw Diagnostic(start, sign == "-" ? "\(Excerpt.of(written)) is below 0; a whole number here is from 0 to \(UInt64.max)"
                                 : "\(Excerpt.of(numerals)) is too large; a whole number here is at most \(UInt64.max)")
            }
            if sign == "-" && number != 0 {
                throw Diagnostic(start, "-\(Excerpt.of(numerals)) is below 0; a whole number here is from 0 to \(UInt64.max)")
            }
            return .integer(number)
        }
        position = startPosition
        if next == "'" {
            // Shown whole, spaces and all, up to its closing quote: `'my book'`, not `'my`.
            advance()
            let inside = take { $0 != "'" }
            let literal = "'" + inside + (next == "'" ? "'" : "")
            // The same text in double quotes, where a backslash starts an escape: each is doubled,
            // so `'C:\temp\new'` becomes a path, not a tab and a line break.
            let doubled = "\"" + inside.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            throw Diagnostic(start, "\(Excerpt.of(literal)) is in single quotes (a TOML literal string), which this file does not take: "
                             + "write it in double quotes, as \(Excerpt.of(doubled))")
        }
        let word = take { $0 != " " && $0 != "\t" && $0 != "#" }
        if word.isEmpty { throw Diagnostic(start, "a value is missing after '='") }
        throw Diagnostic(start, "'\(Excerpt.of(word))' is neither a quoted string (\"...\") nor a whole number")
    }

    private mutating func quoted() throws(Diagnostic) -> String {
        let opening = location
        advance()
        var text = String.UnicodeScalarView()
        while let scalar = next {
            advance()
            switch scalar {
            case "\"":
                return String(text)
            case "\\":
                let escapeAt = SourceLocation(path: path, line: line, column: self.text(0..<position).count)
                switch next {
                case "\\": text.append("\\")
                case "\"": text.append("\"")
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "u", "U":
                    // TOML's code points: \u and four hex places, \U and eight (`"e\u0301"`).
                    let (letter, width) = (next!, next == "u" ? 4 : 8)
                    var value: UInt32 = 0
                    for _ in 0..<width {
                        advance()
                        guard let place = next.flatMap({ UInt32(String(Character($0)), radix: 16) }) else {
                            throw Diagnostic(escapeAt, "'\\\(Character(letter))' is followed by \(width) hexadecimal characters, as in \(letter == "u" ? "\\u00E9" : "\\U0001F600")")
                        }
                        value = value * 16 + place
                    }
                    guard let scalar = Unicode.Scalar(value) else {
                        throw Diagnostic(escapeAt, "'\\\(Character(letter))\(String(value, radix: 16, uppercase: true))' is not a Unicode character")
                    }
                    text.append(scalar)
                default: throw Diagnostic(escapeAt, "unknown escape '\\\(next.map { String(Character($0)) } ?? "")' (a backslash is written \\\\, a quote \\\", a code point \\u00E9)")
                }
                advance()
            default:
                text.append(scalar)
            }
        }
        throw Diagnostic(opening, "this string is never closed by a '\"' on its line")
    }
}
