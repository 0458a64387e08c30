@testable import Book
import Testing

@Suite struct TerminalSafeTextTests {
    @Test(arguments: [
        ("plain text, accents é and × signs", "plain text, accents é and × signs"),
        ("lines\nand\ttabs\r", "lines\nand\ttabs\r"),
        ("\u{1B}]0;pwned\u{07}title", "U+001B]0;pwnedU+0007title"),
        ("clear\u{1B}[2Jscreen", "clearU+001B[2Jscreen"),
        ("up\u{1B}[3Aand\u{1B}[Hhome", "upU+001B[3AandU+001B[Hhome"),
        ("c1 \u{9B}2J and del \u{7F} and nul \u{0}", "c1 U+009B2J and del U+007F and nul U+0000"),
        ("a lone escape at the end \u{1B}", "a lone escape at the end U+001B"),
        ("\u{1B}[", "U+001B["),
        ("evil\u{202E}txt.exe and \u{2066}isolated\u{2069} – é", "evilU+202Etxt.exe and U+2066isolatedU+2069 – é"),
    ])
    func showsEveryControlCharacterThatWouldActOnTheTerminal(text: String, shown: String) {
        #expect(TerminalSafeText.of(text) == shown)
    }

    /// tutor's own sequences: styles, colours (24-bit too), erasing the line after a carriage return.
    @Test(arguments: ["\u{1B}[1mbold\u{1B}[0m", "\u{1B}[38;2;12;34;56m█\u{1B}[0m", "\r\u{1B}[2Kstatus", "\rprogress\u{1B}[K\n", "\u{1B}[m"])
    func letsTutorsOwnStylesAndLineErasingThrough(text: String) {
        #expect(TerminalSafeText.of(text) == text)
    }

    @Test func aLongRunOfDigitsIsNoStyle() {
        let text = "\u{1B}[" + String(repeating: "1", count: 40) + "m"
        #expect(TerminalSafeText.of(text).hasPrefix("U+001B["))
    }
}
