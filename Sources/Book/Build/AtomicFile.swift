import Foundation

/// Writes a file so that readers see the old contents or the new, never half of either: the
/// bytes go to a temporary file in the same directory, which is then renamed over the target
/// (rename is atomic within one file system).
public enum AtomicFile {
    /// Why a file could not be written: the path and the system's reason, in words (not an
    /// NSError dump), so a message can be shown to the teacher as it is.
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String

        public var description: String { "cannot write \(path): \(reason)" }

        init(_ path: String, code: Int32 = errno) {
            self.path = path
            self.reason = String(cString: strerror(code))
        }
    }

    public static func write(_ data: Data, to url: URL) throws(Failure) {
        let directory = url.deletingLastPathComponent()
        try makeDirectory(directory)
        // The name's first 100 bytes at most: with the 46 added, any name a file system takes (255
        // bytes) still gives a temporary name it takes.
        let temporary = directory.appendingPathComponent(".\(prefix(of: url.lastPathComponent, bytes: 100)).\(UUID().uuidString).partial")
        // Tracked while it exists, so a build stopped by a signal removes it (UnfinishedWrites).
        let written: Result<Void, Failure> = UnfinishedWrites.tracking(temporary) {
            Result { () throws(Failure) in try writeThenRename(data, temporary: temporary, to: url) }
        }
        try written.get()
    }

    /// The longest start of `name` of at most `bytes` UTF-8 bytes that ends between two characters.
    static func prefix(of name: String, bytes: Int) -> String {
        var count = 0
        return String(name.prefix { character in
            count += character.utf8.count
            return count <= bytes
        })
    }

    /// Writes `data` to `temporary`, then renames it over `url`; removes `temporary` on failure.
    private static func writeThenRename(_ data: Data, temporary: URL, to url: URL) throws(Failure) {
        let file = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard file >= 0 else { throw Failure(url.path) }
        do throws(Failure) {
            try writeAll(data, to: file, path: url.path)
            guard close(file) == 0 else { throw Failure(url.path) }
        } catch {
            close(file)
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let failure = Failure(url.path)
            unlink(temporary.path)
            throw failure
        }
    }

    public static func write(_ text: String, to url: URL) throws(Failure) {
        try write(Data(text.utf8), to: url)
    }

    /// Removes the temporary files of writes that never finished (a build killed mid-write).
    ///
    /// Only what tutor itself names so (`.<name>.<UUID>.partial`, or `OutputFolder`'s
    /// `.tutor-write-check-<UUID>.partial`), only regular files, and only in a folder that is one,
    /// not a link to one: a person's own `.backup.partial` folder, or a folder elsewhere that a
    /// link in `output/` leads to, is never touched.
    public static func removeLeftovers(in directory: URL) {
        var status = stat()
        guard lstat(directory.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where isLeftoverName(name) {
            let path = directory.appendingPathComponent(name).path
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            unlink(path)
        }
    }

    /// `.<name>.<UUID>.partial` or `.<name>-<UUID>.partial`, as `write` and `OutputFolder` make them.
    static func isLeftoverName(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".partial") else { return false }
        let stem = name.dropLast(".partial".count)
        guard stem.count > 38 else { return false }
        let uuid = stem.suffix(36), separator = stem.dropLast(36).last
        return (separator == "." || separator == "-") && UUID(uuidString: String(uuid)) != nil
    }

    private static func writeAll(_ data: Data, to file: Int32, path: String) throws(Failure) {
        var failure: Failure?
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(file, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Failure(path)
                    return
                }
                offset += written
            }
        }
        if let failure { throw failure }
    }

    /// Makes `directory` and the folders above it that are missing.
    private static func makeDirectory(_ directory: URL) throws(Failure) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(directory.path, code: ENOTDIR) }
            return
        }
        try makeDirectory(directory.deletingLastPathComponent())
        guard mkdir(directory.path, 0o777) == 0 || errno == EEXIST else { throw Failure(directory.path) }
    }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ file: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(file, bytes, count)
}
