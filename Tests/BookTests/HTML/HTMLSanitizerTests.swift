@testable import Book
import Testing

@Suite struct HTMLSanitizerTests {
    @Test(arguments: [
        ("<b>bold</b> and <em>more</em>", "<b>bold</b> and <em>more</em>"),
        ("<img src=x onerror=alert(1)>", "<img src=\"x\">"),
        ("<IMG SRC=x ONERROR=alert(1)>", "<img src=\"x\">"),
        ("<img src='a.png' alt=\"a > b\" onload='x()'>", "<img src=\"a.png\" alt=\"a &gt; b\">"),
        ("<svg onload=alert(1)><animate onbegin=alert(1) attributeName=x></svg>",
         "&lt;svg onload=alert(1)&gt;&lt;animate onbegin=alert(1) attributeName=x&gt;&lt;/svg&gt;"),
        ("<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"jav&#x61;script&colon;alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"java\tscript:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\" JAVASCRIPT:alert(1)\">x</a>", "<a>x</a>"),
        ("<a href=\"https://example.com/?a=1&b=2\">x</a>", "<a href=\"https://example.com/?a=1&amp;b=2\">x</a>"),
        ("<img src=\"file:///etc/passwd\">", "<img>"),
        ("<img src=\"/etc/passwd\">", "<img>"),
        ("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", "<img>"),
        ("<img src=\"data:image/png;base64,AAAA\">", "<img src=\"data:image/png;base64,AAAA\">"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<iframe src=x></iframe>", "&lt;iframe src=x&gt;&lt;/iframe&gt;"),
        ("<object data=x>", "&lt;object data=x&gt;"),
        ("<style>body{}</style>", "&lt;style&gt;body{}&lt;/style&gt;"),
        ("<form action=x><input></form>", "&lt;form action=x&gt;&lt;input&gt;&lt;/form&gt;"),
        ("<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">", "&lt;meta http-equiv=refresh content=\"0;url=javascript:alert(1)\"&gt;"),
        ("<base href=\"https://evil/\">", "&lt;base href=\"https://evil/\"&gt;"),
        ("<link rel=stylesheet href=x>", "&lt;link rel=stylesheet href=x&gt;"),
        ("<!-- a comment -->text", "text"),
        ("<p style=\"color: red\">x</p>", "<p style=\"color: red\">x</p>"),
        ("<p style=\"background:url(javascript:x)\">x</p>", "<p>x</p>"),
        ("<div/onclick=alert(1)>x</div>", "<div>x</div>"),
        ("a < b > c", "a &lt; b &gt; c"),
        ("<img src=x", "&lt;img src=x"),
        ("<b>x</b><a href=\"x>y</a>", "<b>x</b>&lt;a href=\"x&gt;y&lt;/a&gt;"),
        ("<b>x</b><!-- never closed <b>", "<b>x</b>&lt;!-- never closed &lt;b&gt;"),
    ])
    func keepsOnlyAllowedTagsAndAttributes(html: String, sanitized: String) {
        #expect(HTMLSanitizer.sanitize(html) == sanitized)
    }

    /// Every piece of a hostile fragment, in random orders and nestings: whatever comes out, no
    /// tag the browser would see carries a handler, a script URL, or a refused element. The check
    /// is an independent, cruder reading: every `<` followed by a letter starts a tag.
    @Test func noCombinationOfHostilePiecesSurvives() {
        let pieces = ["<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<a href='javascript:x'>", "<IFRAME>", "\"", "'",
                      "<a href=jav&#x61;script:x>", "<p style=x:url(y)>", "<", ">", "=", "<!--", "-->", "<b", " onclick=x", "<math>",
                      "<img src=\"data:text/html,x\">", "&#106;", "<base href=x>", "\u{0}", "<object>", "</div>"]
        var state: UInt64 = 0x1234_5678
        func below(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<2000 {
            var html = ""
            for _ in 0..<below(8) + 1 { html += pieces[below(pieces.count)] }
            let out = HTMLSanitizer.sanitize(html)
            for tag in tags(in: out) {
                let lowered = tag.lowercased()
                #expect(!lowered.contains(" on"), "handler in \(tag) from \(html)")
                #expect(!lowered.contains("javascript"), "script URL in \(tag) from \(html)")
                #expect(!["<svg", "<iframe", "<object", "<base", "<script"].contains { lowered.hasPrefix($0) }, "\(tag) from \(html)")
            }
        }
    }

    private func tags(in html: String) -> [Substring] {
        var tags: [Substring] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            let end = after.firstIndex(of: ">") ?? after.endIndex
            if let first = after.first, first.isLetter || first == "/" { tags.append(rest[open..<end]) }
            rest = after
        }
        return tags
    }

    /// A page of tags that never close is text from the first of them, in one pass: reading on
    /// from each `<` would cost the length squared (minutes for a 4 MB chapter).
    @Test func unterminatedTagsCostLinearTime() {
        let clock = ContinuousClock()
        for piece in ["<a x=\"", "<a x ", "<!--", "<a x='1' "] {
            let html = String(repeating: piece, count: 200_000)
            let elapsed = clock.measure { #expect(HTMLSanitizer.sanitize(html).hasPrefix("&lt;")) }
            // Linear: well under a second; quadratic would be minutes.
            #expect(elapsed < .seconds(5), "\(piece): \(elapsed)")
        }
    }

    @Test func decodesNumericAndNamedCharacterReferences() {
        #expect(CharacterReferences.decode("&#106;&#x61;&#X76;a&colon;&amp;&unknown;&#0;&#99999999999;") == "java:&&unknown;\u{FFFD}\u{FFFD}")
    }
}
