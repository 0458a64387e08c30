import Foundation
import Hashing

/// Which files of the book were copied from the chapters folder (`ChapterFiles`), with the
/// SHA-256 of the bytes copied, so that one no chapter names any more leaves the book: a picture
/// taken out of a chapter, or renamed, would otherwise stay in `output/` and on the site
/// published from it, out of date and unlinked.
///
/// A file is removed only if a build recorded it, it is still a regular file reached through
/// folders (never through a symbolic link), its bytes are still those copied, and its path is
/// none of the book's own (`index.html`, a chapter's page, `images/`): anything else in
/// `output/`, a person's own file or a copy they edited included, is left alone, whatever the
/// record says.
struct CopiedFileRecord {
    let file: URL
    let output: URL

    /// Each path recorded by the last build with its bytes' SHA-256; none if there is no record
    /// (a new book, or one built before records were kept: a copy then replaces only a file of
    /// the same bytes). An entry that is not a path the book copies to (a record edited by hand:
    /// `/etc/x`, `../x`, `index.html`) is dropped unread.
    func load() -> [String: String] {
        var status = stat()
        guard lstat(file.path, &status) == 0 else { return [:] }
        // A record that is no file (a folder, a FIFO), or no record of ours: an empty one, so
        // that a copy never replaces a file it cannot tell is the book's.
        guard status.st_mode & S_IFMT == S_IFREG, let data = try? Data(contentsOf: file),
              let entries = try? JSONDecoder().decode([String: String].self, from: data) else { return [:] }
        return entries.filter { Self.isCopyPath($0.key) }
    }

    /// Records `entries`, when they changed.
    func save(_ entries: [String: String], previous: [String: String]) {
        guard entries != previous || (!entries.isEmpty && !FileManager.default.fileExists(atPath: file.path)) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(entries) else { return }
        try? AtomicFile.write(data, to: file)
    }

    /// Removes the files of `entries` from the book, and the folders each leaves empty; not one
    /// whose path differs from one of `kept` only in case (on macOS and Windows, the same file).
    func remove(_ entries: [String: String], keeping kept: Set<String>) {
        let keptFolded = Set(kept.map { $0.lowercased() })
        for (path, digest) in entries.sorted(by: { $0.key < $1.key })
        where Self.isCopyPath(path) && !keptFolded.contains(path.lowercased()) {
            let parts = path.split(separator: "/").map(String.init)
            var folders: [URL] = [], url = output, throughFolders = true
            for part in parts.dropLast() {
                url.appendPathComponent(part)
                var status = stat()
                guard lstat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { throughFolders = false; break }
                folders.append(url)
            }
            guard throughFolders else { continue }
            let target = output.appendingPathComponent(path)
            var status = stat()
            guard lstat(target.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size <= ChapterFiles.largestFile,
                  let bytes = try? Data(contentsOf: target), SHA256.hex(bytes) == digest else { continue }
            unlink(target.path)
            // Deepest first; `rmdir` leaves a folder that still holds anything.
            for folder in folders.reversed() where rmdir(folder.path) != 0 { break }
        }
    }

    /// A path the book copies a chapter's file to: relative, no empty, `.`, `..` or hidden part,
    /// and not in the place of the book's own files (`ChapterFiles` refuses those).
    static func isCopyPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let first = parts.first, parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else { return false }
        let own = first.lowercased()
        return !["index.html", "style.css", "images"].contains(own) && ChapterFileName.chapterFile(named: own) == nil
    }
}
