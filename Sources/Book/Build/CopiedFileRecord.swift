import Foundation

/// Which files of the book were copied from the chapters folder (`ChapterFiles`), so that one no
/// chapter names any more leaves the book: a picture taken out of a chapter, or renamed, would
/// otherwise stay in `output/` and on the site published from it, out of date and unlinked.
///
/// Only files a build recorded are ever removed, and only regular files reached through folders
/// (never through a symbolic link), each with the folders it leaves empty: anything else in
/// `output/`, a person's own file included, is left alone.
struct CopiedFileRecord {
    let file: URL
    let output: URL

    /// The paths recorded by the last build, each relative to the book and inside it; a path
    /// that is not (a record edited by hand: `/etc/x`, `../x`) is dropped unread.
    func load() -> Set<String> {
        guard let data = try? Data(contentsOf: file), let paths = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return Set(paths.filter(Self.isInsideTheBook))
    }

    /// Records `paths`, when they changed.
    func save(_ paths: Set<String>, previous: Set<String>) {
        guard paths != previous || !FileManager.default.fileExists(atPath: file.path),
              let data = try? JSONEncoder().encode(paths.sorted()) else { return }
        try? AtomicFile.write(data, to: file)
    }

    /// Removes the files of `paths` from the book, and the folders each leaves empty; not one
    /// whose path differs from one of `kept` only in case (on macOS and Windows, the same file).
    func remove(_ paths: Set<String>, keeping kept: Set<String>) {
        let keptFolded = Set(kept.map { $0.lowercased() })
        for path in paths.sorted() where Self.isInsideTheBook(path) && !keptFolded.contains(path.lowercased()) {
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
            guard lstat(target.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            unlink(target.path)
            // Deepest first; `rmdir` leaves a folder that still holds anything.
            for folder in folders.reversed() where rmdir(folder.path) != 0 { break }
        }
    }

    /// A path of the book's own making: relative, no `.` or `..`, no empty or hidden part.
    static func isInsideTheBook(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
    }
}
