import Book
import Foundation
import Hashing

/// The book as the server holds it: every chapter loaded from the chapters folder, live or
/// broken, and the pages drawn from them. Reloaded whole when a chapter file changes
/// (`ChapterWatcher`); a reader's request reads whichever version is current.
final class ServedBook: @unchecked Sendable {  // `state` guarded by `lock`
    /// A chapter page: one whose cells resolved, or one that does not load, with why.
    enum Page: Sendable {
        case live(LiveChapter, link: ChapterLink)
        case broken(title: String, problems: [Diagnostic])
    }

    struct State: Sendable {
        /// Page name -> page, in the book's order.
        var pages: [String: Page] = [:]
        var order: [String] = []
        /// Page name -> a digest of what the page is drawn from, to tell which pages a reload changed.
        var digests: [String: String] = [:]
        /// Drawn pages whose every cell was computed: they change only when their chapter does.
        var finished: [String: String] = [:]
        /// The files the chapters show or link from their own folder, by their path in the book
        /// (`figures/network.png`): the only files the server reads on a reader's request.
        var chapterFiles: [String: URL] = [:]
        /// What `tutor build` would refuse in the chapters that run, by page, as warnings: shown at
        /// the top of the chapter's page, where the teacher looks, and told to the terminal
        /// (`ClassroomOptions.onBookProblems`).
        var notices: [String: [Diagnostic]] = [:]
    }

    let options: ClassroomOptions
    let cache: CellCache
    /// What this session adds to `cache`, kept under `options.cacheLimit`.
    let budget: CacheBudget
    let images: ImageShelf
    /// Cells drawn lately, by cache key: a value many readers try, or the chapter's own, is
    /// drawn once.
    let drawnCells = DrawnCells()
    private let lock = NSLock()
    private var state = State()

    init(options: ClassroomOptions, images: ImageShelf) {
        self.options = options
        self.cache = CellCache(directory: options.cacheDirectory)
        self.budget = CacheBudget(cache: cache, limit: options.cacheLimit)
        self.images = images
    }

    /// The files the chapters show or link from their folder, there or not: the watcher looks at
    /// them too, so a picture put in place, removed or replaced changes the page's notices at once.
    var watchedFiles: [URL] { lock.withLock { Array(state.chapterFiles.values) } }

    /// Loads the chapters again and says which pages changed ("*" when chapters came or went,
    /// or a title changed: every page's navigation and the contents then change too).
    @discardableResult
    func reload() -> [String] {
        let loaded = ChapterDirectory.load(options.chapters, displayPath: options.chaptersDisplayPath)
        var fresh = State()
        var links: [String: ChapterLink] = [:]
        var problems: [Diagnostic] = []
        for chapter in loaded.chapters {
            let name = chapter.pageName
            fresh.order.append(name)
            do {
                let live = try LiveChapter(chapter, registry: options.registry)
                let link = ChapterLink(chapter)
                fresh.pages[name] = .live(live, link: link)
                links[name] = link
                for copied in ChapterFiles.referenced(in: chapter, chaptersFolder: options.chapters) {
                    fresh.chapterFiles[copied.path] = copied.file
                }
                let found = LinkCheck.presentingWarnings(in: chapter, book: loaded.chapters, alsoChapters: Set(loaded.unloaded.map(\.fileName)),
                                                         chaptersFolder: options.chapters,
                                                         registry: options.registry)
                problems += found
                if !found.isEmpty { fresh.notices[name] = found }
            } catch {
                fresh.pages[name] = .broken(title: "Chapter \(chapter.number)", problems: error.all)
            }
            // Its notices too: a picture put in place changes the page, though its chapter did not.
            fresh.digests[name] = fresh.notices[name].map { SHA256.hex(chapter.sourceDigest + $0.map(\.description).joined()) }
                ?? chapter.sourceDigest
        }
        // A chapter that does not parse has no Chapter: its page is named after its file, in the
        // contents beside the chapters that load (`tutor build` refuses to write the book until
        // it is fixed; here the rest of the book stays open meanwhile). Only a problem with the
        // folder itself (none, empty, unreadable) leaves nothing to list.
        for diagnostic in loaded.diagnostics {
            guard diagnostic.location.path != options.chaptersDisplayPath else {
                if case .broken(let title, let problems)? = fresh.pages["index.html"] {
                    fresh.pages["index.html"] = .broken(title: title, problems: problems + [diagnostic])
                } else {
                    fresh.order.append("index.html")
                    fresh.pages["index.html"] = .broken(title: "The chapters folder", problems: [diagnostic])
                }
                continue
            }
            let file = (diagnostic.location.path as NSString).lastPathComponent
            // `07-x.md` -> `07-x.html`; any other name keeps it whole (`07-x.MD.html`), so it can
            // never take the page of a chapter that loads (`07-x.md` beside `07-x.MD`).
            let name = (file.hasSuffix(".md") ? String(file.dropLast(3)) : file) + ".html"
            if case .broken(let title, let problems)? = fresh.pages[name] {
                fresh.pages[name] = .broken(title: title, problems: problems + [diagnostic])
            } else {
                fresh.order.append(name)
                fresh.pages[name] = .broken(title: String(name.dropLast(5)), problems: [diagnostic])
            }
            fresh.digests[name] = SHA256.hex(fresh.pages[name].map { "\($0)" } ?? "")
        }
        fresh.order.sort()
        lock.lock()
        let old = state
        state = fresh
        lock.unlock()
        // Said when they change, not at every reload: a class's terminal is not to scroll away.
        // The errors of the chapters that do not load too, as `tutor build` and `check` say them
        // (the page says them as well, but the teacher may be looking at another).
        func brokenProblems(_ state: State) -> [Diagnostic] {
            state.order.flatMap { name -> [Diagnostic] in
                if case .broken(_, let problems)? = state.pages[name] { return problems } else { return [] }
            }
        }
        let broken = brokenProblems(fresh)
        if fresh.notices != old.notices || broken != brokenProblems(old), !(broken + problems).isEmpty {
            options.onBookProblems(broken + problems)
        }
        let oldLinks = old.order.compactMap { name -> ChapterLink? in
            if case .live(_, let link)? = old.pages[name] { return link } else { return nil }
        }
        if oldLinks != fresh.order.compactMap({ links[$0] }) || old.order != fresh.order { return ["*"] }
        let changed = fresh.order.filter { old.digests[$0] != fresh.digests[$0] }
        // The contents list the chapters that do not load with their first problem: a change to
        // one of those changes the contents too.
        let brokenChanged = changed.contains { name in
            if case .broken? = fresh.pages[name] { return name != "index.html" } else { return false }
        }
        return brokenChanged && !changed.contains("index.html") ? changed + ["index.html"] : changed
    }

    /// The file a chapter shows or links, by its exact path in the book; nil for any other path.
    func chapterFile(_ path: String) -> URL? {
        lock.lock()
        defer { lock.unlock() }
        return state.chapterFiles[path]
    }

    /// The chapter pages, in order.
    var pageNames: [String] {
        lock.lock()
        defer { lock.unlock() }
        return state.order.filter { $0 != "index.html" }
    }

    func page(named name: String) -> Page? {
        lock.lock()
        defer { lock.unlock() }
        return state.pages[name]
    }

    /// The chapters that load, in order, for the contents and the previous/next links.
    private func links(_ state: State) -> [ChapterLink] {
        state.order.compactMap { name in
            if case .live(_, let link)? = state.pages[name] { return link } else { return nil }
        }
    }

    /// The settings a chapter's cells run with: its seed, the server's data and cache.
    func settings(for chapter: Chapter) -> RunSettings {
        RunSettings(seed: chapter.options.seed ?? options.seed, data: options.data, registry: options.registry, cache: cache)
    }

    /// The HTML of page `name`, or nil if there is no such page. A chapter page shows the outputs
    /// the cache holds for its own values; the rest the page's script asks for.
    func html(of name: String) -> String? {
        lock.lock()
        let state = self.state
        lock.unlock()
        if name == "index.html" {
            if case .broken(let title, let problems)? = state.pages[name] {
                return LivePage.brokenChapterPage(pageName: name, title: title, problems: problems, bookTitle: options.bookTitle,
                                                  advice: "Fix the chapters folder as the message says (put it back, make it "
                                                      + "readable, or add a chapter file): this page shows the book again as soon as it loads.")
            }
            let notLoading = state.order.compactMap { name -> LivePage.NotLoading? in
                guard name != "index.html", case .broken(let title, let problems)? = state.pages[name] else { return nil }
                return LivePage.NotLoading(pageName: name, title: title, problems: problems)
            }
            return LivePage.indexPage(links(state), notLoading: notLoading, bookTitle: options.bookTitle)
        }
        guard let page = state.pages[name] else { return nil }
        switch page {
        case .broken(let title, let problems):
            return LivePage.brokenChapterPage(pageName: name, title: title, problems: problems, bookTitle: options.bookTitle)
        case .live(let live, _):
            if let finished = state.finished[name] { return finished }
            let all = links(state)
            let position = all.firstIndex { $0.pageName == name }
            let previous = position.flatMap { $0 > 0 ? all[$0 - 1] : nil }
            let next = position.flatMap { $0 + 1 < all.count ? all[$0 + 1] : nil }
            let drawn = cachedOutputs(of: live)
            let html = LivePage.chapterPage(live, drawn: drawn, bookTitle: options.bookTitle, previous: previous, next: next,
                                            notices: state.notices[name] ?? [])
            if drawn.allSatisfy({ $0 != nil }) {
                lock.lock()
                // Kept only if the chapter was not reloaded meanwhile.
                if self.state.digests[name] == state.digests[name] { self.state.finished[name] = html }
                lock.unlock()
            }
            return html
        }
    }

    /// Cell `index`'s outputs drawn (or as drawn before under the same key), its pictures on the shelf.
    func draw(_ outputs: [Output], of chapter: Chapter, cell index: Int, key: String) throws(Diagnostic) -> LivePage.DrawnCell {
        let drawn: LivePage.DrawnCell
        if let earlier = drawnCells.get(key) {
            drawn = earlier
        } else {
            drawn = try LivePage.draw(outputs, of: chapter, cell: index, key: key)
            drawnCells.put(key, drawn)
        }
        // Put back on the shelf each time: it may have let the oldest pictures go.
        for image in drawn.images { images.put(image.name, image.data) }
        return drawn
    }

    /// The chapter's own outputs, drawn, as far as the cache holds them in a row from the first cell.
    private func cachedOutputs(of live: LiveChapter) -> [LivePage.DrawnCell?] {
        var drawn = [LivePage.DrawnCell?](repeating: nil, count: live.cells.count)
        let run = ChapterRun(cells: live.cells, settings: settings(for: live.chapter))
        while run.nextIsCached {
            let position = run.position
            guard let ran = try? run.next(), ran.cached,
                  let cell = try? draw(ran.outputs, of: live.chapter, cell: position + 1, key: run.keys[position]) else { break }
            budget.used(run.keys[position])
            drawn[position] = cell
        }
        return drawn
    }
}

/// Drawn cells by cache key, the most recent kept up to `capacity` bytes of HTML.
final class DrawnCells: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var cells: [String: LivePage.DrawnCell] = [:]
    private var order: [String] = []
    private var bytes = 0
    let capacity: Int

    init(capacity: Int = 32 << 20) { self.capacity = capacity }

    private static func size(_ cell: LivePage.DrawnCell) -> Int {
        cell.html.utf8.count + cell.images.reduce(0) { $0 + $1.data.count }
    }

    func get(_ key: String) -> LivePage.DrawnCell? {
        lock.lock()
        defer { lock.unlock() }
        return cells[key]
    }

    func put(_ key: String, _ cell: LivePage.DrawnCell) {
        lock.lock()
        defer { lock.unlock() }
        guard cells[key] == nil else { return }
        cells[key] = cell
        order.append(key)
        bytes += Self.size(cell)
        while bytes > capacity, !order.isEmpty {
            if let gone = cells.removeValue(forKey: order.removeFirst()) { bytes -= Self.size(gone) }
        }
    }
}
