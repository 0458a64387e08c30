/// A problem a teacher can fix, with the place in the chapter where it is.
///
/// Prints as `chapters/03-softmax.md:41:1: error: unknown step 'sofmax' (did you mean 'softmax'?)`,
/// followed by any notes (a diff, the list of valid choices) on lines of their own.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var location: SourceLocation
    public var severity: Severity
    public var message: String
    /// Extra lines printed under the message, such as a diff.
    public var notes: [String]

    /// No message line is longer than this, and no message has more lines than `maximumLines`:
    /// each message quotes user text through `Excerpt`, and this catches any that forgot, so a
    /// 1 MB name can never flood a terminal or a CI log. Per line, not for the whole message: a
    /// step's failure with its advice on a second line, both naming long paths, is not a flood,
    /// and cut short it lost the advice.
    public static let maximumLineLength = 1000
    public static let maximumLines = 12

    public init(_ location: SourceLocation, _ message: String, severity: Severity = .error, notes: [String] = []) {
        self.location = location
        self.severity = severity
        self.message = Self.bounded(message)
        self.notes = notes
    }

    /// `message` with each line of more than `maximumLineLength` characters cut short in the
    /// middle, and the lines after the first `maximumLines` left out (an ellipsis says so). The
    /// middle, not the end: a line's end says why ("cannot look at /very/long/path: File name
    /// too long"), and a path of thousands of characters would push the reason out.
    static func bounded(_ message: String) -> String {
        guard message.utf8.count > maximumLineLength || message.utf8.count(where: { $0 == 0x0A }) >= maximumLines else { return message }
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        let (head, tail) = (maximumLineLength * 2 / 3, maximumLineLength / 3 - 1)
        let kept = lines.prefix(maximumLines).map { line in
            line.count <= maximumLineLength ? String(line)
                : Excerpt.of(line.prefix(head), maximumLength: head) + "…" + Excerpt.of(line.suffix(tail), maximumLength: tail)
        }
        return kept.joined(separator: "\n") + (lines.count > maximumLines ? "\n…" : "")
    }

    /// The same problem, said as a warning: what one command refuses, another (a presenter) only warns of.
    public var asWarning: Diagnostic {
        var warning = self
        warning.severity = .warning
        return warning
    }

    /// A problem with a whole file (it cannot be read, it is empty): located at its first byte.
    public init(file path: String, _ message: String) {
        self.init(SourceLocation(path: path, line: 1, column: 1), message)
    }

    /// A problem with a folder, or with a path as a whole (there is none, it cannot be listed):
    /// no line or column would mean anything, so it prints as `chapters: error: …`.
    public init(folder path: String, _ message: String) {
        self.init(SourceLocation(path: path, line: 0, column: 0), message)
    }

    public var description: String {
        (["\(location): \(severity.rawValue): \(message)"] + notes).joined(separator: "\n")
    }
}

/// Several diagnostics at once: a chapter can have more than one bad cell, and a teacher wants
/// to see them all in one go rather than fix them one build at a time.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var all: [Diagnostic]

    public init(_ all: [Diagnostic]) {
        precondition(!all.isEmpty, "an error needs at least one diagnostic")
        self.all = all
    }

    public var description: String { all.map(\.description).joined(separator: "\n") }
}
