/// Reads and strips the front matter between `---` lines at the very top of a chapter.
///
/// The lines are blanked rather than removed, so every line number cmark reports afterwards is
/// still the line number in the file.
enum FrontMatter {
    static let keys = ["raw-html", "seed"]

    static func split(_ text: String, path: String) throws(Diagnostic) -> (options: ChapterOptions, body: String) {
        guard text.hasPrefix("---") else { return (ChapterOptions(), text) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingSpace == "---" else { return (ChapterOptions(), text) }
        guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingSpace == "---" }) else {
            throw Diagnostic(file: path, "the front matter opened by '---' on line 1 is never closed by a '---' line")
        }
        var options = ChapterOptions()
        for number in 1..<end {
            let line = lines[number]
            let at = SourceLocation(path: path, line: number + 1, column: 1)
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw Diagnostic(at, "front matter lines look like 'key: value'")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let valueAt = at.movedRight(by: line.utf8.distance(from: line.startIndex, to: colon) + 2)
            switch key {
            case "raw-html":
                guard value == "true" || value == "false" else { throw Diagnostic(valueAt, "raw-html is true or false, not '\(value)'") }
                options.rawHTML = value == "true"
            case "seed":
                guard let seed = UInt64(value) else { throw Diagnostic(valueAt, "seed is a whole number from 0, not '\(value)'") }
                options.seed = seed
            default:
                let hint = Suggestion.nearest(to: key, in: keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw Diagnostic(at, "unknown front matter key '\(key)'\(hint); known keys: \(keys.joined(separator: ", "))")
            }
        }
        for number in 0...end { lines[number] = "" }
        return (options, lines.joined(separator: "\n"))
    }
}

private extension Substring {
    var trimmingTrailingSpace: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return s
    }
}
