@testable import Book
import Testing

/// Columns count characters (extended grapheme clusters), wherever they are printed.
@Suite struct SourceColumnTests {
    @Test func countsCharactersNotBytes() {
        let line = "Café 😀 👩‍🏫 x"
        // A slow, obvious reference: the character whose bytes include each offset.
        var offset = 0
        for (index, character) in line.enumerated() {
            for byte in 0..<character.utf8.count {
                #expect(SourceColumn.of(byteOffset: offset + byte, in: line) == index + 1)
            }
            offset += character.utf8.count
        }
        #expect(SourceColumn.of(byteOffset: line.utf8.count, in: line) == line.count + 1)
    }

    /// The table a parse builds once per line gives the columns the walk along the line gives.
    @Test func theLineTableAgreesWithTheWalk() {
        for line in ["", "x", "Café 😀 👩‍🏫 x", String(repeating: "é[a](b) ", count: 40)] {
            let starts = SourceColumn.characterStarts(of: line)
            #expect(starts.count == line.count + 1 && starts.last == line.utf8.count)
            for offset in -1...(line.utf8.count + 2) {
                #expect(SourceColumn.of(byteOffset: offset, characterStarts: starts) == SourceColumn.of(byteOffset: offset, in: line),
                        "offset \(offset) of \(line.debugDescription)")
            }
        }
    }

    /// Every link of a long line, among wide characters and math placeholders of other lengths
    /// than their `$…$`, is located at the column where its `[` stands (found by a plain search).
    @Test func manyLinksOnOneLineAreEachAtTheirColumn() throws {
        let pieces = (0..<300).map { i in i % 3 == 0 ? "😀 $x_{\(i)}$ [a](#t\(i))" : i % 3 == 1 ? "é [b](#t\(i)) $\\alpha$" : "[c](#t\(i))" }
        let line = pieces.joined(separator: " ")
        let chapter = try Chapter.parse("# T\n\n" + line + "\n", path: "c/01-a.md", fileName: "01-a.md")
        var expected: [Int] = []
        let characters = Array(line)
        for (index, character) in characters.enumerated() where character == "[" { expected.append(index + 1) }
        #expect(chapter.references.map(\.location.line) == Array(repeating: 3, count: 300))
        #expect(chapter.references.map(\.location.column) == expected)
    }

    @Test func anInfoStringErrorAfterWideCharactersIsAtTheCharacterColumn() {
        #expect {
            try Chapter.parse("# T\n\n```swift step=a label=\"😀é\" x\n```\n", path: "c/01-a.md", fileName: "01-a.md")
        } throws: { error in
            // ```swift step=a label="😀é" x  : the 'x' is character 28, its missing '=' at 29
            // (in bytes, 34).
            (error as? Diagnostics)?.all.first?.location.column == 29
        }
    }

    @Test func theInfoStringScannerCountsCharacters() throws {
        let info = try InfoString.parse("swift step=a label=\"😀😀\" n=3")
        #expect(info.parameters.map(\.column) == [14, 25])
        #expect(info.parameters.map(\.valueColumn) == [20, 27])
    }

    @Test func aMathErrorAfterWideCharactersIsAtTheCharacterColumn() {
        #expect {
            try Chapter.parse("# T\n\nCafé 😀 $\\nosuch$\n", path: "c/01-a.md", fileName: "01-a.md")
        } throws: { error in
            (error as? Diagnostics)?.all.first?.location == SourceLocation(path: "c/01-a.md", line: 3, column: 9)
        }
    }

    @Test func anInvalidByteAfterWideCharactersIsAtTheCharacterColumn() {
        let data = Array("# T\n😀é".utf8) + [0xFF]
        #expect(UTF8Check.firstInvalidByte(in: .init(data), path: "p") == SourceLocation(path: "p", line: 2, column: 3))
    }

    @Test func echoedTextIsCutShortWithAnEllipsis() {
        #expect(Excerpt.of(String(repeating: "a", count: 100)) == String(repeating: "a", count: 60) + "…")
        #expect(Excerpt.of("short") == "short")
        #expect(Excerpt.of("a\u{200B}b") == "aU+200Bb")
        let long = Diagnostic(SourceLocation(path: "p", line: 1, column: 1), String(repeating: "m", count: 1_000_000))
        #expect(long.message.count <= Diagnostic.maximumLineLength + 1)
        // Cut in the middle: the end of a line says why, after a path of any length.
        let deep = "/tmp/" + String(repeating: "d/", count: 3000)
        let why = Diagnostic(SourceLocation(path: "p", line: 1, column: 1), "cannot look at the output folder \(deep): File name too long")
        #expect(why.message.count <= Diagnostic.maximumLineLength + 1 && why.message.hasPrefix("cannot look at the output folder /tmp/d/")
                && why.message.contains("…") && why.message.hasSuffix("d/: File name too long"), "\(why.message)")
        // Many lines: the first ones kept, and an ellipsis.
        let many = Diagnostic(SourceLocation(path: "p", line: 1, column: 1), Array(repeating: "line", count: 1000).joined(separator: "\n"))
        #expect(many.message == Array(repeating: "line", count: Diagnostic.maximumLines).joined(separator: "\n") + "\n…")
        // A failure and its advice on two lines, each naming a long path: kept whole, line break included.
        let path = "/tmp/" + String(repeating: "p", count: 300)
        let advice = "\(path): no file x\nThis chapter needs the files in \(path): run `tutor data --data \(path)` to fetch them."
        #expect(Diagnostic(SourceLocation(path: "p", line: 1, column: 1), advice).message == advice)
    }
}
