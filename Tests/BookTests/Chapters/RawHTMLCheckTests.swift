@testable import Book
import Testing

/// A chapter's raw HTML may not take the page's own ids, close the page's own elements, or leave
/// an element open around the rest of the page (`RawHTMLCheck`): each is an error at the place.
@Suite struct RawHTMLCheckTests {
    /// The problems of a raw-HTML chapter with `body` after its title, as (line, column, message).
    static func problems(_ body: String) -> [(line: Int, column: Int, message: String)] {
        do {
            _ = try Chapter.parse("---\nraw-html: true\n---\n# T\n\n" + body, path: "c/01-a.md", fileName: "01-a.md")
            return []
        } catch {
            return (error as! Diagnostics).all.map { ($0.location.line, $0.location.column, $0.message) }
        }
    }

    @Test(arguments: ["tutor_explore", "variant_1", "variant_12", "cell-1", "cell-40", "live_banner", "slide-counter"])
    func anIdThePageUsesIsRefusedWhereItIsWritten(_ id: String) throws {
        let found = Self.problems("text <span id=\"\(id)\">x</span>\n")
        let problem = try #require(found.first)
        #expect(found.count == 1)
        #expect(problem.line == 6 && problem.column == 16, "\(problem)")
        #expect(problem.message.contains("the id '\(id)'") && problem.message.contains("choose another id"))
    }

    @Test func idsOfTheAuthorsOwnAreKept() {
        // Like the page's but not theirs, and the same id in another case (ids are case-sensitive).
        #expect(Self.problems("<div id=\"cell-x\">a</div> <span id=\"variant\">b</span> <i id=\"Tutor_Explore\">c</i>\n").isEmpty)
        #expect(Self.problems("<p id=\"note\">a</p>\n\n<p id=\"Note\">b</p>\n").isEmpty)
    }

    @Test func anIdThatIsAHeadingsAnchorOrGivenTwiceIsRefused() {
        let heading = Self.problems("## Why ReLU?\n\n<div id=\"why-relu\">a</div>\n")
        #expect(heading.count == 1 && heading[0].line == 8 && heading[0].message.contains("anchor of the heading 'Why ReLU?' on line 6"),
                "\(heading)")
        let twice = Self.problems("<p id=\"a\">x</p>\n\n> <span id=\"a\">y</span>\n")
        #expect(twice.count == 1 && twice[0].line == 8 && twice[0].column == 13 && twice[0].message.contains("already given on line 6, column 8"),
                "\(twice)")
    }

    @Test func aClosingTagThatClosesNothingOfTheChaptersIsRefused() {
        let found = Self.problems("text\n\n</section></div>\n\n<div>a</div></div>\n")
        #expect(found.map { "\($0.line):\($0.column)" } == ["8:1", "8:11", "10:13"], "\(found)")
        #expect(found.allSatisfy { $0.message.contains("closes no") })
        // So is a stray `</p>`, `</li>` or `</td>`, though their opening tags may be left open:
        // in a paragraph, `</p>` would end the page's own.
        let stray = Self.problems("text</p> and</li> or</td>\n\n<ul><li>a<li>b</li></ul>\n")
        #expect(stray.map { "\($0.line):\($0.column)" } == ["6:5", "6:13", "6:21"], "\(stray)")
    }

    @Test func anElementLeftOpenAroundTheRestOfThePageIsRefused() {
        let found = Self.problems("<table><tr><td>x\n\n```swift step=a\n```\n\n<div><span>y\n")
        // The table's rows and cells close themselves; the table, the div and the span do not.
        #expect(found.map { "\($0.line):\($0.column)" } == ["6:1", "11:1", "11:6"], "\(found)")
        #expect(found.allSatisfy { $0.message.contains("is never closed") })
    }

    @Test func elementsThatWrapCellsOrCloseThemselvesAreFine() {
        let chapter = """
            <details><summary>The solution</summary>

            ```swift step=a
            ```

            </details>

            <p>one<p>two <br> <img src="x.png" alt=""> <hr>

            <ul><li>a<li>b</ul> <table><tr><td>1<td>2</table> <kbd>Ctrl</kbd>

            """
        #expect(Self.problems(chapter).isEmpty)
    }

    @Test func withoutRawHTMLTheTagsAreTextAndNotChecked() throws {
        _ = try Chapter.parse("# T\n\n</div> <span id=\"tutor_explore\">x\n", path: "c/01-a.md", fileName: "01-a.md")
    }

    @Test func tagsThePageDropsAreNotCounted() {
        // `<form>` is shown as text, so its closing tag closes nothing of the page's either.
        #expect(Self.problems("<form>a</form> </form> <script>x</script>\n").isEmpty)
    }
}
