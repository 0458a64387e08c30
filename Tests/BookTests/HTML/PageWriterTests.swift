@testable import Book
import Foundation
import Testing

/// Golden pages: the fixture chapters rendered with the test steps, compared byte for byte.
/// After an intended change, accept the new pages with `TUTOR_UPDATE_GOLDEN=1 swift test ...`
/// and review the diff of Tests/BookTests/Fixtures/golden.
@Suite struct PageWriterTests {
    let writer = PageWriter(bookTitle: "Test book")

    func results(_ chapter: Chapter) throws -> [CellResult] {
        let settings = RunSettings(seed: 1, data: DataSources.testing(sample: URL(fileURLWithPath: "/none"), mnist: URL(fileURLWithPath: "/none")),
                                   libraryFingerprint: "x", cache: nil)
        let run = ChapterRun(cells: try chapter.cells.map { try TestSteps.registry.resolve($0) }, settings: settings)
        var results: [CellResult] = []
        while !run.isFinished {
            let ran = try run.next()
            results.append(CellResult(resolved: ran.resolved, outputs: ran.outputs))
        }
        return results
    }

    func chapter(_ name: String) throws -> Chapter {
        try Chapter.parse(try Fixtures.text("book/\(name)"), path: "book/\(name)", fileName: name)
    }

    @Test func rendersTheKernelsChapterLikeItsGolden() throws {
        let chapter = try chapter("01-kernels.md")
        let page = try writer.chapterPage(chapter, results: try results(chapter), previous: nil,
                                          next: ChapterLink(number: 2, title: "Memory between cells", pageName: "02-memory.html"))
        try Fixtures.expectGolden(page.html, "golden/01-kernels.html")
        #expect(page.images.map(\.name) == ["kernels-1-1.pgm", "kernels-2-1.pgm", "kernels-3-1.pgm", "kernels-4-1.pgm", "kernels-4-2.pgm", "kernels-4-3.pgm"])
    }

    @Test func rendersTheMemoryChapterLikeItsGolden() throws {
        let chapter = try chapter("02-memory.md")
        let page = try writer.chapterPage(chapter, results: try results(chapter),
                                          previous: ChapterLink(number: 1, title: "Kernels & pictures", pageName: "01-kernels.html"), next: nil)
        try Fixtures.expectGolden(page.html, "golden/02-memory.html")
    }

    @Test func rendersTheContentsLikeItsGolden() throws {
        let html = writer.indexPage([ChapterLink(try chapter("01-kernels.md")),
                                     ChapterLink(number: 2, title: "Memory <between> cells", pageName: "02-memory.html")])
        try Fixtures.expectGolden(html, "golden/index.html")
    }

    @Test func showsAStepsCodeOnceAndLinksLaterCellsToIt() throws {
        let chapter = try chapter("01-kernels.md")
        let html = try writer.chapterPage(chapter, results: try results(chapter), previous: nil, next: nil).html
        let code = try TestSteps.registry.resolve(chapter.cells[0]).code
        let firstLine = HTML.escape(String(code.split(separator: "\n")[0]))
        #expect(html.components(separatedBy: firstLine).count - 1 == 1)
        #expect(html.contains("<a class=\"cell-code-ref\" href=\"#cell-1\">code at cell 1</a></div>"))
    }

    @Test func foldsACellsCodeUnderItsOneLineHeadAndLeavesItsOutputsOpen() throws {
        let chapter = try chapter("01-kernels.md")
        let html = try writer.chapterPage(chapter, results: try results(chapter), previous: nil, next: nil).html
        guard let cell = html.range(of: "<section class=\"cell\" id=\"cell-1\">"),
              let end = html.range(of: "</section>", range: cell.upperBound..<html.endIndex) else {
            Issue.record("no cell 1")
            return
        }
        let section = html[cell.upperBound..<end.lowerBound]
        // The head is the fold's summary: step, arguments and the file, on one line.
        #expect(section.contains("<details class=\"cell-code\"><summary class=\"cell-head\"><a class=\"cell-anchor\" href=\"#cell-1\">1</a> "
            + "<span class=\"cell-step\">kernel</span> <span class=\"cell-arguments\" data-cell=\"1\">kernel=sobelX negate=false</span> "
            + "<span class=\"cell-code-toggle\">code: Lessons/Kernel.swift</span></summary>\n"))
        // Folded, not open; the outputs come after the fold closes, so they are always shown.
        #expect(!section.contains("<details class=\"cell-code\" open"))
        guard let foldEnd = section.range(of: "</details>\n</details>\n"), let outputs = section.range(of: "<div class=\"cell-outputs\"") else {
            Issue.record("cell 1 lacks its fold or its outputs")
            return
        }
        #expect(foldEnd.upperBound <= outputs.lowerBound)
    }

    @Test func showsEachHelperAStepCallsOnceFoldedUnderTheFirstCellThatReachesIt() throws {
        let chapter = try chapter("01-kernels.md")
        let helper = StepHelper(name: "Runs.train", fileID: "Lessons/Runs.swift", line: 4, source: "static func train() {\n    loop()\n}")
        let results = try results(chapter).map { result in
            let r = result.resolved
            return CellResult(resolved: ResolvedCell(cell: r.cell, step: r.step, arguments: r.arguments, code: r.code, source: r.source,
                                                     variations: r.variations, helpers: [helper]),
                              outputs: result.outputs)
        }
        let html = try writer.chapterPage(chapter, results: results, previous: nil, next: nil).html
        #expect(html.components(separatedBy: "<span class=\"code-line\">static func train() {</span>").count - 1 == 1)
        #expect(html.contains("<details class=\"cell-helpers\"><summary>The functions this step calls (1): Runs.train</summary>"
            + "<p class=\"helper-name\"><span class=\"cell-step\">Runs.train</span> Lessons/Runs.swift:4</p><pre class=\"code\">"))
        // A later cell of another step names it and links to where it is shown.
        let steps = Set(chapter.cells.map(\.info.step))
        #expect(steps.count > 1, "the fixture needs a second step")
        #expect(html.contains("<p class=\"helper-name\">Shown earlier on this page: <span class=\"cell-step\">Runs.train</span> at <a href=\"#cell-1\">cell 1</a>.</p>"))
    }

    /// Two overloads of one name shown at one cell are named once where a later cell points back.
    @Test func overloadsShownAtOneCellAreNamedOnceLater() throws {
        let chapter = try chapter("01-kernels.md")
        let helpers = [StepHelper(name: "Runs.train", fileID: "Lessons/Runs.swift", line: 4, source: "static func train() {}"),
                       StepHelper(name: "Runs.train", fileID: "Lessons/Runs.swift", line: 9, source: "static func train(_ n: Int) {}")]
        let results = try results(chapter).map { result in
            let r = result.resolved
            return CellResult(resolved: ResolvedCell(cell: r.cell, step: r.step, arguments: r.arguments, code: r.code, source: r.source,
                                                     variations: r.variations, helpers: helpers),
                              outputs: result.outputs)
        }
        let html = try writer.chapterPage(chapter, results: results, previous: nil, next: nil).html
        #expect(html.contains("<p class=\"helper-name\">Shown earlier on this page: <span class=\"cell-step\">Runs.train</span> at <a href=\"#cell-1\">cell 1</a>.</p>"),
                "\(html.components(separatedBy: "Shown earlier").dropFirst().first?.prefix(300) ?? "none")")
    }

    @Test func putsTheComputationFirstAndFoldsTheDeclaration() throws {
        let chapter = try chapter("01-kernels.md")
        let html = try writer.chapterPage(chapter, results: try results(chapter), previous: nil, next: nil).html
        guard let cell = html.range(of: "<section class=\"cell\" id=\"cell-1\">"),
              let body = html.range(of: "<span class=\"code-line\">// ...</span>", range: cell.upperBound..<html.endIndex),
              let fold = html.range(of: "<details class=\"cell-declaration\">", range: cell.upperBound..<html.endIndex),
              let declaration = html.range(of: "StepDefinition(&quot;kernel&quot;", range: cell.upperBound..<html.endIndex) else {
            Issue.record("cell 1 lacks its computation or its folded declaration")
            return
        }
        #expect(body.lowerBound < fold.lowerBound && fold.lowerBound < declaration.lowerBound)
        #expect(!html[cell.upperBound..<fold.lowerBound].contains("StepDefinition("))
    }

    @Test func givesHeadingsAnchorsThatTheContentsPageLinksTo() throws {
        let chapter = try chapter("01-kernels.md")
        let page = try writer.chapterPage(chapter, results: try results(chapter), previous: nil, next: nil).html
        let contents = writer.indexPage([ChapterLink(chapter)])
        #expect(chapter.sections.map(\.anchor) == ["the-sobel-kernel", "pictures-and-charts"])
        #expect(ChapterLink(chapter).sections.map(\.html) == ["The Sobel kernel", "Pictures and charts"])
        for section in chapter.sections {
            #expect(page.contains("<h2 id=\"\(section.anchor)\">"))
            #expect(page.contains("<a class=\"heading-anchor\" href=\"#\(section.anchor)\""))
            #expect(contents.contains("<a href=\"01-kernels.html#\(section.anchor)\">\(InlineHTML.html(section.content))</a>"))
        }
    }

    @Test func pagesHaveNoScriptAndNothingExternal() throws {
        let chapter = try chapter("01-kernels.md")
        let html = try writer.chapterPage(chapter, results: try results(chapter), previous: nil, next: nil).html
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        #expect(!html.contains("https://"))
        #expect(!Stylesheet.css.contains("url("))
        #expect(!Stylesheet.css.contains("@import"))
    }

    @Test func escapesWhatStepsShow() throws {
        var outputs = OutputHTML(imagePrefix: "x-1", location: SourceLocation(path: "p", line: 1, column: 1))
        let html = try outputs.html(.text("<script>alert('x')</script>"))
        #expect(html == "<p class=\"output-text\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n")
        let table = try outputs.html(.table(Table(caption: "<c>", header: ["a&b"], rows: [["<td>"]])))
        #expect(!table.contains("<c>") && table.contains("a&amp;b") && table.contains("&lt;td&gt;"))
    }

    @Test func reportsBadMathFromAStepAtTheCell() {
        var outputs = OutputHTML(imagePrefix: "x-1", location: SourceLocation(path: "p.md", line: 4, column: 1))
        #expect { try outputs.html(.math("\\nope")) } throws: { ($0 as! Diagnostic).description.hasPrefix("p.md:4:1: error: the step showed math") }
    }

    @Test func drawsImagesAsOnePathPerGreyLevel() {
        let svg = GrayImageSVG.svg(GrayImage(width: 3, height: 2, pixels: [0, 0, 255, 255, 255, 255]))
        #expect(svg.contains("<path fill=\"#000000\" d=\"M0 0h2v1h-2z\"/>"))
        #expect(svg.contains("<path fill=\"#ffffff\" d=\"M2 0h1v1h-1zM0 1h3v1h-3z\"/>"))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
    }

    @Test func printsKernelValuesWithATrueMinus() {
        let svg = HeatmapSVG.svg(Heatmap(width: 3, height: 1, values: [-1, 0, 0.5]))
        #expect(svg.contains(">−1.00</text>") && svg.contains(">0.50</text>"))
    }

    @Test func choosesNiceTicks() {
        let axis = Axis(covering: [0.03, 2.31])
        #expect(axis.ticks == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(axis.label(0.5) == "0.5")
    }
}
