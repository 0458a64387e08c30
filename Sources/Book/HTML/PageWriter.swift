import Foundation

/// A page and the image files it links to.
public struct RenderedPage: Sendable {
    public var html: String
    /// File names (under `images/`) and contents.
    public var images: [(name: String, data: Data)]
}

/// Writes the pages of the book: static HTML with inline SVG and MathML, one shared stylesheet,
/// no script and nothing fetched from the network, so it works from `file://` on a classroom PC.
public struct PageWriter: Sendable {
    public var bookTitle: String

    /// What a page may load and run, for the browser to enforce: the book writes no script, so
    /// none runs, whatever a chapter's raw HTML holds (`HTMLSanitizer` is the first fence, this the
    /// second); styles and images come from the book's own folder or the page itself, and nothing
    /// from the network. No `<base>`, no form posting anywhere. Set before anything it governs.
    public static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'none'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "base-uri 'none'", "form-action 'none'",
    ].joined(separator: "; ")

    public init(bookTitle: String) {
        self.bookTitle = bookTitle
    }

    /// The policy of a page that carries the explorer's script: that script, by its hash, and no other.
    static let explorablePolicy = contentSecurityPolicy.replacingOccurrences(of: "script-src 'none'", with: "script-src \(ExplorerScript.policySource)")

    /// A chapter drawn, all but its links to the chapters before and after it: drawing is most of
    /// a build's work once the cells are cached, so a build draws each chapter once and links it
    /// when it knows which pages exist.
    public struct ChapterContent: Sendable {
        let chapter: Chapter
        let body: String
        let explorable: Bool
        let images: [(name: String, data: Data)]
        let bytesByCell: [Int: Int]
    }

    /// Draws `chapter`, whose cells produced `results` (one per cell, in order), with the
    /// controls and variants of `exploration` when it has any.
    /// - Throws: an output that cannot be drawn, or a page over its budget, at its cell.
    public func chapterContent(_ chapter: Chapter, results: [CellResult], exploration: ChapterExploration = .none) throws(Diagnostic) -> ChapterContent {
        precondition(results.count == chapter.cells.count, "one result per cell")
        let drawn = OutputHTML.Drawn()
        let explorer = exploration.isEmpty ? nil : try ExplorerHTML(chapter: chapter, exploration: exploration, results: results, drawn: drawn)
        var images: [(name: String, data: Data)] = []
        var body = ""
        var sections = CellSections(writer: self)
        for segment in chapter.segments {
            switch segment {
            case .prose(let prose):
                body += try ProseHTML.html(prose, path: chapter.path)
            case .cell(let cell):
                let result = results[cell.index - 1]
                var outputs = OutputHTML(imagePrefix: "\(chapter.slug)-\(cell.index)", location: cell.location, drawn: drawn)
                var rendered = ""
                for output in result.outputs { rendered += try outputs.html(output) }
                images += outputs.images
                body += sections.section(cell, result.resolved, outputs: rendered,
                                         controls: explorer?.controls(forCell: cell.index) ?? "")
            }
        }
        if let explorer {
            body += "</main>\n" + explorer.templates + explorer.scriptHTML
            images += explorer.images
        } else {
            body += "</main>\n"
        }
        let content = ChapterContent(chapter: chapter, body: body, explorable: explorer != nil, images: images,
                                     bytesByCell: explorer?.bytesByCell ?? [:])
        // Over the budget already without its links: fail the chapter now, before other pages are written.
        _ = try chapterPage(content, previous: nil, next: nil)
        return content
    }

    /// The page of a drawn chapter, linked to the chapters before and after it.
    public func chapterPage(_ content: ChapterContent, previous: ChapterLink?, next: ChapterLink?) throws(Diagnostic) -> RenderedPage {
        let chapter = content.chapter
        let navigation = self.navigation(previous: previous, next: next)
        let html = page(title: "\(chapter.number). \(chapter.title) · \(bookTitle)",
                        policy: content.explorable ? Self.explorablePolicy : Self.contentSecurityPolicy, body: """
            <nav class="chapter-nav">\(navigation)</nav>
            <main>
            <p class="chapter-number">Chapter \(chapter.number)</p>
            \(content.body)<nav class="chapter-nav bottom">\(navigation)</nav>

            """)
        let page = RenderedPage(html: html, images: content.images)
        try Self.checkBudget(page, chapter: chapter, bytesByCell: content.bytesByCell)
        return page
    }

    /// The page of `chapter` in one call (drawn, then linked).
    public func chapterPage(_ chapter: Chapter, results: [CellResult], exploration: ChapterExploration = .none,
                            previous: ChapterLink?, next: ChapterLink?) throws(Diagnostic) -> RenderedPage {
        try chapterPage(chapterContent(chapter, results: results, exploration: exploration), previous: previous, next: next)
    }

    /// A page over `ExplorationBudget.bytesPerPage` (pictures included) is an error at the cell
    /// whose variants take the most room, or at the chapter when no cell varies.
    static func checkBudget(_ page: RenderedPage, chapter: Chapter, bytesByCell: [Int: Int]) throws(Diagnostic) {
        let total = page.html.utf8.count + page.images.reduce(0) { $0 + $1.data.count }
        guard total > ExplorationBudget.bytesPerPage else { return }
        let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        let message = "the page of this chapter would take \(megabytes(total)) with its pictures, over the budget of \(megabytes(ExplorationBudget.bytesPerPage))"
        // The largest share; of equal ones, the first cell.
        guard let (cell, bytes) = bytesByCell.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), bytes > 0,
              let located = chapter.cells.first(where: { $0.index == cell }) else {
            throw Diagnostic(file: chapter.path, message)
        }
        let varying = bytesByCell.values.filter { $0 > 0 }
        // Where this cell alone cannot bring the page under the budget, say so: the others must
        // offer fewer values too (300 cells alike once each took the blame in turn).
        guard total - bytes > ExplorationBudget.bytesPerPage else {
            throw Diagnostic(located.location, "\(message); this cell's variants take \(megabytes(bytes)): offer fewer values")
        }
        throw Diagnostic(located.location, "\(message); the variants of its \(varying.count) cells that vary take "
            + "\(megabytes(varying.reduce(0, +))), this cell's the most (\(megabytes(bytes))), and without this one the page would "
            + "still be over: offer fewer values in several cells, or split the chapter")
    }

    /// The contents page.
    public func indexPage(_ chapters: [ChapterLink]) -> String {
        page(title: bookTitle, body: """
            <main class="contents">
            \(contents(chapters))</main>

            """)
    }

    /// What the contents page's `<main>` holds: the title, and a link to each chapter with its
    /// summary and sections; `notice` (HTML) goes before the list (a live page's problems).
    func contents(_ chapters: [ChapterLink], notice: String = "") -> String {
        var items = ""
        for chapter in chapters {
            let page = HTML.escape(chapter.pageName)
            let summary = chapter.summary.isEmpty ? "" : "<p class=\"summary\">\(chapter.summary)</p>"
            var sections = ""
            if !chapter.sections.isEmpty {
                sections = "<ul class=\"sections\">" + chapter.sections.map { section in
                    "<li><a href=\"\(page)#\(HTML.escape(section.anchor))\">\(section.html)</a></li>"
                }.joined() + "</ul>"
            }
            items += "<li><a href=\"\(page)\"><span class=\"number\">\(chapter.number)</span> <bdi>\(HTML.escape(chapter.title))</bdi></a>\(summary)\(sections)</li>\n"
        }
        return """
            <h1>\(HTML.escape(bookTitle))</h1>
            <p class="lede">Every number, table and picture in this book was computed by Swift, with the book's own
            neural-network library, when the book was built.</p>
            \(notice)<ol class="chapters">
            \(items)</ol>

            """
    }

    /// A cell: one line naming the step and its arguments, which opens the step's code (shown at
    /// the step's first cell on the page; later cells link to it from their line), then the
    /// outputs. The code is folded because the outputs are what a reader follows; the line says
    /// which file holds it, so it is a click away.
    /// `first` is the cell that shows the step's code if an earlier one does; `pending` marks
    /// outputs not yet computed (a live page's script asks for them).
    fileprivate func cellSection(_ cell: Cell, _ resolved: ResolvedCell, outputs: String, codeShownAt first: Int?,
                     helperShownAt: inout [StepHelper: Int], controls: String, pending: Bool = false) -> String {
        let arguments = resolved.argumentsInDeclaredOrder.map { "\($0.name)=\($0.value.sourceText)" }.joined(separator: " ")
        let id = Chapter.cellAnchor(cell.index)
        let step = HTML.escape(resolved.step.name)
        let signature = "<a class=\"cell-anchor\" href=\"#\(id)\">\(cell.index)</a> <span class=\"cell-step\">\(step)</span> <span class=\"cell-arguments\" data-cell=\"\(cell.index)\">\(HTML.escape(arguments))</span>"
        let head: String
        if let first {
            head = "<div class=\"cell-head\">\(signature) <a class=\"cell-code-ref\" href=\"#\(Chapter.cellAnchor(first))\">code at cell \(first)</a></div>\n"
        } else {
            let file = HTML.escape(resolved.sourcePath)
            head = "<details class=\"cell-code\"><summary class=\"cell-head\">\(signature) <span class=\"cell-code-toggle\">code: \(file)</span></summary>\n\(codeBlock(resolved))"
                + helpersBlock(resolved.helpers, cell: cell.index, shownAt: &helperShownAt) + "</details>\n"
        }
        return """
            <section class="cell" id="\(id)">
            \(head)\(controls)<div class="cell-outputs\(pending ? " pending" : "")" data-cell="\(cell.index)">
            \(outputs)</div>
            </section>

            """
    }

    /// The computation, then the whole file folded: its declaration says what each parameter
    /// means, which a reader looks up rather than reads through.
    private func codeBlock(_ resolved: ResolvedCell) -> String {
        let parts = StepCode(resolved.code)
        let lines = resolved.code.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.hasDeclaration else { return CodeListing.html(lines, class: "code") }
        let file = HTML.escape(resolved.sourcePath)
        return CodeListing.html(parts.computation, class: "code")
            + "<details class=\"cell-declaration\"><summary>\(file): the whole file, with the declaration and its parameters</summary>\(CodeListing.html(lines, class: "code"))</details>\n"
    }

    /// The functions the step calls (found by the EmbedSources plugin), folded under its code:
    /// the step's own code may be one call (`Runs.train(...)`), and what it teaches is in there.
    /// Each is listed in full at the first cell of the page that reaches it, and named with a link
    /// to that cell after.
    private func helpersBlock(_ helpers: [StepHelper], cell: Int, shownAt: inout [StepHelper: Int]) -> String {
        guard !helpers.isEmpty else { return "" }
        var listings = ""
        var earlier: [String] = []
        for helper in helpers {
            let name = HTML.escape(helper.name)
            if let first = shownAt[helper] {
                // Overloads listed at one cell are named there once.
                let entry = "<span class=\"cell-step\">\(name)</span> at <a href=\"#\(Chapter.cellAnchor(first))\">cell \(first)</a>"
                if !earlier.contains(entry) { earlier.append(entry) }
                continue
            }
            shownAt[helper] = cell
            listings += "<p class=\"helper-name\"><span class=\"cell-step\">\(name)</span> \(HTML.escape(helper.path)):\(helper.line)</p>"
                + CodeListing.html(StepCode.dedented(helper.source.split(separator: "\n", omittingEmptySubsequences: false)), class: "code")
        }
        // Overloads share a name: the summary names each once.
        var named: Set<String> = []
        let names = helpers.map(\.name).filter { named.insert($0).inserted }
        let note = earlier.isEmpty ? "" : "<p class=\"helper-name\">Shown earlier on this page: \(earlier.joined(separator: ", ")).</p>"
        return "<details class=\"cell-helpers\"><summary>The functions this step calls (\(names.count)): \(HTML.escape(names.joined(separator: ", ")))</summary>\(listings)\(note)</details>\n"
    }

    func navigation(previous: ChapterLink?, next: ChapterLink?) -> String {
        var links = "<a class=\"contents-link\" href=\"index.html\">Contents</a>"
        if let previous {
            links += "<a rel=\"prev\" href=\"\(HTML.escape(previous.pageName))\">← \(previous.number). <bdi>\(HTML.escape(previous.title))</bdi></a>"
        }
        if let next {
            links += "<a rel=\"next\" href=\"\(HTML.escape(next.pageName))\">\(next.number). <bdi>\(HTML.escape(next.title))</bdi> →</a>"
        }
        return links
    }

    func page(title: String, policy: String = PageWriter.contentSecurityPolicy, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        \(OutputFolder.generatorMark)
        <meta http-equiv="Content-Security-Policy" content="\(policy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <link rel="stylesheet" href="style.css">
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}

/// The cells of one page, drawn in order. A step's code is shown at its first cell and later
/// cells of the step link back to it; so is each helper a step calls: the first cell that
/// reaches it shows it.
struct CellSections {
    let writer: PageWriter
    private var codeShownAt: [String: Int] = [:]
    private var helperShownAt: [StepHelper: Int] = [:]

    init(writer: PageWriter) { self.writer = writer }

    /// The section of `cell`, the next cell of the page (see `PageWriter.cellSection`).
    mutating func section(_ cell: Cell, _ resolved: ResolvedCell, outputs: String, controls: String,
                          pending: Bool = false) -> String {
        let step = resolved.step.name
        defer { if codeShownAt[step] == nil { codeShownAt[step] = cell.index } }
        return writer.cellSection(cell, resolved, outputs: outputs, codeShownAt: codeShownAt[step],
                                  helperShownAt: &helperShownAt, controls: controls, pending: pending)
    }
}
