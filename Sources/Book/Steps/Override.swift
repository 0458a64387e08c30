/// A parameter given on the command line, with where to point when it is wrong.
public struct Override: Sendable, Hashable {
    public var parameter: InfoString.Parameter
    public var location: SourceLocation
    /// Given for one cell (a served page's control), not for every cell (`--set`): where the
    /// parameter means nothing (`ParameterSpec.only(when:is:)`) it is then refused, not left out.
    public var forOneCell: Bool
    /// The one cell (from 1) `--set N.key=value` gives it to; nil for every cell that takes it.
    public var cell: Int?

    public init(parameter: InfoString.Parameter, location: SourceLocation, forOneCell: Bool = false, cell: Int? = nil) {
        self.parameter = parameter
        self.location = location
        self.forOneCell = forOneCell || cell != nil
        self.cell = cell
    }

    /// Parses `key=value` as given to `--set`, for every cell whose step takes `key`, or
    /// `N.key=value`, for cell N alone (as a served page's address writes it): where two steps
    /// of a chapter share a name with different ranges (`steps`), one can be set past the other's.
    public static func parse(_ text: String) throws(Diagnostic) -> Override {
        let (cell, prefix) = cellPrefix(of: text)
        let assignment = String(text.utf8.dropFirst(prefix)) ?? text
        func located(_ column: Int) -> SourceLocation {
            SourceLocation(path: "--set \(Excerpt.of(text))", line: 1, column: column + prefix)
        }
        if let cell, cell == 0 {
            throw Diagnostic(located(1 - prefix), "cells count from 1: write --set 1.\(Excerpt.of(assignment)) for the first")
        }
        // `--set -1.key=value`: no cell is numbered below 1 (nor counted from the end).
        if text.utf8.first == UInt8(ascii: "-"), case let (negative?, bytes) = cellPrefix(of: String(text.dropFirst())) {
            throw Diagnostic(located(1 - prefix), "cells count from 1, not from the end: -\(negative) names no cell; "
                             + "write --set 1.\(Excerpt.of(String(text.utf8.dropFirst(1 + bytes)) ?? "")) for the first")
        }
        do {
            let parameter = try InfoString.parseAssignment(assignment)
            return Override(parameter: parameter, location: located(parameter.valueColumn), cell: cell)
        } catch {
            throw Diagnostic(located(error.column),
                             error.message + (severalAssignments(assignment).map { "; one --set sets one parameter: write \($0)" } ?? ""))
        }
    }

    /// The cell number of `N.key=value` and the bytes `N.` takes; (nil, 0) for text without one.
    /// At most 9 numerals: a number any longer is no cell of a chapter, and is read as a key (and refused).
    private static func cellPrefix(of text: String) -> (cell: Int?, bytes: Int) {
        let numerals = text.utf8.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !numerals.isEmpty, numerals.count <= 9, text.utf8.dropFirst(numerals.count).first == UInt8(ascii: ".") else { return (nil, 0) }
        return (Int(String(decoding: numerals, as: UTF8.self)), numerals.count + 1)
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
