/// Reads and strips the front matter between `---` lines at the very top of a chapter.
///
/// The lines are blanked rather than removed, so every line number cmark reports afterwards is
/// still the line number in the file. The text arrives with its line endings already made `\n`
/// and any byte-order mark dropped (`Chapter.parse`), so a chapter saved on Windows keeps its
/// front matter instead of showing it as a heading.
enum FrontMatter {
    static let keys = ["raw-html", "seed"]

    /// Front matter only counts on line 1. After blank lines, `---`, `key: value` lines and `---`
    /// would be read as a rule and a heading, the settings silently dropped: an error instead.
    static func refuseLateFrontMatter(in text: String, path: String) throws(Diagnostic) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }), first > 0,
              lines[first].trimmingTrailingSpace == "---", first + 2 < lines.count,
              let close = lines[(first + 1)...].firstIndex(where: { $0.trimmingTrailingSpace == "---" }), close > first + 1,
              lines[(first + 1)..<close].allSatisfy({ $0.allSatisfy(\.isWhitespace) || $0.contains(":") }) else { return }
        throw Diagnostic(SourceLocation(path: path, line: first + 1, column: 1),
                         "front matter must start on line 1; here the blank line\(first == 1 ? "" : "s") before it would make it a rule and a heading")
    }

    static func split(_ text: String, path: String) throws(Diagnostic) -> (options: ChapterOptions, body: String) {
        guard text.hasPrefix("---") else {
            try refuseLateFrontMatter(in: text, path: path)
            return (ChapterOptions(), text)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpace == "---" else { return (ChapterOptions(), text) }
        guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpace == "---" }) else {
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
                guard let seed = UInt64(value) else {
                    throw Diagnostic(valueAt, "seed is a whole number from 0 to \(UInt64.max), not '\(Excerpt.of(value))'")
                }
                options.seed = seed
            default:
                // No suggestion for a long key: it is no typo, and comparing costs its length squared.
                let hint = (key.count > 40 ? nil : Suggestion.nearest(to: key, in: keys)).map { " (did you mean '\($0)'?)" } ?? ""
                throw Diagnostic(at, "unknown front matter key '\(Excerpt.of(key))'\(hint); known keys: \(keys.joined(separator: ", "))")
            }
        }
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
