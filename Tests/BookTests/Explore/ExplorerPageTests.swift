@testable import Book
import Foundation
import Testing
import Hashing

/// The explorable page: controls of the right kind, one template per distinct output, the table
/// the script reads, and a policy that lets that script run and no other.
@Suite struct ExplorerPageTests {
    let writer = PageWriter(bookTitle: "Test book")

    func page(_ name: String) throws -> (RenderedPage, ChapterExploration) {
        let chapter = try Chapter.parse(try Fixtures.text("explore/\(name)"), path: "explore/\(name)", fileName: name)
        let explored = try ExploredChapter(chapter)
        return (try writer.chapterPage(chapter, results: explored.results, exploration: explored.exploration, previous: nil, next: nil),
                explored.exploration)
    }

    @Test func rendersTheExplorableChapterLikeItsGolden() throws {
        let (page, _) = try page("01-explore.md")
        try Fixtures.expectGolden(page.html, "golden/01-explore.html")
    }

    @Test func eachControlHasTheKindItsTypeCallsFor() throws {
        let html = try page("01-explore.md").0.html
        #expect(html.contains("<input type=\"radio\" name=\"c1.value\" value=\"0\" data-control=\"c1.value\">1.5</label>"))
        #expect(html.contains("<select data-control=\"c3.kernel\"><option value=\"0\">identity</option><option value=\"1\">sobelX</option><option value=\"2\" selected>sobelY</option>"))
        #expect(html.contains("<input type=\"checkbox\" data-control=\"c3.negate\">"))
        #expect(html.contains("<input type=\"radio\" name=\"c4.shape\" value=\"1\" data-control=\"c4.shape\">ring</label>"))
        #expect(html.contains("<input type=\"range\" min=\"0\" max=\"4\" step=\"1\" value=\"1\" data-control=\"c5.times\" aria-valuetext=\"2\"> <output data-shows=\"c5.times\">2</output>"))
        // Hidden until the script shows them: without it the page is the chapter's own.
        #expect(html.components(separatedBy: "<form class=\"cell-controls\"").count - 1 == 4)
        #expect(!html.contains("<form class=\"cell-controls\" data-cell=\"1\">"))
        // The cell that reads cell 1's value says it follows its control.
        #expect(html.contains("<p class=\"cell-follows\" hidden>What this cell shows changes with the control of cell 1 (value): it reads what that cell leaves.</p>"))
        #expect(html.components(separatedBy: "class=\"cell-follows\"").count - 1 == 1, "only recall reads what cell 1 leaves")
    }

    /// Headings named like the page's own elements ("Tutor explore" was the controls' data once,
    /// and took it over) get anchors of their own: every id on the page is different.
    @Test func noHeadingTakesAnIdThePageUsesItself() throws {
        let text = "# T\n\n## Tutor explore\n\n## Live banner\n\n## Variant 1\n\n## Cell 1\n\n```swift step=remember value=1.5 vary-value=[1.5,2]\n```\n"
        let chapter = try Chapter.parse(text, path: "x/01-x.md", fileName: "01-x.md")
        let explored = try ExploredChapter(chapter)
        let html = try writer.chapterPage(chapter, results: explored.results, exploration: explored.exploration, previous: nil, next: nil).html
        let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) }
        #expect(Set(ids).count == ids.count, "\(ids)")
        #expect(ids.contains("tutor_explore") && ids.contains("tutor-explore") && ids.contains("cell-1") && ids.contains("cell-1-1"), "\(ids)")
    }

    @Test func theScriptIsAllowedByItsHashAndNothingElseIs() throws {
        let html = try page("01-explore.md").0.html
        let policy = try #require(html.firstMatch(of: /content="(default-src[^"]*)"/)?.output.1)
        #expect(policy.contains("script-src 'sha256-\(SHA256.base64(ExplorerScript.source))'"))
        #expect(!policy.contains("unsafe-inline'; script") && !policy.contains("script-src 'unsafe"))
        let scripts = html.matches(of: /<script>([\s\S]*?)<\/script>/).map { String($0.output.1) }
        #expect(scripts == [ExplorerScript.source])
        // A page with nothing to explore runs no script at all.
        let plain = try Fixtures.text("golden/02-memory.html")
        #expect(plain.contains("script-src 'none'") && !plain.contains("<script"))
    }

    @Test func everySettingHasATemplateAndIdenticalOutputsAreStoredOnce() throws {
        let (page, exploration) = try page("01-explore.md")
        let json = try #require(page.html.firstMatch(of: /<script type="application\/json" id="tutor_explore">(.*?)<\/script>/)?.output.1)
        let data = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let cells = data["cells"] as! [String: [String: Any]]
        let templates = Set(page.html.matches(of: /<template id="([^"]+)">/).map { String($0.output.1) })
        for (index, cell) in exploration.cells {
            let variants = cells[String(index)]!["variants"] as! [String: String]
            #expect(variants.count == cell.variants.count)
            for id in variants.values where id != "own" { #expect(templates.contains(id), "\(id) has no template") }
        }
        let distinct = Set(page.html.matches(of: /<template id="[^"]+">([\s\S]*?)<\/template>/).map { String($0.output.1) })
        #expect(distinct.count == templates.count, "two templates hold the same outputs")
    }

    @Test func aPageOverItsBudgetIsAnErrorAtTheCellThatTakesMostRoom() throws {
        let chapter = try Chapter.parse(try Fixtures.text("explore/01-explore.md"), path: "explore/01-explore.md", fileName: "01-explore.md")
        let big = RenderedPage(html: String(repeating: "x", count: ExplorationBudget.bytesPerPage - 10),
                               images: [(name: "a.pgm", data: Data(count: 20))])
        #expect(throws: Diagnostic.self) { try PageWriter.checkBudget(big, chapter: chapter, bytesByCell: [3: 100, 5: 3_000_000]) }
        do {
            try PageWriter.checkBudget(big, chapter: chapter, bytesByCell: [3: 100, 5: 3_000_000])
        } catch {
            #expect(error.location.path == "explore/01-explore.md" && error.location.line == 17)
            #expect(error.message.contains("over the budget of 4.0 MB; this cell's variants take 3.0 MB: offer fewer values"))
        }
        let fits = RenderedPage(html: String(repeating: "x", count: ExplorationBudget.bytesPerPage - 10), images: [])
        try PageWriter.checkBudget(fits, chapter: chapter, bytesByCell: [:])
    }

    /// When fewer values in the largest cell alone would leave the page over its budget (many
    /// cells alike), the error says that several cells must offer fewer.
    @Test func aPageOverItsBudgetThroughManyCellsSaysSo() throws {
        let chapter = try Chapter.parse(try Fixtures.text("explore/01-explore.md"), path: "explore/01-explore.md", fileName: "01-explore.md")
        let big = RenderedPage(html: String(repeating: "x", count: 5_000_000), images: [])
        #expect {
            try PageWriter.checkBudget(big, chapter: chapter, bytesByCell: [3: 400_000, 5: 400_000])
        } throws: { error in
            let message = (error as! Diagnostic).message
            return message.contains("the variants of its 2 cells that vary take 0.8 MB, this cell's the most (0.4 MB), "
                                    + "and without this one the page would still be over: offer fewer values in several cells")
        }
    }
}
