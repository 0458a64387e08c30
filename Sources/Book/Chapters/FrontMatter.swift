/// Reads and strips the front matter between `---` lines at the very top of a chapter.
///
/// The lines are blanked rather than removed, so every line number cmark reports afterwards is
/// still the line number in the file. The text arrives with its line endings already made `\n`
/// and any byte-order mark dropped (`Chapter.parse`), so a chapter saved on Windows keeps its
/// front matter instead of showing it as a heading.
enum FrontMatter {
    static let keys = ["raw-html", "seed"]

    /// Front matter counts only as `---` at the very start of line 1, closed by `---`. Written
    /// otherwise, `---`, `key: value` lines and `---` would be read as a rule and a heading and
    /// the settings silently dropped: after blank lines, with spaces or an invisible character
    /// (a second byte-order mark) before the dashes, with four dashes, or as a second block after
    /// the first. Each is an error at the would-be opening line.
    ///
    /// - Parameter start: the line to look from (after the front matter, for a second block).
    static func refuseMisplacedFrontMatter(in lines: [Substring], from start: Int = 0, path: String) throws(Diagnostic) {
        guard let first = lines[start...].firstIndex(where: { !isBlank($0) }), isFenceLike(lines[first]),
              first + 2 < lines.count,
              let close = lines[(first + 1)...].firstIndex(where: isFenceLike), close > first + 1,
              lines[(first + 1)..<close].allSatisfy({ isBlank($0) || $0.contains(":") }) else { return }
        let line = lines[first]
        let at = SourceLocation(path: path, line: first + 1, column: 1)
        let lead = line.unicodeScalars.prefix { $0 != "-" }
        if start > 0 {
            throw Diagnostic(at, "a second front matter block; a chapter has one, on line 1: put these keys in it")
        }
        if let invisible = lead.first(where: { !$0.properties.isWhitespace }) {
            throw Diagnostic(at, "the front matter's '---' follows an invisible character (\(Excerpt.name(of: invisible))); "
                             + "remove it, or the block is read as a rule and a heading")
        }
        if first > 0 {
            throw Diagnostic(at, "front matter must start on line 1; here the blank line\(first == 1 ? "" : "s") before it would make it a rule and a heading")
        }
        if !lead.isEmpty {
            throw Diagnostic(at, "the front matter's '---' must start the line, without spaces before it, or the block is read as a rule and a heading")
        }
        throw Diagnostic(at, "front matter opens and closes with exactly three dashes, '---', not '\(Excerpt.of(line.trimmingTrailingSpace))'")
    }

    /// A line of only spaces and invisible characters (a byte-order mark, a zero-width space).
    private static func isBlank(_ line: Substring) -> Bool {
        line.unicodeScalars.allSatisfy(isPadding)
    }

    /// Three or more dashes, with spaces or invisible characters around them: a line a reader
    /// takes for a front matter fence.
    private static func isFenceLike(_ line: Substring) -> Bool {
        let core = line.unicodeScalars.drop(while: isPadding).reversed().drop(while: isPadding)
        return core.count >= 3 && core.allSatisfy { $0 == "-" }
    }

    private static func isPadding(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .format
    }

    static func split(_ text: String, path: String) throws(Diagnostic) -> (options: ChapterOptions, body: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpace == "---" else {
            try refuseMisplacedFrontMatter(in: lines, path: path)
            return (ChapterOptions(), text)
        }
        guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpace == "---" }) else {
            // `---` and then no `key: value`: a rule at the top of the chapter, not front matter.
            guard let next = lines.dropFirst().first(where: { !isBlank($0) }), next.contains(":"),
                  !next.drop(while: \.isWhitespace).hasPrefix("#") else { return (ChapterOptions(), text) }
            // A closing line written otherwise (` ---`, `---` and an invisible character, YAML's `...`).
            if let near = lines.indices.dropFirst().first(where: { isFenceLike(lines[$0]) || lines[$0].trimmingTrailingSpace == "..." }) {
                throw Diagnostic(SourceLocation(path: path, line: near + 1, column: 1),
                                 "the front matter opened by '---' on line 1 closes with a line of exactly '---', "
                                 + "not '\(Excerpt.of(lines[near]))'")
            }
            throw Diagnostic(file: path, "the front matter opened by '---' on line 1 is never closed by a '---' line")
        }
        var options = ChapterOptions()
        var seen: [String: Int] = [:]
        for number in 1..<end {
            let line = lines[number]
            if line.allSatisfy(\.isWhitespace) || line.drop(while: \.isWhitespace).hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let at = SourceLocation(path: path, line: number + 1, column: indent + 1)
            guard let colon = line.firstIndex(of: ":") else {
                throw Diagnostic(at, "front matter lines look like 'key: value', not '\(Excerpt.of(line.drop(while: \.isWhitespace)))'")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let blanksAfterColon = line[line.index(after: colon)...].prefix { $0 == " " || $0 == "\t" }.count
            let valueAt = SourceLocation(path: path, line: number + 1,
                                         column: line.distance(from: line.startIndex, to: colon) + 2 + blanksAfterColon)
            if let earlier = seen[key] {
                throw Diagnostic(at, "front matter key '\(Excerpt.of(key))' is given twice (first on line \(earlier)); keep one")
            }
            seen[key] = number + 1
            switch key {
            case "raw-html":
                guard value == "true" || value == "false" else { throw Diagnostic(valueAt, "raw-html is true or false, not '\(Excerpt.of(value))'") }
                options.rawHTML = value == "true"
            case "seed":
                guard let seed = SeedText.value(value) else {
                    throw Diagnostic(valueAt, "seed is a whole number from 0 to \(UInt64.max), not '\(Excerpt.of(value))'" + SeedText.reason(value))
                }
                options.seed = seed
            default:
                // No suggestion for a long key: it is no typo, and comparing costs its length squared.
                let hint = (key.count > 40 ? nil : Suggestion.nearest(to: key, in: keys)).map { " (did you mean '\($0)'?)" } ?? ""
                throw Diagnostic(at, "unknown front matter key '\(Excerpt.of(key))'\(hint); known keys: \(keys.joined(separator: ", "))")
            }
        }
        try refuseMisplacedFrontMatter(in: lines, from: end + 1, path: path)
        for number in 0...end { lines[number] = "" }
        return (options, lines.joined(separator: "\n"))
    }
}

private extension Substring {
    var trimmingTrailingSpace: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}

