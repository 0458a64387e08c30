/// A bullet or numbered list.
public struct ListBlock: Sendable, Hashable {
    public var isOrdered: Bool
    /// The first item's number (ordered lists only).
    public var start: Int
    /// No blank line between items: their paragraphs are drawn without `<p>`.
    public var isTight: Bool
    /// Each item's blocks.
    public var items: [[ProseBlock]]
    public var line: Int

    public init(isOrdered: Bool, start: Int = 1, isTight: Bool, items: [[ProseBlock]], line: Int) {
        self.isOrdered = isOrdered
        self.start = start
        self.isTight = isTight
        self.items = items
        self.line = line
    }
}
