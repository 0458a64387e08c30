/// A ```` ```math ```` block: TeX, checked when parsed, drawn by the renderer.
public struct DisplayMath: Sendable, Hashable {
    public var tex: String
    public var line: Int

    public init(tex: String, line: Int) {
        self.tex = tex
        self.line = line
    }
}
