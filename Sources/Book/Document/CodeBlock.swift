/// Code shown as written: a fence that names no step, or an indented block.
public struct CodeBlock: Sendable, Hashable {
    /// The fence's info string (`swift`, `text`...), empty for none.
    public var info: String
    public var text: String
    public var line: Int

    public init(info: String, text: String, line: Int) {
        self.info = info
        self.text = text
        self.line = line
    }

    /// The info string's first word, which names the language.
    public var language: String {
        String(info.prefix { !" \t\n\r\u{0B}\u{0C}".contains($0) })
    }
}
