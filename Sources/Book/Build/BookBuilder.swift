import Foundation
import Hashing

/// Where a build reads and writes, and how.
public struct BuildOptions: Sendable {
    public var chapters: URL
    /// How diagnostics name the chapters directory (`chapters`).
    public var chaptersDisplayPath: String
    public var output: URL
    /// How messages name the output folder (`output`, or what `--out` was given).
    public var outputDisplayPath: String
    public var data: DataSources
    /// Read saved results (`--no-cache` turns this off; results are still saved).
    public var useCache: Bool
    public var cacheDirectory: URL
    /// The seed of chapters whose front matter names none.
    public var seed: UInt64
    public var bookTitle: String
    /// Compute the variants the chapters offer (`vary-NAME=`). Off, every page shows the
    /// chapter's own values with no controls: for tests that sweep the cells' own behaviour.
    public var explore = true

    public static let defaultSeed: UInt64 = 1
    /// The title of a book whose app names none.
    public static let defaultTitle = "A book"

    public init(chapters: URL, chaptersDisplayPath: String? = nil, output: URL, outputDisplayPath: String? = nil, data: DataSources,
                useCache: Bool = true, cacheDirectory: URL? = nil, seed: UInt64 = BuildOptions.defaultSeed,
                bookTitle: String = BuildOptions.defaultTitle) {
        self.chapters = chapters
        self.chaptersDisplayPath = chaptersDisplayPath ?? chapters.path
        self.output = output
        self.outputDisplayPath = outputDisplayPath ?? output.path
        self.data = data
        self.useCache = useCache
        self.cacheDirectory = cacheDirectory ?? output.appendingPathComponent(".cache")
        self.seed = seed
        self.bookTitle = bookTitle
    }
}

/// Builds the book: loads the chapters, runs their cells through the cache, writes the pages.
///
/// Problems found before anything runs leave the output folder exactly as it was: an output
/// folder that is dangerous or not a folder (`OutputFolder`), a chapter that cannot be loaded,
/// a data folder that is not where the chapters need it.
///
/// A chapter that fails later (a bad cell, a step that throws) is reported and its existing page
/// is left as it was; the other chapters are still built. The contents and the previous/next links
/// name only chapters that have a page, so the book never links to a missing file. Every file is
/// written atomically.
public struct BookBuilder: Sendable {
    public let registry: StepRegistry
    public let options: BuildOptions

    public init(registry: StepRegistry, options: BuildOptions) {
        self.registry = registry
        self.options = options
    }

    /// What a stop (Ctrl-C, SIGTERM) says of the book on its way out, for a command-line build:
    /// pages are written whole and a stop while they are written waits for the last, so the
    /// book is as this build or an earlier one left it; cells finished so far are in the cache.
    public func sayWhatAStopLeaves() {
        UnfinishedWrites.sayOnStop("tutor: stopped. Each page in \(Excerpt.of(options.outputDisplayPath, maximumLength: 200)) is whole, "
                                   + "as this build or an earlier one wrote it; the cells computed so far are saved, and the next "
                                   + "build starts from them.")
    }

    public func build(report: @escaping @Sendable (BuildEvent) -> Void = { _ in }) -> BuildSummary {
        let started = Date()
        var summary = BuildSummary()
        func diagnose(_ diagnostic: Diagnostic) {
            summary.diagnostics.append(diagnostic)
            report(.diagnostic(diagnostic))
        }

        func stopBeforeRunning() -> BuildSummary {
            summary.stoppedBeforeRunning = true
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }

        do {
            try OutputFolder.check(options)
        } catch {
            diagnose(error)
            return stopBeforeRunning()
        }
        let loaded = ChapterDirectory.load(options.chapters, displayPath: options.chaptersDisplayPath)
        loaded.diagnostics.forEach(diagnose)
        summary.chaptersFailed += Set(loaded.diagnostics.map(\.location.path)).count
        // A problem of the folder (no chapters, a badly named file, a number used twice) leaves the
        // book's contents unknown: writing now would drop a chapter from the contents page and its
        // neighbours' links. Nothing is written until it is fixed. A well-named chapter whose
        // file does not load fails as any chapter does (`ChapterDirectory.unloaded`): it keeps
        // its last page and its place in the contents, and the others are built.
        guard loaded.bookProblems.isEmpty, !loaded.chapters.isEmpty else { return stopBeforeRunning() }
        // A missing data folder would fail every chapter that reads it, one cell in: a setup
        // problem, not a chapter's, so say it once per chapter and build nothing.
        let missingData = DataFolderCheck.problems(in: loaded.chapters, registry: registry, data: options.data)
        guard missingData.isEmpty else {
            missingData.forEach(diagnose)
            summary.chaptersFailed += Set(missingData.map(\.location.path)).count
            return stopBeforeRunning()
        }
        // Every chapter refused as written (a bad parameter, a cell before the one that makes what
        // it needs): nothing would be built, so nothing is made, not even the cache folder.
        let files = loaded.chapters.map { ChapterFiles.find(in: $0, chaptersFolder: options.chapters) }
        // The contents as last written: a chapter that fails keeps its entry there, with its page.
        let contentsFile = CacheFolder(directory: options.cacheDirectory).contents
        let recorded = try? Data(contentsOf: contentsFile)
        let decoded = recorded.flatMap { try? JSONDecoder().decode([ChapterLink].self, from: $0) }
        if recorded != nil && decoded == nil {
            diagnose(Diagnostic(SourceLocation(path: contentsFile.path, line: 1, column: 1), "the record of the contents does not read: a chapter that fails now "
                                    + "loses its place in the contents until it builds again", severity: .warning))
        }
        let shown = decoded ?? []
        // A chapter that did not load is linked to its kept page, if it has one (a page of the book's
        // and its entry in the contents); a link to one without would be dead.
        let kept = loaded.unloaded.filter { file in
            keptPage(file.pageName) && shown.contains { $0.pageName == file.pageName }
        }
        let keptNames = Set(kept.map(\.fileName)), pageless = Set(loaded.unloaded.map(\.fileName)).subtracting(keptNames)
        let blocked = loaded.chapters.indices.map { position in
            let chapter = loaded.chapters[position]
            return (BookCheck.blockingProblems(in: chapter, registry: registry)
                + LinkCheck.problems(in: chapter, book: loaded.chapters, alsoChapters: keptNames, withoutPage: pageless)
                + files[position].problems.filter { $0.severity == .error }).inLineOrder
        }
        // A blocked chapter is not drawn, so the warnings drawing gives (left-out addresses, code
        // that differs from its step's) are said with its errors, as `tutor check` says them all.
        func blockedWithWarnings(_ position: Int) -> [Diagnostic] {
            let chapter = loaded.chapters[position]
            return (blocked[position] + LinkCheck.droppedAddresses(in: chapter)
                    + (registry.drifts(in: chapter) + registry.untaggedCells(in: chapter)).map(\.asWarning)).inLineOrder
        }
        if !blocked.isEmpty && blocked.allSatisfy({ !$0.isEmpty }) {
            blocked.indices.flatMap(blockedWithWarnings).forEach(diagnose)
            summary.chaptersFailed += blocked.count
            return stopBeforeRunning()
        }
        // One cache for the whole build, so it knows every entry the build used when pruning.
        let cache = CellCache(directory: options.cacheDirectory)
        let lock: OutputLock
        do {
            // Before anything in the folder is touched: another build's unfinished files are not leftovers.
            lock = try OutputLock(output: options.output, displayPath: options.outputDisplayPath)
            // Writable too: a cache folder that cannot be written would drop every result in silence.
            try cache.prepareForWriting()
        } catch {
            diagnose(error)
            return stopBeforeRunning()
        }
        defer { withExtendedLifetime(lock) {} }  // held until the build returns
        for directory in [options.output, options.output.appendingPathComponent("images")] {
            AtomicFile.removeLeftovers(in: directory)
        }
        let links = loaded.chapters.map(ChapterLink.init)
        let writer = PageWriter(bookTitle: options.bookTitle)

        // First run every chapter (and render it once, so an output that cannot be drawn fails
        // its chapter here); then link only to pages that will exist, built now or before.
        var built: [Int: PageWriter.ChapterContent] = [:]
        for (position, chapter) in loaded.chapters.enumerated() {
            report(.chapterStarted(links[position], position: position + 1, count: loaded.chapters.count))
            // Refused as written: none of its cells runs (the others' chapters still build).
            guard blocked[position].isEmpty else {
                blockedWithWarnings(position).forEach(diagnose)
                summary.chaptersFailed += 1
                continue
            }
            // Built without them, but said: a link or a picture the page leaves out, a cell
            // without `step=` shown as code.
            (LinkCheck.droppedAddresses(in: chapter) + registry.untaggedCells(in: chapter).map(\.asWarning)
                + files[position].problems.filter { $0.severity == .warning }).inLineOrder.forEach(diagnose)
            do {
                built[position] = try draw(chapter, link: links[position], cache: cache, writer: writer, summary: &summary, report: report)
                summary.chaptersBuilt += 1
            } catch let error as Diagnostic {
                diagnose(error)
                summary.chaptersFailed += 1
            } catch let error as Diagnostics {
                error.all.forEach(diagnose)
                summary.chaptersFailed += 1
            } catch {
                diagnose(Diagnostic(file: chapter.path, "\(error)"))
                summary.chaptersFailed += 1
            }
        }

        // What is known to stand in the way of a write (a folder where a page goes) is found
        // before the first page is written, so that the book is not left half old, half new.
        let targets = links.map(\.pageName) + ["index.html", "style.css"]
        // A page of someone's own where a chapter's page goes (a new chapter `02-new.md` beside
        // their `02-new.html`) carries no mark of the book's: theirs, never replaced.
        // A symbolic link there is someone's too: the book never makes one, and writing the page
        // would replace the link (nothing is written through it).
        func unmarkedPage(_ name: String) -> String? {
            let url = options.output.appendingPathComponent(name)
            var status = stat()
            guard lstat(url.path, &status) == 0 else { return nil }
            if status.st_mode & S_IFMT == S_IFLNK {
                return "\(url.path) is a symbolic link, which the book never makes, where its \(name) goes; move it away"
            }
            guard name != "style.css", status.st_mode & S_IFMT == S_IFREG, !OutputFolder.startsWithGeneratorMark(url) else { return nil }
            return "\(url.path) is a page the book did not write (it carries no mark of tutor's); move it away"
        }
        if let problem = targets.lazy.compactMap({ OutputFolder.replaceProblem(self.options.output.appendingPathComponent($0)) ?? unmarkedPage($0) }).first {
            diagnose(Diagnostic(OutputFolder.location(options.outputDisplayPath), "cannot write the book: \(problem)"))
            // No chapter failed: the cells ran (their results are saved), and no page was written.
            summary.stoppedBeforeWriting = true
            summary.chaptersBuilt = 0
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }
        // A chapter that failed keeps the page it had, if any, and its entry in the contents as
        // it was (its new title or summary would sit beside its old page); the others are written
        // (a teacher without the data one chapter reads still gets every other chapter).
        let available = loaded.chapters.indices.filter { position in built[position] != nil || keptPage(links[position].pageName) }
        // The contents in chapter order: the chapters built or kept, and those that did not load
        // but have a page from before, under the entry that page was listed with.
        var slots: [(link: ChapterLink, position: Int?)] = available.map { position in
            (built[position] != nil ? links[position] : shown.first { $0.pageName == links[position].pageName } ?? links[position], position)
        }
        for file in kept {
            if let entry = shown.first(where: { $0.pageName == file.pageName }) { slots.append((entry, nil)) }
        }
        slots.sort { $0.link.number < $1.link.number }
        let entries = slots.map(\.link)
        // From the first page written to the last, a stop (Ctrl-C, SIGTERM) waits: the book is left
        // whole, every page of this build or of the one before, never half old, half new.
        UnfinishedWrites.deferringStops {
            // The files earlier builds copied, and those this one does (`CopiedFileRecord`).
            let copiedRecord = CopiedFileRecord(file: CacheFolder(directory: options.cacheDirectory).copiedFiles, output: options.output)
            let recordedCopies = copiedRecord.load()
            var copiedNow: [String: String] = [:]
            // The pages this build writes; the contents' others are kept from an earlier one.
            var written: Set<String> = []
            for (n, slot) in slots.enumerated() {
                guard let position = slot.position, let content = built[position] else { continue }
                let chapter = loaded.chapters[position]
                do throws(ChapterFiles.CopyFailure) {
                    // Its pictures and linked files first: a page written without them would show holes.
                    copiedNow.merge(try ChapterFiles.copy(files[position].files, into: options.output, shownAs: options.outputDisplayPath,
                                                          owned: recordedCopies.merging(copiedNow) { $1 })) { $1 }
                } catch {
                    diagnose(Diagnostic(error.location, error.description))
                    summary.chaptersBuilt -= 1
                    summary.chaptersFailed += 1
                    continue
                }
                do {
                    let page = try writer.chapterPage(content,
                                                      previous: n > 0 ? entries[n - 1] : nil,
                                                      next: n + 1 < entries.count ? entries[n + 1] : nil)
                    try write(page, for: chapter)
                    written.insert(slot.link.pageName)
                } catch {
                    diagnose(Diagnostic(file: chapter.path, "cannot write the page: \(error)"))
                    summary.chaptersBuilt -= 1
                    summary.chaptersFailed += 1
                }
            }
            // A failed chapter's page from an earlier build is left as it was (a failed build
            // changes no file of its chapter), but said to be out of date: the book now mixes
            // pages of two builds, and that one may show other numbers, or link to a section a
            // chapter built now no longer has.
            for name in slots.map(\.link.pageName) where !written.contains(name) && keptPage(name) {
                let shownPath = (options.outputDisplayPath as NSString).appendingPathComponent(name)
                diagnose(Diagnostic(SourceLocation(path: shownPath, line: 0, column: 0), "kept from an earlier build, since its chapter "
                                    + "failed: out of date until the chapter builds again", severity: .warning))
            }

            // A contents page listing no chapter would only hide that every chapter failed.
            guard !entries.isEmpty else { return }
            do {
                // Both are written only when they change.
                try writeIfChanged(Stylesheet.css, to: options.output.appendingPathComponent("style.css"))
                try writeIfChanged(writer.indexPage(entries), to: options.output.appendingPathComponent("index.html"))
                summary.wrotePages = summary.chaptersBuilt > 0
                // Written when it changes; losing it costs only a failed chapter's old entry at the next failure.
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                if let record = try? encoder.encode(entries), record != recorded {
                    try? AtomicFile.write(record, to: contentsFile)
                }
            } catch {
                diagnose(Diagnostic(folder: options.outputDisplayPath, "cannot write the contents page: \(error)"))
            }
            // Every chapter ran, so an entry this build did not use belongs to no chapter any more,
            // and a page this build did not write, to no chapter either (one renamed or deleted);
            // a copied file no chapter names, neither. Otherwise the files of the chapters that
            // failed are still their old pages', and stay recorded.
            let named = Set(files.flatMap { $0.files.map(\.path) })
            if summary.succeeded {
                cache.prune()
                removePages(otherThan: loaded.chapters)
                copiedRecord.remove(recordedCopies.filter { !named.contains($0.key) }, keeping: named)
                copiedRecord.save(copiedNow, previous: recordedCopies)
            } else {
                copiedRecord.save(recordedCopies.merging(copiedNow) { $1 }, previous: recordedCopies)
            }
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Resolves and runs one chapter's cells, then the variants its page offers; throws every
    /// resolution error, or the first failure.
    /// Resolves, runs and draws one chapter; throws every resolution error, or the first failure.
    ///
    /// When the chapter's text, every cell's key and the sources are as when it was last drawn,
    /// the drawn chapter comes from the cache whole (`CellCache.PageEntry`): nothing is read
    /// cell by cell and nothing is drawn.
    private func draw(_ chapter: Chapter, link: ChapterLink, cache: CellCache, writer: PageWriter, summary: inout BuildSummary,
                      report: @escaping @Sendable (BuildEvent) -> Void) throws -> PageWriter.ChapterContent {
        let resolved = try resolve(chapter, summary: &summary, report: report)
        let settings = RunSettings(seed: chapter.options.seed ?? options.seed, data: options.data,
                                   registry: registry, cache: cache, readCache: options.useCache)
        // One run per chapter: its keys name the drawn page, and it runs the cells on a miss.
        let chapterRun = ChapterRun(cells: resolved, settings: settings)
        let keys = chapterRun.keys
        let pageKey = SHA256.hex((["tutor-page 1", chapter.path, chapter.sourceDigest, registry.fingerprint, writer.bookTitle,
                                   "explore \(options.explore)"] + keys)
            .joined(separator: "\n"))
        // Its pictures must be this chapter's, by name: the names become files in the images
        // folder, and an entry edited by hand could name `../../anything`.
        if options.useCache, let entry = cache.page(pageKey), entry.images.keys.allSatisfy({ Self.isImage($0, ofChapter: chapter.slug) }) {
            summary.cellsCached += entry.cells
            summary.variantsCached += entry.variants
            return PageWriter.ChapterContent(chapter: chapter, body: entry.body, explorable: entry.explorable,
                                             images: entry.images.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                             bytesByCell: entry.bytesByCell)
        }
        let (content, entries, states) = try cache.recording { () throws -> (PageWriter.ChapterContent, Int) in
            let (results, exploration) = try run(chapterRun, link: link, summary: &summary, report: report)
            return (try writer.chapterContent(chapter, results: results, exploration: exploration),
                    exploration.variantsRun + exploration.variantsCached)
        }
        // A page that cannot be saved costs time next build, not correctness now.
        try? cache.storePage(CellCache.PageEntry(
            key: pageKey, body: content.0.body, explorable: content.0.explorable,
            images: Dictionary(content.0.images.map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a }),
            bytesByCell: content.0.bytesByCell, cells: resolved.count, variants: content.1, entries: entries, states: states))
        return content.0
    }

    private func resolve(_ chapter: Chapter, summary: inout BuildSummary, report: @escaping @Sendable (BuildEvent) -> Void) throws(Diagnostics) -> [ResolvedCell] {
        var resolved: [ResolvedCell] = []
        var problems: [Diagnostic] = []
        for cell in chapter.cells {
            do {
                let cell = try registry.resolve(cell)
                if let drift = registry.drift(of: cell)?.asWarning {
                    // Recorded on `summary` directly: it is borrowed for the whole of this call.
                    summary.diagnostics.append(drift)
                    report(.diagnostic(drift))
                }
                resolved.append(cell)
            } catch {
                problems += error.all
            }
        }
        // A cell that needs what no earlier cell makes fails the chapter now, with every other
        // such cell, rather than one at a time after the cells before it have run.
        problems += BookCheck.orderProblems(in: chapter, registry: registry)
        if !problems.isEmpty { throw Diagnostics(problems.inLineOrder) }
        return resolved
    }

    /// Runs a chapter's cells through the cache, then the variants its page offers.
    private func run(_ chapterRun: ChapterRun, link: ChapterLink, summary: inout BuildSummary,
                     report: @escaping @Sendable (BuildEvent) -> Void) throws -> ([CellResult], ChapterExploration) {
        let (resolved, settings) = (chapterRun.cells, chapterRun.settings)
        var results: [CellResult] = []
        while !chapterRun.isFinished {
            let cell = resolved[chapterRun.position]
            report(.cellStarted(link, index: cell.cell.index, count: resolved.count, step: cell.step.name))
            let ran = try chapterRun.next { report(.stepProgress($0)) }
            if ran.cached { summary.cellsCached += 1 } else { summary.cellsRun += 1 }
            report(.cellFinished(link, index: cell.cell.index, cached: ran.cached))
            results.append(CellResult(resolved: ran.resolved, outputs: ran.outputs))
        }
        guard options.explore else { return (results, .none) }
        if resolved.contains(where: { !$0.variations.isEmpty }) { report(.stepProgress("the variants the page offers")) }
        let exploration = try ExplorationRun(cells: resolved, ownOutputs: results.map(\.outputs), settings: settings) {
            report(.stepProgress($0))
        }.run()
        summary.variantsRun += exploration.variantsRun
        summary.variantsCached += exploration.variantsCached
        return (results, exploration)
    }

    private func writeIfChanged(_ text: String, to url: URL) throws {
        if (try? String(contentsOf: url, encoding: .utf8)) != text { try AtomicFile.write(text, to: url) }
    }

    /// Removes the pages, and their images, of chapters no longer in the book: only pages an
    /// earlier build wrote (`NN-slug.html` carrying `OutputFolder.generatorMark`), so that a
    /// renamed or deleted chapter does not stay on the published site, unlinked and out of date.
    /// Whether the output folder holds a page of the book's named `name` (a plain file it wrote,
    /// not a folder or a link someone put there): what a chapter that fails keeps.
    private func keptPage(_ name: String) -> Bool {
        let url = options.output.appendingPathComponent(name)
        var status = stat()
        return lstat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && OutputFolder.startsWithGeneratorMark(url)
    }

    private func removePages(otherThan chapters: [Chapter]) {
        let manager = FileManager.default
        let pages = Set(chapters.map(\.pageName)), slugs = Set(chapters.map(\.slug))
        for name in (try? manager.contentsOfDirectory(atPath: options.output.path)) ?? [] where !pages.contains(name) {
            // A chapter's page is named as its file, `.html` for `.md`.
            guard name.hasSuffix(".html"), let (_, slug) = ChapterFileName.parse(name.dropLast(".html".count) + ".md") else { continue }
            let url = options.output.appendingPathComponent(name)
            guard OutputFolder.startsWithGeneratorMark(url) else { continue }
            try? manager.removeItem(at: url)
            // A chapter only renumbered keeps its slug, and its images are its own page's.
            if !slugs.contains(slug) { removeImages(ofChapter: slug, keeping: []) }
        }
    }

    /// Removes the images of chapter `slug` that are not in `kept` (see `isImage(_:ofChapter:)`).
    private func removeImages(ofChapter slug: String, keeping kept: Set<String>) {
        let images = options.output.appendingPathComponent("images")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: images.path)) ?? []
        where !kept.contains(name) && Self.isImage(name, ofChapter: slug) {
            try? FileManager.default.removeItem(at: images.appendingPathComponent(name))
        }
    }

    /// Whether the image file `name` belongs to chapter `slug`: <slug>-<cell>-<n>.pgm, or
    /// <slug>-<cell>-v<variant>-<n>.pgm, with numbers for cell, variant and n.
    ///
    /// The form decides it even where one slug begins with another and a hyphen: chapter `a-1`'s
    /// `a-1-2-3.pgm` reads, after `a-`, as three parts whose middle one has no `v`, so it is
    /// not chapter `a`'s; and chapter `a`'s `a-1-v2-3.pgm` reads, after `a-1-`, as two parts
    /// that are not both numbers, so it is not chapter `a-1`'s.
    static func isImage(_ name: String, ofChapter slug: String) -> Bool {
        guard name.hasPrefix(slug + "-"), name.hasSuffix(".pgm") else { return false }
        let parts = name.dropFirst(slug.count + 1).dropLast(4).split(separator: "-", omittingEmptySubsequences: false)
        func number(_ part: Substring) -> Bool { !part.isEmpty && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) }
        switch parts.count {
        case 2: return number(parts[0]) && number(parts[1])
        case 3: return number(parts[0]) && parts[1].first == "v" && number(parts[1].dropFirst()) && number(parts[2])
        default: return false
        }
    }

    /// Writes a chapter's images, then its page, and removes images an earlier build of the
    /// chapter made that this one no longer does.
    ///
    /// If a write fails (a full disk, a page that may not be replaced), the images are put back
    /// as they were: those this call created are removed (no page shows them, and on a full disk
    /// they would hold the space the next build needs), and those it changed get their old bytes
    /// back, so that the old page, still there, shows its own pictures.
    private func write(_ page: RenderedPage, for chapter: Chapter) throws {
        let images = options.output.appendingPathComponent("images")
        var created: [URL] = [], replaced: [(URL, Data)] = []
        do {
            for image in page.images {
                let url = images.appendingPathComponent(image.name)
                // Unchanged images are left alone: a cached rebuild then writes almost nothing.
                // (Read only if a file: a link is replaced, never read, nor put back as a copy.)
                var status = stat()
                let existing = lstat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG ? try? Data(contentsOf: url) : nil
                if existing != image.data {
                    try AtomicFile.write(image.data, to: url)
                    if let existing { replaced.append((url, existing)) } else { created.append(url) }
                }
            }
            let pageURL = options.output.appendingPathComponent(chapter.pageName)
            try writeIfChanged(page.html, to: pageURL)
        } catch {
            for url in created { try? FileManager.default.removeItem(at: url) }
            for (url, old) in replaced { try? AtomicFile.write(old, to: url) }
            throw error
        }
        removeImages(ofChapter: chapter.slug, keeping: Set(page.images.map(\.name)))
    }
}
