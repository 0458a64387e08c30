/// A parameter given on the command line, with where to point when it is wrong.
public struct Override: Sendable, Hashable {
    public var parameter: InfoString.Parameter
    public var location: SourceLocation

    public init(parameter: InfoString.Parameter, location: SourceLocation) {
        self.parameter = parameter
        self.location = location
    }

    /// Parses `key=value` as given to `--set`.
    public static func parse(_ text: String) throws(Diagnostic) -> Override {
        do {
            let parameter = try InfoString.parseAssignment(text)
            return Override(parameter: parameter, location: SourceLocation(path: "--set \(Excerpt.of(text))", line: 1, column: parameter.valueColumn))
        } catch {
            throw Diagnostic(SourceLocation(path: "--set \(Excerpt.of(text))", line: 1, column: error.column), error.message)
        }
    }
}
