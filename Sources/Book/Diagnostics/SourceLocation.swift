/// A place in a chapter file, printed the way compilers print it: `path:line:column`.
///
/// Lines and columns start at 1; a column counts UTF-8 bytes, as cmark and clang do.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// The same line, `offset` bytes further right.
    public func movedRight(by offset: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column + offset)
    }

    public var description: String { "\(path):\(line):\(column)" }
}
