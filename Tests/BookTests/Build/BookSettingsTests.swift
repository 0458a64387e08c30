import Book
import Foundation
import Testing

/// `chapters/book.toml`: the keys it knows, and a located error for everything else.
@Suite struct BookSettingsTests {
    private let path = "chapters/book.toml"

    /// The problems `text` has, as printed.
    private func problems(_ text: String) -> [String] {
        do {
            _ = try BookSettings.parse(text, path: path)
            return []
        } catch {
            return error.all.map(\.description)
        }
    }

    @Test func everyKeyIsReadWithCommentsAndBlankLines() throws {
        let settings = try BookSettings.parse("""
            # the book
            title = "Digits, \\"read\\" by a network"   # shown on every page

            seed = 1_000
            sample = "../data/sample"
            \tdata="../data/mnist"
            """, path: path)
        #expect(settings == BookSettings(title: "Digits, \"read\" by a network", seed: 1000, sample: "../data/sample", data: "../data/mnist"))
    }

    /// As TOML has it: a sign on a whole number (`+3`, `-0`); and any line ending, as in the chapters.
    @Test func aSignedNumberAndAnyLineEndingAreRead() throws {
        #expect(try BookSettings.parse("seed = +3", path: path).seed == 3)
        #expect(try BookSettings.parse("seed = -0", path: path).seed == 0)
        #expect(try BookSettings.parse("seed = 3\rtitle = \"T\"\r", path: path) == BookSettings(title: "T", seed: 3))
        #expect(problems("seed = 3\rseed = 4") == ["chapters/book.toml:2:1: error: 'seed' is given twice (first on line 1); keep one"])
    }

    @Test func anEmptyFileSetsNothing() throws {
        #expect(try BookSettings.parse("", path: path) == BookSettings())
        #expect(try BookSettings.parse("# only a comment\n\n", path: path) == BookSettings())
    }

    @Test func aMissingFileSetsNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        #expect(try BookSettings.load(chapters: folder, chaptersDisplayPath: "chapters") == BookSettings())
    }

    /// A settings file that is a link to nothing, or to itself, is there but cannot be read: an
    /// error at it, never the book built as if it had no settings.
    @Test(arguments: ["/nonexistent/book.toml", "book.toml"])
    func aLinkThatLeadsNowhereIsAnErrorNotNoSettings(target: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("book.toml").path, withDestinationPath: target)
        #expect {
            try BookSettings.load(chapters: folder, chaptersDisplayPath: "chapters")
        } throws: { error in
            let message = (error as? Diagnostics)?.all.first?.description ?? ""
            return message.hasPrefix("chapters/book.toml:1:1: error: ") && message.contains("symbolic link")
        }
    }

    @Test func anUnknownKeyIsNamedAtItsColumnWithASuggestion() {
        #expect(problems("seed = 2\n  titel = \"x\"") == [
            "chapters/book.toml:2:3: error: unknown setting 'titel' (did you mean 'title'?); known settings: title, seed, sample, data",
        ])
    }

    @Test func aKeyGivenTwiceNamesBothLines() {
        #expect(problems("seed = 1\n\nseed = 2") == ["chapters/book.toml:3:1: error: 'seed' is given twice (first on line 1); keep one"])
    }

    @Test func badValuesAreNamedAtTheValue() {
        #expect(problems("seed = -1") == ["chapters/book.toml:1:8: error: -1 is below 0; a whole number here is from 0 to \(UInt64.max)"])
        #expect(problems("seed = 01") == ["chapters/book.toml:1:8: error: 01 starts with 0, which a whole number here may not (TOML's rule); "
            + "write it without the leading zeros"])
        #expect(problems("seed = -18446744073709551616").first?.contains("-18446744073709551616 is below 0") == true)
        #expect(problems("seed = +x") == ["chapters/book.toml:1:8: error: '+x' is neither a quoted string (\"...\") nor a whole number"])
        #expect(problems("title = \"\"\"A\"\"\"") == ["chapters/book.toml:1:9: error: a multi-line string (\"\"\"...\"\"\") is not taken here: "
            + "write the value on one line, in double quotes"])
        // One error for a multi-line string, not one more for each of its lines.
        #expect(problems("title = \"\"\"A\nbook\nof two\"\"\"\nseed = 2") == ["chapters/book.toml:1:9: error: a multi-line string (\"\"\"...\"\"\") "
            + "is not taken here: write the value on one line, in double quotes"])
        #expect(problems("title = \"\"\"A\nbook\"\"\"\nseed = x").count == 2)
        #expect(problems("seed = \"1\"") == ["chapters/book.toml:1:8: error: seed is a whole number from 0 to \(UInt64.max), without quotes"])
        #expect(problems("seed = 18446744073709551616")
            == ["chapters/book.toml:1:8: error: 18446744073709551616 is too large; a whole number here is at most 18446744073709551615"])
        #expect(problems("title = 3") == ["chapters/book.toml:1:9: error: title is a quoted string, e.g. title = \"My book\""])
        #expect(problems("data = 5") == ["chapters/book.toml:1:8: error: data is a quoted string, e.g. data = \"../data\""])
        #expect(problems("title = 'lit'").first?.contains("single quotes (a TOML literal string)") == true, "\(problems("title = 'lit'"))")
        // Shown whole up to its closing quote, not cut at its first space.
        #expect(problems("title = 'my book \\n' # old") == ["chapters/book.toml:1:9: error: 'my book \\n' is in single quotes "
            + "(a TOML literal string), which this file does not take: write it in double quotes, as \"my book \\\\n\""])
        // The text suggested is one the file takes, with the same value: backslashes doubled.
        #expect(problems("title = 'C:\\temp\\new'").first?.hasSuffix("as \"C:\\\\temp\\\\new\"") == true, "\(problems("title = 'C:\\temp\\new'"))")
        #expect(problems("title = \"C:\\\\temp\\\\new\"").isEmpty)
        #expect(problems("title = 'never closed").first?.hasPrefix("chapters/book.toml:1:9: error: 'never closed is in single quotes") == true)
        #expect(problems("title = \"  \"") == ["chapters/book.toml:1:9: error: title is empty; give the book a title"])
        #expect(problems("sample = \"\"") == ["chapters/book.toml:1:10: error: sample is empty; name a folder (relative to the chapters folder)"])
        #expect(problems("title = \"a\\nb\"") == ["chapters/book.toml:1:9: error: title is one line; it holds a line break"])
    }

    @Test func brokenLinesAreNamedWhereTheyBreak() {
        #expect(problems("title \"x\"") == ["chapters/book.toml:1:7: error: expected '=' after 'title' (settings lines look like 'key = value')"])
        #expect(problems("title =") == ["chapters/book.toml:1:8: error: a value is missing after '='"])
        #expect(problems("title = \"open") == ["chapters/book.toml:1:9: error: this string is never closed by a '\"' on its line"])
        #expect(problems("title = \"a\\q\"") == ["chapters/book.toml:1:11: error: unknown escape '\\q' (a backslash is written \\\\, a quote \\\", a code point \\u00E9)"])
        #expect(problems("seed = 1 2") == ["chapters/book.toml:1:10: error: unexpected '2' after the value (a comment starts with #)"])
        #expect(problems("= 1") == ["chapters/book.toml:1:1: error: settings lines look like 'key = value', not '= 1'"])
        // TOML allows quoted keys; these settings are plain names, and the message says so.
        #expect(problems("\"title\" = \"a\"") == ["chapters/book.toml:1:1: error: a setting's name is written without quotes, as in title = \"My book\"; not '\"title\" = \"a\"'"])
        #expect(problems("  'seed' = 1") == ["chapters/book.toml:1:3: error: a setting's name is written without quotes, as in title = \"My book\"; not ''seed' = 1'"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        #expect(problems("titel = \"x\"\nseed = x\nseed = 1\nseed = 2").count == 3)
    }

    @Test func aLongTitleIsRefused() {
        let title = String(repeating: "t", count: BookSettings.longestTitle + 1)
        #expect(problems("title = \"\(title)\"") == ["chapters/book.toml:1:9: error: title is \(title.count) characters; at most \(BookSettings.longestTitle)"])
    }

    /// A letter with thousands of accents is one character: the title is bounded in code points too.
    @Test func aTitleOfStackedAccentsIsRefused() {
        let title = "e" + String(repeating: "\u{301}", count: 60_000)
        #expect(BookSettings.problem(withTitle: title) == "title holds 60001 code points (accents and joiners count); at most 800")
        #expect(BookSettings.problem(withTitle: "Caf" + "e\u{301}") == nil)
    }

    /// TOML's code point escapes: `\u` with four hex digits, `\U` with eight.
    @Test func codePointEscapesAreRead() {
        #expect(problems("title = \"Caf\\u00E9 \\U0001F600\"") == [])
        #expect(problems("title = \"a \\u12\"") == ["chapters/book.toml:1:12: error: '\\u' is followed by 4 hexadecimal characters, as in \\u00E9"])
        #expect(problems("title = \"a \\uD800\"") == ["chapters/book.toml:1:12: error: '\\uD800' is not a Unicode character"])
    }

    @Test func foldersAreTakenRelativeToTheChaptersFolder() {
        let chapters = URL(fileURLWithPath: "/book/chapters")
        #expect(BookSettings.folder("../data/sample", chapters: chapters).path == "/book/data/sample")
        #expect(BookSettings.folder("/elsewhere/sample", chapters: chapters).path == "/elsewhere/sample")
    }
}
