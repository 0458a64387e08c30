import Book
import Testing

/// What a message may echo of user text: nothing that acts on the terminal, a path on one line.
@Suite struct ExcerptTests {
    @Test func printableShowsControlsAndDirectionOverridesAsCodePoints() {
        #expect(Excerpt.printable("a\u{1B}[31mred") == "aU+001B[31mred")
        #expect(Excerpt.printable("x\u{202E}txt.exe") == "xU+202Etxt.exe")
        #expect(Excerpt.printable("bell\u{07} del\u{7F} c1\u{9B}") == "bellU+0007 delU+007F c1U+009B")
        #expect(Excerpt.printable("nul\u{0}") == "nulU+0000")
        #expect(Excerpt.printable("back\rover\u{2028}") == "backU+000DoverU+2028")
    }

    @Test func codePointsAreNamedWithAtLeastFourDigits() {
        #expect(Excerpt.name(of: "\u{7}") == "U+0007")
        #expect(Excerpt.name(of: "\u{202E}") == "U+202E")
        #expect(Excerpt.name(of: "\u{1F600}") == "U+1F600")
        #expect(Excerpt.hexadecimal(of: "\u{202E}", uppercase: false) == "202e")
    }

    @Test func printableKeepsLinesTabsAndEveryVisibleCharacter() {
        let text = "chapters/01-a.md:3:1: error: x\n\tnote: é 😀 👩‍🏫 größe ∑"
        #expect(Excerpt.printable(text) == text)
    }

    @Test func aPathStaysOnOneLine() {
        #expect(Excerpt.path("ch\napters\tx") == "chU+000AaptersU+0009x")
        #expect(Excerpt.path("/tmp/ok/κεφάλαια") == "/tmp/ok/κεφάλαια")
        let location = SourceLocation(path: "a\nb.md", line: 3, column: 2)
        #expect(location.description == "aU+000Ab.md:3:2")
    }
}
