/// A GitHub table: a header row, body rows, and how each column is aligned.
public struct TableBlock: Sendable, Hashable {
    public enum Alignment: Sendable, Hashable {
        case none, left, center, right
    }

    /// One a column.
    public var alignments: [Alignment]
    /// Each cell's content; every row has one cell a column.
    public var header: [[Inline]]
    public var rows: [[[Inline]]]
    public var line: Int

    public init(alignments: [Alignment], header: [[Inline]], rows: [[[Inline]]], line: Int) {
        self.alignments = alignments
        self.header = header
        self.rows = rows
        self.line = line
    }
}
