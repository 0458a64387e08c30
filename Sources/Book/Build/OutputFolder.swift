import Foundation

/// The folder a book is written to, checked before anything runs.
///
/// A build writes `index.html`, a page per chapter, `images/` and `.cache/` into it, and removes
/// images it no longer makes. Pointed at the wrong place (an unset variable giving `--out ''`,
/// the chapters folder, `/`, a home folder) it would scatter those among files that are not its
/// own; pointed at something that is not a folder, every cell would run before the first write
/// failed. So the folder is refused up front, with one message saying why.
public enum OutputFolder {
    /// A folder the book must not be written into.
    public struct Protected: Sendable {
        public enum Rule: Sendable {
            /// The output may be neither this folder, nor inside it, nor around it (the chapters).
            case untouchable
            /// The output may be inside this folder but neither it nor around it (a home folder).
            case notItselfOrAround
        }

        public var url: URL
        /// What it is, for the message: "the chapters folder".
        public var name: String
        public var rule: Rule

        public init(_ url: URL, name: String, rule: Rule) {
            self.url = url
            self.name = name
            self.rule = rule
        }
    }

    /// The folders a build of `options` must not write into: its chapters and data, the home
    /// folder, and the current folder when it holds chapters (`--out .` in the repository).
    public static func protectedFolders(for options: BuildOptions,
                                        environment: [String: String] = ProcessInfo.processInfo.environment,
                                        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        -> [Protected] {
        var folders = [
            Protected(options.chapters, name: "the chapters folder", rule: .untouchable),
        ] + options.data.all.map { Protected($0.folder, name: $0.folderName, rule: .untouchable) }
        if let home = environment["HOME"], !home.isEmpty {
            folders.append(Protected(URL(fileURLWithPath: home), name: "the home folder", rule: .notItselfOrAround))
        }
        if holdsChapters(currentDirectory) {
            folders.append(Protected(currentDirectory, name: "the current folder, which holds chapters", rule: .notItselfOrAround))
        }
        return folders
    }

    /// Checks the output folder of `options`.
    /// - Parameter forWriting: false when the folder is only read if it is there (`tutor run`
    ///   uses its cache): then it may be missing, or read-only.
    public static func check(_ options: BuildOptions, forWriting: Bool = true) throws(Diagnostic) {
        try check(options.output, displayPath: options.outputDisplayPath, protecting: protectedFolders(for: options),
                  forWriting: forWriting)
    }

    /// Where a message about the output folder points: the option that names it (an option has no
    /// line or column), `--out output: error: ...`.
    public static func location(_ displayPath: String) -> SourceLocation {
        SourceLocation(path: "--out " + (displayPath.isEmpty ? "''" : displayPath), line: 0, column: 0)
    }

    /// Refuses `url` (typed as `displayPath`) if it is empty, `/`, one of `protected` or too near
    /// one, or not a folder that can be written (or made, if it does not exist yet).
    public static func check(_ url: URL, displayPath: String, protecting protected: [Protected],
                             forWriting: Bool = true) throws(Diagnostic) {
        func refused(_ message: String) -> Diagnostic { Diagnostic(location(displayPath), message) }
        let advice = "; name a folder of the book's own, such as output"

        guard !displayPath.isEmpty else {
            throw refused("the output folder's path is empty (an unset variable?)" + advice)
        }
        // Both as written and with links resolved: `data` holds `data/sample` even when that is a
        // link to elsewhere, and a link named `book` to the chapters folder is the chapters folder.
        let paths = spellings(url)
        guard !paths.contains("/") else { throw refused("the output folder is the root of the file system" + advice) }
        for folder in protected {
            for path in paths {
                for other in spellings(folder.url) {
                    if path == other { throw refused("the output folder is \(folder.name) (\(other))" + advice) }
                    if folder.rule == .untouchable && isInside(path, other) {
                        throw refused("the output folder is inside \(folder.name) (\(other))" + advice)
                    }
                    if isInside(other, path) { throw refused("the output folder contains \(folder.name) (\(other))" + advice) }
                }
            }
        }
        if let problem = kindProblem(url, forWriting: forWriting) { throw refused(problem) }
        if forWriting, let problem = imagesFolderProblem(url) { throw refused(problem) }
        if let others = filesOfSomethingElse(url) {
            throw refused("the output folder \(url.path) already holds files that are not a book's (\(others)); "
                          + "name a new or empty folder, or one an earlier build wrote")
        }
    }

    /// The line every page a build writes carries in its head: how a later build knows the pages
    /// in a folder are a book's, and not someone's own site that happens to have an `index.html`.
    public static let generatorMark = "<meta name=\"generator\" content=\"tutor\">"

    /// Whether the folder holds the mark of an earlier build: the cache (written from the first
    /// cell on, so even a build stopped halfway left it), or a page carrying `generatorMark` (a
    /// book whose cache was deleted). File names alone are no mark: another site's `index.html`
    /// and `style.css` would be overwritten.
    ///
    /// A `.cache` counts unless it is a folder holding names the cache never writes (another
    /// tool's): one that is a file or a link is the cache gone wrong, which the cache's own check
    /// then refuses, saying exactly that.
    static func holdsMarkOfABook(_ url: URL, names: [String]) -> Bool {
        if names.contains(".cache") {
            let cache = url.appendingPathComponent(".cache")
            guard CacheFolder.kind(of: cache) == .folder else { return true }
            let inside = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
            if inside.allSatisfy({ CacheFolder.entryNames.contains($0) || $0.hasSuffix(".partial") }) { return true }
        }
        let pages = names.filter { $0 == "index.html" || ($0.hasSuffix(".html") && $0.prefix(while: \.isNumber).count >= 2) }
        return pages.contains { startsWithGeneratorMark(url.appendingPathComponent($0)) }
    }

    /// The first kilobyte of the regular file at `url` holds `generatorMark` (a link, a pipe or a
    /// device is not read: it could block or never end).
    static func startsWithGeneratorMark(_ url: URL) -> Bool {
        let file = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return false }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        var head = [UInt8](repeating: 0, count: 1024)
        let count = head.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        return String(decoding: head.prefix(count), as: UTF8.self).contains(generatorMark)
    }

    /// Files that keep an empty folder in version control or that the system drops anywhere: they
    /// are no one's work, so a folder holding only these counts as empty (the repository's own
    /// `output/` holds a `.gitkeep`).
    static let placeholders: Set<String> = [".gitkeep", ".keep", ".gitignore", ".DS_Store"]

    /// The first few names in an existing folder that holds files but no mark of a book; nil for
    /// a missing or empty folder, or one a build wrote. Writing there would mix the book's pages
    /// with someone's files (`--out /home`, `--out src`, another site).
    static func filesOfSomethingElse(_ url: URL) -> String? {
        guard let all = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return nil }
        // tutor's own unfinished files are not someone else's: another build at work in a new
        // folder (which its lock then turns away), or one that was stopped.
        let names = all.filter { !placeholders.contains($0) && !AtomicFile.isLeftoverName($0) }
        guard !names.isEmpty, !holdsMarkOfABook(url, names: names) else { return nil }
        let shown = names.sorted().prefix(3).joined(separator: ", ")
        return names.count > 3 ? shown + ", …" : shown
    }

    /// `url` as written (made absolute) and with its links resolved.
    static func spellings(_ url: URL) -> Set<String> {
        [url.standardizedFileURL.path, canonicalPath(url)]
    }

    /// Why `url` cannot hold the book, if it cannot: not a folder, a dangling link, unwritable;
    /// or, when it does not exist yet, why it cannot be made.
    static func kindProblem(_ url: URL, forWriting: Bool) -> String? {
        let path = url.path
        var info = stat()
        if lstat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFLNK {
                if let broken = BrokenLink.problem(at: path) { return "the output folder \(path) is \(broken)" }
                guard stat(path, &info) == 0 else { return "cannot look at the output folder \(path): \(String(cString: strerror(errno)))" }
            }
            guard info.st_mode & S_IFMT == S_IFDIR else { return "\(path) is \(kindName(info.st_mode)), not a folder" }
            if forWriting, let reason = creationProblem(in: path) { return "the output folder \(path) cannot be written: \(reason)" }
            return nil
        }
        guard errno == ENOENT || errno == ENOTDIR else {
            return "cannot look at the output folder \(path): \(String(cString: strerror(errno)))"
        }
        guard forWriting else { return nil }
        // It does not exist: the nearest thing above it that does must be a folder we can write in.
        var ancestor = url.deletingLastPathComponent()
        // (Up to the root, or to where a path with no root stops changing.)
        while lstat(ancestor.path, &info) != 0 {
            let parent = ancestor.deletingLastPathComponent()
            guard parent.path != ancestor.path, ancestor.path != "/" else {
                return "cannot make the output folder \(path): no folder above it exists"
            }
            ancestor = parent
        }
        if info.st_mode & S_IFMT == S_IFLNK && stat(ancestor.path, &info) != 0 {
            return "cannot make the output folder \(path): \(ancestor.path) is a symbolic link to nothing"
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return "cannot make the output folder \(path): \(ancestor.path) is \(kindName(info.st_mode)), not a folder"
        }
        if let reason = creationProblem(in: ancestor.path) {
            return "cannot make the output folder \(path) in \(ancestor.path): \(reason)"
        }
        // (Without the path, which is long here: the message would be cut before the reason.)
        if let reason = namingProblem(url, below: ancestor) { return "cannot make the output folder: \(reason)" }
        return nil
    }

    /// Why the book's `images/` folder in `url` cannot take its pictures: a symbolic link there
    /// would have the build write, and remove the chapters' old pictures, in a folder elsewhere
    /// (`output/images -> ~/photos`); a file or anything else there would fail the first picture
    /// after every cell had run.
    static func imagesFolderProblem(_ url: URL) -> String? {
        let images = url.appendingPathComponent("images")
        var info = stat()
        guard lstat(images.path, &info) == 0 else { return nil }  // made by the first picture
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return nil
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: images.path)) ?? "?"
            return "\(images.path) is a symbolic link (to \(target)), where the book keeps its own pictures; remove the link"
        default:
            return "\(images.path) is \(kindName(info.st_mode)), where the book's folder of pictures goes; move it away"
        }
    }

    /// The longest path, after the output folder's own, of a file a build writes in it (a cache
    /// entry being written: `/.cache/cells/`, a 64-character hash, `.json.partial-` and a suffix).
    static let longestPathInside = 160

    /// Why the folders between `ancestor` (which exists) and `url` cannot be made with these names:
    /// a name longer than the file system takes, or a path too long for the files the book
    /// writes in it. Found now, before any cell runs, and before any of those folders is made.
    static func namingProblem(_ url: URL, below ancestor: URL) -> String? {
        let limit = pathconf(ancestor.path, Int32(_PC_NAME_MAX))
        let longestName = limit > 0 ? limit : 255
        for name in url.pathComponents.dropFirst(ancestor.pathComponents.count) where name.utf8.count > longestName {
            return "the name \(name.prefix(24))… is \(name.utf8.count) bytes long; this file system takes at most \(longestName)"
        }
        let longestPath = Int(PATH_MAX) - 1
        if url.path.utf8.count + longestPathInside > longestPath {
            return "the path is \(url.path.utf8.count) bytes long, and the files of the book inside it would pass the "
                + "system's limit of \(longestPath)"
        }
        return nil
    }

    /// Why no file can be made in `folder`, found by making (and removing) one: permission bits
    /// do not bind root, nor show a read-only or special file system (`/sys`, `/proc`). The name
    /// is one `AtomicFile.removeLeftovers` clears, should the process die in between.
    static func creationProblem(in folder: String) -> String? {
        let probe = (folder as NSString).appendingPathComponent(".tutor-write-check-\(UUID().uuidString).partial")
        let file = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard file >= 0 else { return String(cString: strerror(errno)) }
        close(file)
        unlink(probe)
        return nil
    }

    /// Why the file at `url` cannot be replaced by a page, when that can be seen before writing:
    /// something other than a file (or a link, which is replaced itself) is in its place.
    static func replaceProblem(_ url: URL) -> String? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }  // nothing there: made new
        let kind = info.st_mode & S_IFMT
        guard kind != S_IFREG, kind != S_IFLNK else { return nil }
        let what = kind == S_IFDIR ? "a folder" : kindName(info.st_mode)
        return "\(url.path) is \(what), where the book's \(url.lastPathComponent) goes; move it away"
    }

    private static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a file"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "something other than a folder"
        }
    }

    /// The folder holds a `chapters` folder or chapter files (NN-slug.md).
    static func holdsChapters(_ folder: URL) -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("chapters").path, isDirectory: &isDirectory),
           isDirectory.boolValue {
            return true
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.contains { $0.hasSuffix(".md") && $0.first?.isNumber == true && $0.contains("-") }
    }

    /// `url` with every symbolic link in the part that exists resolved, so that two spellings of
    /// one folder (`chapters`, `./book/../chapters`, a link to it) compare equal.
    static func canonicalPath(_ url: URL) -> String {
        var head = url.standardizedFileURL.path
        var tail: [String] = []
        while true {
            if let resolved = realpath(head, nil) {
                defer { free(resolved) }
                var path = String(cString: resolved)
                for component in tail.reversed() { path = path == "/" ? "/" + component : path + "/" + component }
                return path
            }
            guard head != "/" && !head.isEmpty else { return url.standardizedFileURL.path }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
    }

    /// `path` is strictly inside `folder`.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" ? path != "/" : path.hasPrefix(folder + "/")
    }
}
