import Foundation

/// The cache's own folder on disk, and the only code that deletes anything in it.
///
/// It deletes only names the cache itself writes, only directly inside its folders, and never
/// through a symbolic link: `cells/<64 hex>.cell`, `state/<64 hex>`, `pages/<64 hex>.page`, and the temporary
/// `.<name>.<uuid>.partial` files of `AtomicFile`. A link is removed as a link (`unlink`), so its
/// target is never touched; anything else a person put there is left alone.
struct CacheFolder {
    let directory: URL

    var cells: URL { directory.appendingPathComponent(Self.cellsName) }
    var states: URL { directory.appendingPathComponent(Self.statesName) }
    var pages: URL { directory.appendingPathComponent(Self.pagesName) }
    /// The entries of the contents page as last written (`BookBuilder`): a chapter that fails
    /// keeps its old page, and its old entry with it.
    var contents: URL { directory.appendingPathComponent(Self.contentsName) }

    /// The files the chapters' pictures and links brought into the book (`CopiedFileRecord`).
    var copiedFiles: URL { directory.appendingPathComponent(Self.copiedName) }

    static let cellsName = "cells", statesName = "state", pagesName = "pages", contentsName = "contents.json"
    static let copiedName = "copied.json"
    /// Every name the cache writes directly inside its folder (its `.partial` files aside).
    static let entryNames: Set<String> = [cellsName, statesName, pagesName, contentsName, copiedName]

    /// What one build served or stored: the entries to keep when pruning.
    struct Usage {
        var keys: Set<String> = []
        /// SHA-256 names of the state values those entries refer to.
        var states: Set<String> = []
        /// Drawn chapters (`CellCache.PageEntry`).
        var pages: Set<String> = []

        mutating func formUnion(_ other: Usage) {
            keys.formUnion(other.keys)
            states.formUnion(other.states)
            pages.formUnion(other.pages)
        }
    }

    static func entryName(_ key: String) -> String { key + ".cell" }
    static func pageName(_ key: String) -> String { key + ".page" }

    /// Throws if the cache folder, `cells`, `state` or `pages` exists and is not a folder, or one of
    /// the two records (`contents.json`, `copied.json`) exists and is not a file: a record that
    /// cannot be written would be lost at every build, in silence (a failed chapter's entry in the
    /// contents, the files to remove when no chapter names them any more).
    func check() throws(Diagnostic) {
        for url in [directory, cells, states, pages] {
            let kind = Self.kind(of: url)
            guard kind != .missing && kind != .folder else { continue }
            throw Diagnostic(folder: url.path,
                "the cell cache needs a folder here, but this is \(kind.description): caching cannot work; "
                    + "remove it (or move it away) and try again")
        }
        for url in [contents, copiedFiles] {
            let kind = Self.kind(of: url)
            guard kind != .missing && kind != .file else { continue }
            throw Diagnostic(folder: url.path,
                "the cell cache keeps a record in a file here, but this is \(kind.description): the record would be lost; "
                    + "remove it (or move it away) and try again")
        }
    }

    /// Removes the temporary files of writes that never finished (a build killed mid-write).
    func removeUnfinishedWrites() {
        for folder in [directory, cells, states, pages] {
            for name in Self.names(in: folder) where name.hasPrefix(".") && name.hasSuffix(".partial") {
                Self.removeFile(folder.appendingPathComponent(name))
            }
        }
    }

    /// Deletes the entries and state values not in `usage`. Returns how many it deleted.
    func prune(keeping usage: Usage) -> Int {
        let keptEntries = Set(usage.keys.map(Self.entryName))
        var deleted = 0
        for name in Self.names(in: cells) where Self.isEntryName(name) && !keptEntries.contains(name) {
            if Self.removeFile(cells.appendingPathComponent(name)) { deleted += 1 }
        }
        for name in Self.names(in: states) where Self.isDigest(name) && !usage.states.contains(name) {
            if Self.removeFile(states.appendingPathComponent(name)) { deleted += 1 }
        }
        let keptPages = Set(usage.pages.map(Self.pageName))
        for name in Self.names(in: pages) where name.hasSuffix(".page") && Self.isDigest(name.dropLast(5)) && !keptPages.contains(name) {
            if Self.removeFile(pages.appendingPathComponent(name)) { deleted += 1 }
        }
        return deleted
    }

    static func isDigest<S: StringProtocol>(_ name: S) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    static func isEntryName(_ name: String) -> Bool {
        name.hasSuffix(".cell") && isDigest(name.dropLast(5))
    }

    // MARK: - Files, without following links

    enum Kind: Equatable, CustomStringConvertible {
        case missing, folder, file, link, other

        var description: String {
            switch self {
            case .missing: return "nothing"
            case .folder: return "a folder"
            case .file: return "a file"
            case .link: return "a symbolic link"
            case .other: return "a special file"
            }
        }
    }

    /// What is at `url` itself (a link is a link, wherever it points).
    static func kind(of url: URL) -> Kind {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// The bytes of `url` if it is a regular file (not a link, a folder, a pipe or a device, any
    /// of which a damaged cache could hold under an entry's name), else nil.
    static func readRegularFile(_ url: URL) -> Data? {
        // O_NOFOLLOW: a link is refused, not followed; O_NONBLOCK: opening a pipe cannot hang.
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? handle.readToEnd() ?? Data()
    }

    /// Removes a file or a link (never a folder, never a link's target). True if it did.
    @discardableResult
    static func removeFile(_ url: URL) -> Bool {
        let kind = kind(of: url)
        guard kind == .file || kind == .link else { return false }
        return unlink(url.path) == 0
    }

    /// Where a file of the cache must go and a folder stands (a damaged cache), removes the
    /// folder, so the file can be written.
    static func clearFolder(at url: URL) throws {
        if kind(of: url) == .folder { try FileManager.default.removeItem(at: url) }
    }

    static func names(in folder: URL) -> [String] {
        guard kind(of: folder) == .folder else { return [] }
        return (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    }
}
