/// A step's code split for the page: the computation (the closure's body), which a reader came
/// for, and the declaration around it (name, summary, parameters with their ranges and help).
///
/// A step file reads
///
///     extension Lessons {
///         static let reluMap = StepDefinition(
///             "reluMap", summary: "...", parameters: [...]
///         ) { cell in            <- the declaration ends at the first line ending `{ name in`
///             let sample = ...   <- the computation
///         }                      <- a line of closing brackets, no deeper than the opening line, ends it
///     }
///
/// Code of any other shape is all computation: nothing is hidden that could not be found.
struct StepCode: Equatable {
    /// The body's lines, their common indentation removed.
    var computation: [Substring]
    /// Whether a declaration was found around the computation.
    var hasDeclaration: Bool

    init(_ code: String) {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        guard let open = lines.firstIndex(where: Self.opensClosure) else {
            self.init(computation: Self.trimmingBlankLines(lines[...]), hasDeclaration: false)
            return
        }
        // The closure ends at a closing line indented no deeper than the line that opened it;
        // a deeper one closes a block of the body (`if ... {`), which belongs to the computation.
        let openIndent = Self.indentation(lines[open])
        var end = lines.endIndex
        while end > open + 1, lines[end - 1].allSatisfy({ "})] \t\r".contains($0) }),
              lines[end - 1].allSatisfy(\.isWhitespace) || Self.indentation(lines[end - 1]) <= openIndent {
            end -= 1
        }
        let body = Self.trimmingBlankLines(lines[(open + 1)..<end])
        guard !body.isEmpty else {
            self.init(computation: Self.trimmingBlankLines(lines[...]), hasDeclaration: false)
            return
        }
        self.init(computation: Self.dedented(body), hasDeclaration: true)
    }

    init(computation: [Substring], hasDeclaration: Bool) {
        self.computation = computation
        self.hasDeclaration = hasDeclaration
    }

    /// `) { cell in`, `{ cell in`: a line that opens a closure taking one named argument.
    static func opensClosure(_ line: Substring) -> Bool {
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard words.last == "in" else { return false }
        words.removeLast()
        guard let name = words.popLast(), let brace = words.popLast(), brace.hasSuffix("{"),
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return false }
        return true
    }

    static func indentation(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }

    static func trimmingBlankLines(_ lines: ArraySlice<Substring>) -> [Substring] {
        let isBlank = { (line: Substring) in line.allSatisfy(\.isWhitespace) }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else { return [] }
        return Array(lines[first...last])
    }

    /// Drops the indentation every non-blank line shares (the closure's, eight spaces in a step
    /// file), so the computation starts at the margin; relative indentation is kept.
    static func dedented(_ lines: [Substring]) -> [Substring] {
        let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map(indentation)
        let common = indents.min() ?? 0
        return lines.map { $0.allSatisfy(\.isWhitespace) ? Substring() : $0.dropFirst(common) }
    }
}
