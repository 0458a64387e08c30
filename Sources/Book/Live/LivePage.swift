import Foundation

/// The pages `tutor serve` sends: a chapter page as the book draws it, with a control for every
/// parameter of every cell and the live script (`LiveScript`), and outputs not computed yet left
/// for the script to ask for. Every reader gets the same page; a reader's own values live in the
/// address and are computed by the cell API, so nothing one reader does reaches another's page.
public enum LivePage {
    /// Scripts from the server itself (only `live.js` is served), requests back to it, nothing else.
    public static let contentSecurityPolicy = PageWriter.contentSecurityPolicy
        .replacingOccurrences(of: "script-src 'none'", with: "script-src 'self'; connect-src 'self'")

    /// A cell's outputs drawn for a live page, and the PGM files they link to.
    public struct DrawnCell: Sendable {
        public var html: String
        public var images: [(name: String, data: Data)]
    }

    /// Draws `outputs` of cell `index`, computed under cache key `key`: their PGM files are named
    /// after the key, so two readers' different pictures of one cell never share a name.
    public static func draw(_ outputs: [Output], of chapter: Chapter, cell index: Int, key: String) throws(Diagnostic) -> DrawnCell {
        let location = chapter.cells.first { $0.index == index }?.location ?? SourceLocation(path: chapter.path, line: 1, column: 1)
        var renderer = OutputHTML(imagePrefix: "\(chapter.slug)-\(index)-\(key.prefix(16))", location: location)
        var html = ""
        for output in outputs { html += try renderer.html(output) }
        return DrawnCell(html: html, images: renderer.images)
    }

    /// The page of `live`, with the outputs computed so far (`drawn[i]` for cell i + 1, nil when
    /// not yet computed: the page's script asks for those).
    ///
    /// `notices`: what `tutor build` would refuse or warn of in the chapter as it is (a picture
    /// that is not there, a dead link), listed above it for the teacher, as the terminal says them.
    public static func chapterPage(_ live: LiveChapter, drawn: [DrawnCell?], bookTitle: String,
                                   previous: ChapterLink?, next: ChapterLink?, notices: [Diagnostic] = []) -> String {
        let chapter = live.chapter
        let writer = PageWriter(bookTitle: bookTitle)
        var body = ""
        var sections = CellSections(writer: writer)
        for segment in chapter.segments {
            switch segment {
            case .prose(let prose):
                // The chapter parsed, so its prose renders: a failure here is cmark's, shown in place.
                body += (try? ProseHTML.html(prose, path: chapter.path)) ?? "<p class=\"live-error\">This part of the chapter cannot be drawn.</p>\n"
            case .cell(let cell):
                let resolved = live.cells[cell.index - 1]
                let outputs = drawn[cell.index - 1]?.html ?? pending
                body += sections.section(cell, resolved, outputs: outputs, controls: LiveControls.form(resolved),
                                         pending: drawn[cell.index - 1] == nil)
            }
        }
        let navigation = writer.navigation(previous: previous, next: next)
        return writer.page(title: "\(chapter.number). \(chapter.title) · \(bookTitle)", policy: contentSecurityPolicy, body: """
            <nav class="chapter-nav">\(navigation)</nav>
            \(banner)<main data-live-page="\(HTML.escape(chapter.pageName))" data-chapter="\(chapter.number)">
            \(noticeList(notices))<p class="chapter-number">Chapter \(chapter.number)</p>
            \(body)</main>
            <nav class="chapter-nav bottom">\(navigation)</nav>
            \(script)
            """)
    }

    /// The notices above a live chapter, each located; nothing when there are none.
    static func noticeList(_ notices: [Diagnostic]) -> String {
        guard !notices.isEmpty else { return "" }
        let items = notices.map { "<li><pre class=\"live-error\">\(HTML.escape($0.description))</pre></li>" }.joined(separator: "\n")
        return """
            <aside class="live-notices"><p>`tutor build` would not build this chapter as it is:</p>
            <ul class="live-errors">\(items)</ul></aside>

            """
    }

    /// The page of a chapter that does not load: every located problem, in place of stale content.
    /// The live script reloads it when the file changes.
    /// - Parameter advice: what to do, when the problem is not in a chapter file (the chapters folder itself).
    public static func brokenChapterPage(pageName: String, title: String, problems: [Diagnostic], bookTitle: String,
                                         advice: String = "Fix the chapter file and save it: this page shows it again as soon as it loads.") -> String {
        let writer = PageWriter(bookTitle: bookTitle)
        let list = problems.map { "<li><pre class=\"live-error\">\(HTML.escape($0.description))</pre></li>" }.joined(separator: "\n")
        return writer.page(title: "\(title) · \(bookTitle)", policy: contentSecurityPolicy, body: """
            <nav class="chapter-nav">\(writer.navigation(previous: nil, next: nil))</nav>
            \(banner)<main data-live-page="\(HTML.escape(pageName))" data-broken="true">
            <h1>\(HTML.escape(title)) does not load</h1>
            <p>\(HTML.escape(advice))</p>
            <ul class="live-errors">\(list)</ul>
            </main>
            \(script)
            """)
    }

    /// The contents page, which the live script keeps up to date too: the chapters that load,
    /// and first every chapter file that does not, with its first problem, so that a teacher
    /// who opens the contents sees it is missing and why.
    public static func indexPage(_ chapters: [ChapterLink], notLoading: [NotLoading] = [], bookTitle: String) -> String {
        var notice = ""
        if !notLoading.isEmpty {
            let items = notLoading.map { page in
                let more = page.problems.count > 1 ? " (and \(page.problems.count - 1) more on its page)" : ""
                let first = page.problems.first.map { "<pre class=\"live-error\">\(HTML.escape($0.description))</pre>" } ?? ""
                // %-escaped: a file that does not load may have any name (`07-a b.md`).
                return "<li><a href=\"\(HTML.escape(QueryEncoding.encode(page.pageName)))\">\(HTML.escape(page.title))</a> does not load\(more):\(first)</li>"
            }.joined(separator: "\n")
            notice = "<section class=\"live-not-loading\"><h2>Not in the book until fixed</h2>\n<ul class=\"live-errors\">\(items)</ul></section>\n"
        }
        let writer = PageWriter(bookTitle: bookTitle)
        return writer.page(title: bookTitle, policy: contentSecurityPolicy, body: """
            \(banner)<main class="contents" data-live-page="index.html">
            \(writer.contents(chapters, notice: notice))</main>
            \(script)
            """)
    }

    /// A chapter file that does not load, for the contents page.
    public struct NotLoading: Sendable {
        public var pageName: String
        public var title: String
        public var problems: [Diagnostic]

        public init(pageName: String, title: String, problems: [Diagnostic]) {
            (self.pageName, self.title, self.problems) = (pageName, title, problems)
        }
    }

    static let pending = "<p class=\"live-pending\">Not computed yet: with scripts on, this page asks the server for it.</p>\n"
    /// (An underscore in the id: no heading's anchor can take it.)
    static let banner = "<div id=\"live_banner\" role=\"status\" hidden></div>\n"
    static let script = "<script src=\"/live.js\"></script>\n"
}
