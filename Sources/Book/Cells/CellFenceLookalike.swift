/// A line that opens, or was surely meant to open, a tagged cell's fence.
///
/// A tagged cell that Markdown does not read as one is worse than an error: it vanishes from the
/// book, or swallows the chapter, and the build says nothing. So the parser looks at every line
/// with a loose eye: after any container prefix (spaces, tabs, `>`, list markers, invisible
/// characters), a run of three or more `` ` `` or `~`, then an info string that, once invisible
/// characters are dropped, other spaces and commas read as spaces, and letters lowered, starts with
/// `swift` and mentions `step`. Such a line is either the first line of a valid top-level cell, or
/// an error at that line (`CommonMark` decides which).
enum CellFenceLookalike {
    struct Match: Equatable {
        /// `` ` `` or `~`.
        var marker: Character
        var length: Int
        /// Characters before the fence run: container prefixes, indentation, invisibles.
        var prefix: String
        /// The info string after the fence run, as written.
        var info: String
    }

    /// The loose reading of `line`, or nil for a line that cannot be meant as a cell's fence.
    static func match(_ line: Substring) -> Match? {
        // Cheap test first: a chapter has thousands of lines and almost none are fences.
        guard line.utf8.contains(UInt8(ascii: "`")) || line.utf8.contains(UInt8(ascii: "~")) else { return nil }
        var rest = line[...]
        var prefix = ""
        while let first = rest.first {
            if first == ">" || isBlankOrInvisible(first) {
                prefix.append(first)
                rest = rest.dropFirst()
            } else if let marker = listMarker(rest) {
                prefix += rest.prefix(marker)
                rest = rest.dropFirst(marker)
            } else {
                break
            }
        }
        guard let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let run = rest.prefix { $0 == marker }.count
        guard run >= 3 else { return nil }
        let info = String(rest.dropFirst(run))
        guard mentionsStep(info) else { return nil }
        return Match(marker: marker, length: run, prefix: prefix, info: info)
    }

    /// Whether an info string, read loosely, names the `swift` language and a `step`, or the
    /// language alone followed by parameters (`swift n=3`, `swift stp=a`: a cell whose step
    /// is missing or misspelt; plain Swift code has no `name=value` after its language), or
    /// another language and `step=NAME` (`python step=a`: a cell in the wrong language), or
    /// `step=NAME` with no language before it.
    static func mentionsStep(_ info: String) -> Bool {
        let words = looseWords(info)
        // `{.swift step=a}` is another Markdown dialect's attribute syntax.
        guard let first = words.first.map({ $0.hasPrefix(".") ? $0.dropFirst() : $0 }) else { return false }
        // A later word is `step=NAME`.
        let namesStep = words.dropFirst().contains { $0.hasPrefix("step=") && $0.count > 5 }
        // ```` ``` step=a ````: a cell with no language at all.
        if first.hasPrefix("step=") && first.count > 5 { return true }
        // `python step=a`: a step named after another language, which no code block has.
        if !first.hasPrefix("swift") { return namesStep }
        if first == "swift" && words.dropFirst().contains(where: { $0.contains("=") && !$0.hasPrefix("=") }) { return true }
        // `swift-step=`, `swift.step=` and `swiftstep=` too; `swiftui` is another word.
        let rest = first.dropFirst(5).drop { "-_.:/".contains($0) }
        if rest.first?.isLetter == true && !rest.hasPrefix("step") { return namesStep }
        return (words.dropFirst() + [rest]).contains { word in
            ["step", "steps"].contains(word) || ["step=", "step:", "steps=", "steps:"].contains { word.hasPrefix($0) }
        }
    }

    /// Why an info string that mentions a step (loosely) is not one the cell parser will take.
    static func problem(in info: String) -> (characterOffset: Int, message: String) {
        for (offset, character) in info.enumerated() where character != " " && character != "\t" && isBlankOrInvisible(character) {
            let names = character.unicodeScalars.map(Excerpt.name(of:)).joined(separator: " ")
            return (offset, "the info string holds the invisible character \(names), so this fence would not be read as a tagged cell; retype it with plain spaces")
        }
        if let offset = info.firstIndex(where: { $0 == "," || $0 == ";" }).map({ info.distance(from: info.startIndex, to: $0) }) {
            return (offset, "separate a tagged cell's parameters with spaces, not '\(info[info.index(info.startIndex, offsetBy: offset)])'")
        }
        let language = info.prefix { !$0.isWhitespace }
        let leading = info.prefix { $0 == " " || $0 == "\t" }, firstWord = info.dropFirst(leading.count).prefix { !$0.isWhitespace }
        if firstWord.lowercased().hasPrefix("step=") {
            return (leading.count, "a tagged cell's fence names its language first: write ```swift \(Excerpt.of(firstWord)) ...")
        }
        if language.lowercased() != InfoString.language, language.allSatisfy({ $0.isLetter || $0.isNumber || "+#-".contains($0) }) {
            return (0, "a tagged cell's fence names the language swift, not '\(Excerpt.of(language))': write ```swift step=NAME")
        }
        if info.lowercased().hasPrefix(InfoString.language + " ") && !info.lowercased().contains("step") {
            return (0, "a tagged cell names its step, ```swift step=NAME name=value ...; to show Swift code that runs nothing, write ```swift alone")
        }
        if info.lowercased().hasPrefix(InfoString.language) && (!info.hasPrefix(InfoString.language) || !info.contains("step")) {
            return (0, "write 'swift' and 'step' in lower case: a tagged cell's fence reads ```swift step=NAME")
        }
        return (0, "this fence looks like a tagged cell, but its info string does not read 'swift step=NAME …'")
    }

    /// The info string lowered, with invisible characters dropped and other separators as spaces.
    private static func looseWords(_ info: String) -> [Substring] {
        var text = ""
        for character in info.lowercased() {
            if isInvisible(character) { continue }
            // Braces too: `{step=x}` is another Markdown dialect's attribute syntax.
            text.append(character.isWhitespace || ",;{}".contains(character) ? " " : character)
        }
        return text.split(separator: " ")
    }

    /// Spaces of every kind, and the characters that take no room (U+200B, U+FEFF, U+2060...).
    static func isBlankOrInvisible(_ character: Character) -> Bool {
        character.isWhitespace && !character.isNewline || isInvisible(character)
    }

    static func isInvisible(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            scalar.properties.generalCategory == .format || scalar.properties.isDefaultIgnorableCodePoint
        }
    }

    /// The length of a list marker (`-`, `+`, `*`, `1.`, `1)`) and the blank after it, if `text` starts with one.
    private static func listMarker(_ text: Substring) -> Int? {
        var length = 0
        if let first = text.first, first == "-" || first == "+" || first == "*" {
            length = 1
        } else {
            let numerals = text.prefix { $0.isASCII && $0.isNumber }.count
            guard numerals > 0, numerals <= 9 else { return nil }
            let after = text.dropFirst(numerals).first
            guard after == "." || after == ")" else { return nil }
            length = numerals + 1
        }
        guard let blank = text.dropFirst(length).first, isBlankOrInvisible(blank) else { return nil }
        return length + 1
    }
}
