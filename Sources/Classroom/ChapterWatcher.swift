import Book
import Foundation
import ServiceLifecycle

/// Looks at the chapters folder a few times a second and, when a chapter file changes (or a
/// picture or file a chapter shows or links), reloads the book and tells the open pages which
/// ones changed. Also compares the course's step files
/// on disk with the code this binary runs, and says so when a teacher has edited one: the
/// server cannot use new Swift without a rebuild.
///
/// Polling (by name, size and modification time) rather than inotify: it works the same on every
/// system and in every editor, whether it saves in place or by renaming a new file over the old.
final class ChapterWatcher: Service, @unchecked Sendable {  // `seen`, `stepsSeen` used by `run` only
    let book: ServedBook
    let hub: EventHub
    private var seen: [String: String] = [:]
    /// Path -> size and time of each file the chapters show or link (nil until first looked at).
    private var filesSeen: [String: String]?
    private var stepsSeen: [String: String] = [:]
    /// `#fileID` -> path of each step file whose text on disk is not the code this binary runs.
    private var edited: [String: String] = [:]
    private var stepFiles: [String: URL]? = nil
    /// The settings file's bytes when the server started (nil: none), its stamp when last looked
    /// at, and what the notice says of it now (empty while it is as it was).
    private let settingsAtStart: Data?
    private var settingsSeen: String
    private var settingsNotice = ""
    /// What the notice says of the step files (empty while none was edited).
    private var stepsNotice = ""

    init(book: ServedBook, hub: EventHub) {
        self.book = book
        self.hub = hub
        seen = Self.listing(book.options.chapters)
        let settings = book.options.chapters.appendingPathComponent(BookSettings.fileName)
        settingsAtStart = try? Data(contentsOf: settings)
        settingsSeen = Self.stamp(settings)
    }

    func run() async throws {
        // On Ctrl-C this service stops first: it ends every page's event stream and every run
        // between cells, so the HTTP server after it has nothing left to wait for.
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await Task.sleep(for: book.options.pollInterval)
                check()
            }
        } onGracefulShutdown: {
            self.hub.stop()
        }
        hub.stop()
    }

    /// One look at the folder (and the step files); public to the module for tests.
    func check() {
        let now = Self.listing(book.options.chapters)
        let files = Self.stamps(book.watchedFiles)
        if now != seen || (filesSeen != nil && files != filesSeen) {
            seen = now
            for page in book.reload() { hub.publish(.changed(page: page)) }
            filesSeen = Self.stamps(book.watchedFiles)
        } else if filesSeen == nil {
            filesSeen = files
        }
        let notices = (stepsNotice, settingsNotice)
        checkSteps()
        checkSettings()
        if (stepsNotice, settingsNotice) != notices {
            hub.publish(.steps(message: [stepsNotice, settingsNotice].filter { !$0.isEmpty }.joined(separator: " ")))
        }
    }

    /// The book's settings (title, seed, sample, data) are read once, at the start: said on every
    /// page when `book.toml` changes, with its first error if it has one, rather than serving
    /// the old settings without a word.
    private func checkSettings() {
        let url = book.options.chapters.appendingPathComponent(BookSettings.fileName)
        let stamp = Self.stamp(url)
        guard stamp != settingsSeen else { return }
        settingsSeen = stamp
        guard (try? Data(contentsOf: url)) != settingsAtStart else {
            settingsNotice = ""
            return
        }
        let path = (book.options.chaptersDisplayPath as NSString).appendingPathComponent(BookSettings.fileName)
        var problem = "", errors: [Diagnostic] = []
        do {
            _ = try BookSettings.load(chapters: book.options.chapters, chaptersDisplayPath: book.options.chaptersDisplayPath)
        } catch {
            errors = error.all
            problem = error.all.first.map { " It now has an error: \($0.description)" } ?? ""
        }
        let exists = FileManager.default.fileExists(atPath: url.path)
        let change = !exists ? "was deleted" : settingsAtStart == nil ? "was created" : "changed on disk"
        let consequence = "its settings (title, seed, sample, data) are read when tutor serve "
            + "starts, so start it again to use \(exists ? "them" : "the defaults"). Until then the pages use the settings it started with."
        settingsNotice = "\(path) \(change): \(consequence)\(problem)"
        // Said on the teacher's terminal too, as a chapter's problems are: a page open without
        // its script (or none open) would show nothing.
        book.options.onBookProblems([Diagnostic(SourceLocation(path: path, line: 0, column: 0), "\(change): \(consequence)", severity: .warning)]
                                    + errors)
    }

    /// Name -> size and modification time of each chapter-looking file.
    static func listing(_ folder: URL) -> [String: String] {
        let manager = FileManager.default
        var listing: [String: String] = [:]
        for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] where name.lowercased().hasSuffix(".md") {
            guard let attributes = try? manager.attributesOfItem(atPath: folder.appendingPathComponent(name).path) else { continue }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            listing[name] = "\(size) \(time)"
        }
        return listing
    }

    /// Finds each embedded step file on disk once (`Sources/Lessons/Adam/AdamSteps.swift` for
    /// `Lessons/AdamSteps.swift`), then compares it with the embedded text whenever its size or
    /// time changes.
    private func checkSteps() {
        guard let root = book.options.stepSources else { return }
        let registry = book.options.registry
        if stepFiles == nil {
            var files: [String: URL] = [:]
            for fileID in Set(registry.steps.map(\.fileID)) {
                let parts = fileID.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                let found = FileManager.default.enumerator(at: root.appendingPathComponent(parts[0]), includingPropertiesForKeys: nil)?
                    .compactMap { $0 as? URL }.filter { $0.lastPathComponent == parts[1] } ?? []
                if found.count == 1 { files[fileID] = found[0] }
            }
            stepFiles = files
        }
        let before = edited
        for (fileID, url) in stepFiles ?? [:] {
            let stamp = Self.stamp(url)
            guard stamp != stepsSeen[fileID] else { continue }
            stepsSeen[fileID] = stamp
            if let text = try? String(contentsOf: url, encoding: .utf8), text != registry.sources[fileID] {
                edited[fileID] = url.path
            } else {
                edited[fileID] = nil
            }
        }
        guard edited != before else { return }
        if edited.isEmpty {
            stepsNotice = ""
        } else {
            let names = edited.values.sorted().joined(separator: ", ")
            stepsNotice = "The step code changed on disk (\(names)): rebuild tutor to use the new step code "
                + "(swift build -c release), then start tutor serve again. Until then the pages run the code tutor was built with."
        }
    }

    /// Path -> `stamp` of each of `urls`.
    private static func stamps(_ urls: [URL]) -> [String: String] {
        Dictionary(urls.map { ($0.path, stamp($0)) }, uniquingKeysWith: { first, _ in first })
    }

    private static func stamp(_ url: URL) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        return "\((attributes?[.size] as? NSNumber)?.int64Value ?? -1) \((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }
}
