@testable import Book
import Testing

@Suite struct HTMLEscapingTests {
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
