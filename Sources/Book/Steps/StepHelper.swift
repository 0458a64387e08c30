/// A function a step calls, with its source, so the page can show it beside the step's code
/// (`Runs.train` for a step whose code is `_ = try Runs.train(&model, ...)`). Found by the
/// EmbedSources plugin when the course is built, never by parsing at run time.
public struct StepHelper: Sendable, Hashable {
    /// `Sequential.fit`: the type or extension it is declared in, and its name.
    public let name: String
    /// `CNN/Training.swift`, like `#fileID`.
    public let fileID: String
    /// Its file's path from the package's folder, `Sources/CNN/Model/Training.swift`: what a page names.
    public let path: String
    /// The line its text starts on in that file (its doc comment's first line).
    public let line: Int
    /// Its declaration, doc comment and body, as written.
    public let source: String

    public init(name: String, fileID: String, path: String? = nil, line: Int, source: String) {
        self.name = name
        self.fileID = fileID
        self.path = path ?? fileID
        self.line = line
        self.source = source
    }
}
