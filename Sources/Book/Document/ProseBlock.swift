/// One block of prose, parsed: what cmark-gfm found, free of cmark types and of HTML.
/// Renderers (`ProseHTML`, `ProseText`) decide how each looks.
public enum ProseBlock: Sendable, Hashable {
    case heading(Heading)
    /// A ```` ```math ```` block, its TeX checked when parsed.
    case math(DisplayMath)
    case paragraph([Inline], line: Int)
    case list(ListBlock)
    /// A `>` block quote and the blocks inside it.
    case quote([ProseBlock], line: Int)
    /// A fenced or indented code block that names no step; also raw HTML shown as text when
    /// the chapter did not opt in to raw HTML.
    case code(CodeBlock)
    case table(TableBlock)
    /// `---`.
    case thematicBreak(line: Int)
    /// Raw HTML of a chapter that opted in (`raw-html: true`), already sanitized by `HTMLSanitizer`.
    case html(String, line: Int)
}
