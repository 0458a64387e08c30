import Foundation

/// Links from one chapter to another, or to a section, checked before anything runs: the book
/// turns `02-relu.md#why` into `02-relu.html#why`, so a link to a chapter file that is not in the
/// book, or to a section a chapter does not have, would be a dead link on the page with nobody told.
///
/// Links elsewhere (another site, a file beside the book) are not the book's to check.
public enum LinkCheck {
    /// `alsoChapters`: the file names of the book's chapters that did not load; a link to one is
    /// to a chapter of the book (whose sections cannot be known until it loads). `withoutPage`:
    /// those of them that have no page to link to (a build keeps none for them): a link there
    /// would be dead.
    public static func problems(in chapter: Chapter, book: [Chapter], alsoChapters: Set<String> = [],
                                withoutPage: Set<String> = []) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        // Each target's anchors, worked out once however many links point there.
        var anchorsByPath: [String: Set<String>] = [:]
        for reference in chapter.references where !reference.isImage {
            let destination = reference.destination
            let target: Chapter, fragmentWritten: String
            if destination.hasPrefix("#") {
                (target, fragmentWritten) = (chapter, String(destination.dropFirst()))
            } else if let linked = ChapterFileName.chapterLinked(by: destination) {
                // A chapter however its link is written (`./02-relu.md?x#why`, `02-relu.html`).
                if alsoChapters.contains(linked.file) { continue }
                if withoutPage.contains(linked.file) {
                    problems.append(Diagnostic(reference.location, "this links to '\(Excerpt.of(linked.file))', a chapter that does not load "
                                               + "(see its error) and has no page from an earlier build: the link would be dead until it loads"))
                    continue
                }
                guard let found = book.first(where: { fileName(of: $0) == linked.file }) else {
                    let files = book.map(fileName(of:))
                    let listed = files.count <= 12 ? "; its chapters are " + files.joined(separator: ", ") : ""
                    let file = String(destination.prefix { $0 != "#" && $0 != "?" })
                    problems.append(Diagnostic(reference.location,
                        "this links to '\(Excerpt.of(file))', which is not a chapter of this book\(listed)"))
                    continue
                }
                (target, fragmentWritten) = (found, String(linked.fragment.dropFirst()))
            } else {
                continue
            }
            let written = fragmentWritten
            let fragment = written.removingPercentEncoding ?? written
            guard !fragment.isEmpty else { continue }
            if anchorsByPath[target.path] == nil { anchorsByPath[target.path] = anchors(of: target) }
            guard anchorsByPath[target.path]?.contains(fragment) == false else { continue }
            let sections = sectionAnchors(of: target)
            let place = target.path == chapter.path ? "this chapter" : fileName(of: target)
            let listed = sections.isEmpty ? "" : "; its sections are " + sections.prefix(12).map { "#" + $0 }.joined(separator: ", ")
                + (sections.count > 12 ? ", …" : "")
            problems.append(Diagnostic(reference.location,
                "this links to '#\(Excerpt.of(fragment))' in \(place), which has no section or cell of that name\(listed)"))
        }
        return problems
    }

    /// Links and pictures whose address the page leaves out (`URLSafety`): each would be link
    /// text leading nowhere, or a picture never shown, with nobody told. `tutor build` warns of
    /// them and builds the page without them; `tutor check` counts them as problems.
    /// With them, what the page leaves out of the chapter's prose or shows otherwise than it was
    /// meant (a `<script>`, an `onclick`, HTML without `raw-html: true`, a second title).
    public static func droppedAddresses(in chapter: Chapter, severity: Diagnostic.Severity = .warning) -> [Diagnostic] {
        let addresses = chapter.references.compactMap { reference -> Diagnostic? in
            let address = URLSafety.normalized(reference.destination)
            guard !URLSafety.isAllowed(address, forImage: reference.isImage) else { return nil }
            let subject = reference.isImage ? "this picture's address" : "this link's address"
            let start = "\(subject) '\(Excerpt.of(address))' is left out of the page: "
            return Diagnostic(reference.location, start + whyDropped(address, isImage: reference.isImage), severity: severity)
        }
        let html = chapter.proseWarnings.map { warning in
            var diagnostic = warning
            diagnostic.severity = severity
            return diagnostic
        }
        return (addresses + html).inLineOrder
    }

    /// What `tutor build` would refuse or warn of in `chapter` that need not stop it being
    /// presented (`tutor run`, `tutor serve`): its dead links and left-out addresses, with the
    /// presenter's own `others`, all as warnings, in the order of the file.
    public static func presentingWarnings(in chapter: Chapter, book: [Chapter], alsoChapters: Set<String> = [],
                                          others: [Diagnostic] = []) -> [Diagnostic] {
        asWarnings(problems(in: chapter, book: book, alsoChapters: alsoChapters) + droppedAddresses(in: chapter) + others)
    }

    /// The same, and everything else `tutor build` says of the chapter without running it: its
    /// pictures and linked files that are missing or not what the book copies (`ChapterFiles`),
    /// and the cells whose code differs from their step's. One list for every presenter, so that
    /// `tutor run` and `tutor serve` warn of what the build stops on, and of nothing else.
    public static func presentingWarnings(in chapter: Chapter, book: [Chapter], alsoChapters: Set<String> = [], chaptersFolder: URL,
                                          registry: StepRegistry) -> [Diagnostic] {
        presentingWarnings(in: chapter, book: book, alsoChapters: alsoChapters,
                           others: ChapterFiles.find(in: chapter, chaptersFolder: chaptersFolder).problems + registry.drifts(in: chapter)
                                + registry.untaggedCells(in: chapter))
    }

    private static func asWarnings(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics
            .map(\.asWarning)
            .sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// Why `URLSafety` refuses `address`, and what to write instead.
    static func whyDropped(_ address: String, isImage: Bool) -> String {
        // Browsers read '\' as '/' here: `\\host` and `/\host` are `//host`.
        let slashes = address.replacingOccurrences(of: "\\", with: "/")
        let scheme = URLSafety.scheme(of: address) ?? ""
        if isImage && (slashes.hasPrefix("//") || scheme == "http" || scheme == "https") {
            return "the book shows no picture from the web (its pages' security policy blocks them, so that the book works "
                + "offline and tells no server who reads it): save the picture beside the chapter and write its path, as figures/x.png"
        }
        if slashes.hasPrefix("//") {
            return "an address beginning with '//' (or a '\\' that browsers read as '/') takes its scheme from the page, "
                + "file: for a book opened from disk; write it whole, as https:" + slashes
        }
        if slashes.hasPrefix("/") {
            return "an address beginning with '/' (or '\\', which browsers read as '/') starts at the root of wherever the "
                + "book is put (a reader's disk, a web server); write it relative to the chapter, as " + (isImage ? "figures/x.png" : "notes.pdf")
        }
        if scheme.hasPrefix("invalid:") {
            return "the part before its ':' is no scheme a browser reads (it holds a character other than a letter, a "
                + "numeral, '+', '-' or '.')"
        }
        if isImage {
            return "the book shows pictures beside the chapter, and data: pictures of "
                + URLSafety.imageDataTypes.joined(separator: ", ") + "; not '\(Excerpt.of(scheme)):' ones"
        }
        return "the book links chapters, files beside them, and http:, https: and mailto: addresses; not '\(Excerpt.of(scheme)):' ones"
    }

    /// The ids a chapter's page gives its sections and cells (`why-relu`, `cell-2`), and those its
    /// raw HTML gives its own elements (`<div id="note">`).
    static func anchors(of chapter: Chapter) -> Set<String> {
        var anchors = Set(chapter.cells.map { Chapter.cellAnchor($0.index) }).union(sectionAnchors(of: chapter))
        if chapter.options.rawHTML {
            for segment in chapter.segments {
                if case .prose(let prose) = segment { anchors.formUnion(rawHTMLIDs(in: prose.blocks)) }
            }
        }
        return anchors
    }

    /// The ids of the raw HTML in `blocks`, inline or as blocks, however deep.
    private static func rawHTMLIDs(in blocks: [ProseBlock]) -> [String] {
        func inHTML(_ inlines: [Inline]) -> [String] {
            inlines.flatMap { inline -> [String] in
                switch inline {
                case .html(let html): return HTMLSanitizer.ids(in: html)
                case .emphasis(let inner), .strong(let inner), .strikethrough(let inner): return inHTML(inner)
                case .link(let link), .image(let link): return inHTML(link.content)
                default: return []
                }
            }
        }
        return blocks.flatMap { block -> [String] in
            switch block {
            case .html(let html, _): return HTMLSanitizer.ids(in: html)
            case .heading(let heading): return inHTML(heading.content)
            case .paragraph(let inlines, _): return inHTML(inlines)
            case .list(let list): return list.items.flatMap(rawHTMLIDs)
            case .quote(let inner, _): return rawHTMLIDs(in: inner)
            case .table(let table): return (table.header + table.rows.flatMap { $0 }).flatMap(inHTML)
            default: return []
            }
        }
    }

    /// The ids of a chapter's headings, in page order.
    static func sectionAnchors(of chapter: Chapter) -> [String] {
        chapter.segments.flatMap { segment -> [String] in
            if case .prose(let prose) = segment { return prose.headings.map(\.anchor) } else { return [] }
        }
    }

    static func fileName(of chapter: Chapter) -> String {
        String(chapter.path.split(separator: "/").last ?? Substring(chapter.path))
    }
}
