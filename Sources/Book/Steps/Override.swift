/// A parameter given on the command line, with where to point when it is wrong.
public struct Override: Sendable, Hashable {
    public var parameter: InfoString.Parameter
    public var location: SourceLocation
    /// Given for one cell (a served page's control), not for every cell (`--set`): where the
    /// parameter means nothing (`ParameterSpec.only(when:is:)`) it is then refused, not left out.
    public var forOneCell: Bool

    public init(parameter: InfoString.Parameter, location: SourceLocation, forOneCell: Bool = false) {
        self.parameter = parameter
        self.location = location
        self.forOneCell = forOneCell
    }

    /// Parses `key=value` as given to `--set`.
    public static func parse(_ text: String) throws(Diagnostic) -> Override {
        do {
            let parameter = try InfoString.parseAssignment(text)
            return Override(parameter: parameter, location: SourceLocation(path: "--set \(Excerpt.of(text))", line: 1, column: parameter.valueColumn))
        } catch {
            throw Diagnostic(SourceLocation(path: "--set \(Excerpt.of(text))", line: 1, column: error.column),
                             error.message + (severalAssignments(text).map { "; one --set sets one parameter: write \($0)" } ?? ""))
        }
    }

    /// `--set n=3 --set row=5` for `n=3,row=5` or `n=3 row=5`: what to write when one
    /// `--set` holds several assignments (a space after the comma, as the info string would
    /// have it, is still two in one). Nil when the text is not a list of `key=value`.
    static func severalAssignments(_ text: String) -> String? {
        let pieces = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" })
        guard pieces.count > 1, pieces.allSatisfy({ piece in
            guard let equals = piece.firstIndex(of: "="), equals > piece.startIndex else { return false }
            return piece[..<equals].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }) else { return nil }
        return pieces.map { "--set \(Excerpt.of($0))" }.joined(separator: " ")
    }
}
