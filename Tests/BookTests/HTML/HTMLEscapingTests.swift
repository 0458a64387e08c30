@testable import Book
import Testing

@Suite struct HTMLEscapingTests {
    /// ESC, DEL and C1 are not allowed in an HTML page: each is shown by its code point, as the
    /// terminal shows it; whitespace stays.
    @Test func controlCharactersHTMLDoesNotAllowAreShownByTheirCodePoints() {
        #expect(HTML.escape("a\u{1B}[31mb\u{7F}c\u{85}d\u{0}e\u{7}") == "aU+001B[31mbU+007FcU+0085dU+0000eU+0007")
        #expect(HTML.escapeProse("tab\there\nline\r\u{0C}") == "tab\there\nline\r\u{0C}")
    }

    @Test func escapesTheFiveCharactersThatEndTextOrAnAttribute() {
        #expect(HTML.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    }

    @Test func leavesOtherTextAloneIncludingNonASCII() {
        #expect(HTML.escape("σ(x) = 1/(1+e⁻ˣ) 👍") == "σ(x) = 1/(1+e⁻ˣ) 👍")
    }

    @Test func mathTextUsesTheSameEscaper() throws {
        let html = try MathML.render(#"\text{a<b & "c"}"#, display: false)
        #expect(html.contains("<mtext>" + HTML.escape(#"a<b & "c""#) + "</mtext>"))
    }
}
