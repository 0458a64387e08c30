/// Random chapters for fuzzing the whole parse (front matter, cmark, math, cells), assembled
/// from awkward pieces: unclosed fences, stray dollars, broken TeX, raw HTML, placeholder
/// lookalikes, and fences with mutated info strings. Shared by a test and `tutor-benchmark fuzz`.
public struct ChapterFuzzer {
    static let pieces = [
        "# Title\n", "## Section $x$\n", "Text with $a_1 + b_1$ and \\$5.\n", "$\\frac{1}{$ broken\n", "$$\n",
        "```math\n\\sum_{i}^{\n```\n", "```math\n\\begin{bmatrix} a & b \\\\ c \\end{bmatrix}\n```\n", "```swift step=greet\n", "```\n",
        "~~~\n", "`code $x$`\n", "<script>x</script>\n", "| a | b |\n|---|---|\n| $|x|$ | 2 |\n",
        "- item $y$\n  ```swift step=filter\n  ```\n", "> quote $\\alpha$\n", "[link](javascript:x) <b>bold</b>\n",
        "\u{E000}7\u{E001} placeholder lookalike\n", "---\nseed: 3\n---\n", "\n", "\\\n", "$\\left( x $\n", "é😀\u{0}\n",
        "$x^{2^{3}}$ $\\sqrt[3]{}$ $\\text{unclosed$\n", "    indented $code$\n", "***\n", "1. one\n2. $two$\n",
        // Cells Markdown would drop or swallow, other line endings, deep nesting, hostile raw HTML.
        "> ```swift step=greet\n", "-\t```swift step=greet\n", "```swift step\u{200B}=greet\n", "\u{FEFF}```Swift,step=x\n",
        "<div>\n```swift step=greet\n", "    ```swift step=greet\n", "\r\n", "\r", "````\n```swift step=greet\n````\n",
        String(repeating: ">", count: 60) + " deep\n", "$" + String(repeating: "{", count: 60) + "$\n",
        "<img src=x onerror=alert(1)> <a href=\"&#106;avascript:x\">a</a> <svg onload=x>\n", "---\nseed: 1\nseed: 2\n---\n",
    ]

    private var infoStrings: InfoStringFuzzer
    private var state: UInt64

    public init(seed: UInt64) {
        infoStrings = InfoStringFuzzer(seed: seed ^ 0x5DEE_CE66)
        state = seed
    }

    private mutating func below(_ n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(n, 1)))
    }

    public mutating func next() -> String {
        var text = ""
        for _ in 0..<below(14) {
            text += below(4) == 0 ? "```" + infoStrings.next() + "\n```\n" : Self.pieces[below(Self.pieces.count)]
        }
        return text
    }
}
