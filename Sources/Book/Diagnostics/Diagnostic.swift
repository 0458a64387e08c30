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

    /// No message line is longer than this: each message quotes user text through `Excerpt`, and
    /// this catches any that forgot, so a 1 MB name can never flood a terminal or a CI log.
    public static let maximumMessageLength = 500

    public init(_ location: SourceLocation, _ message: String, severity: Severity = .error, notes: [String] = []) {
        self.location = location
        self.severity = severity
        self.message = message.utf8.count <= Self.maximumMessageLength ? message
            : Excerpt.of(message, maximumLength: Self.maximumMessageLength)
        self.notes = notes
    }

    /// A problem with a whole file (it cannot be read, it is empty): located at its first byte.
    public init(file path: String, _ message: String) {
        self.init(SourceLocation(path: path, line: 1, column: 1), message)
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
