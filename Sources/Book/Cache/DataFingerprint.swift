import Foundation
import Hashing

/// A fingerprint of the data a step reads, for its cache key.
///
/// Each regular file of the data directory (links followed) counts by its name and:
/// - up to `hashedBytes`, its contents (SHA-256): a course's small files, such as labels. A file
///   rewritten with other bytes of the same size, its time put back (`cp -p`, `rsync -a`, a tar
///   extract, `touch -r`), is a change;
/// - above, its size, its modification and change times (ns), its inode and device, not its
///   contents: reading 50 MB on every build would cost more than the cached rebuild itself. The
///   change time (ctime) cannot be set back by any tool: writing a file, or putting its
///   modification time back, moves it; replacing the file changes its inode.
/// A directory that does not exist has a fingerprint of its own, so a cell that failed for lack
/// of data is not confused with one that ran with it.
public enum DataFingerprint {
    /// "none" for a step that reads nothing; else each source's name and its own fingerprint
    /// (a source the build does not supply is "absent", so supplying it later reruns the cell).
    public static func of(_ need: DataNeed, in data: DataSources) -> String {
        guard !need.sources.isEmpty else { return "none" }
        return need.sources.map { name in
            name + ":" + (data[name].map { $0.fingerprint($0.folder) } ?? "absent")
        }.joined(separator: ";")
    }

    /// Files up to this size are fingerprinted by their contents.
    static let hashedBytes = 4 << 20

    public static func of(directory: URL) -> String {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { return "missing" }
        var lines: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.appendingPathComponent(name).path
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if info.st_size <= hashedBytes, let contents = FileManager.default.contents(atPath: path) {
                lines.append("\(name)\tsha256 \(SHA256.hex(contents))")
            } else {
                let nanoseconds = { (time: timespec) in Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }
                #if canImport(Darwin)
                let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
                #else
                let (modified, changed) = (info.st_mtim, info.st_ctim)
                #endif
                lines.append("\(name)\t\(info.st_size)\t\(nanoseconds(modified))\t\(nanoseconds(changed))\t\(info.st_ino)\t\(info.st_dev)")
            }
        }
        return SHA256.hex(lines.joined(separator: "\n"))
    }
}
