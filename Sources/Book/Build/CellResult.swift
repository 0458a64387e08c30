/// What a cell showed when it ran, ready to be drawn.
public struct CellResult: Sendable {
    public var resolved: ResolvedCell
    public var outputs: [Output]

    public init(resolved: ResolvedCell, outputs: [Output]) {
        self.resolved = resolved
        self.outputs = outputs
    }
}
