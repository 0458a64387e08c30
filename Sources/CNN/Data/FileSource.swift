import Foundation

/// A regular file, read from the front through a file descriptor.
///
/// Only regular files are read: a FIFO would block forever and `/dev/zero` would never end, so
/// both are refused before the first read. The size comes from `fstat`, so a raw IDX file whose
/// header disagrees with it is refused without reading its body.
struct FileSource: ByteSource {
    private let descriptor: Int32
    private let path: String
    let knownCount: Int?

    /// Opens `url`, passes it to `body`, and closes it again.
    static func withOpened<R>(_ url: URL, _ body: (inout FileSource) throws(DataError) -> R) throws(DataError) -> R {
        let path = url.path
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
        // It changes nothing for a regular file, the only kind read past the `fstat` below.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError(path, errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemError(path, errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw DataError.unreadable(file: path, reason: "not a regular file (\(kind(of: status.st_mode)))")
        }
        var source = FileSource(descriptor: descriptor, path: path, knownCount: Int(status.st_size))
        return try body(&source)
    }

    /// The first `count` bytes of the file (fewer if it is shorter), without moving the position
    /// `read` reads from: two to tell gzip from raw, or all `knownCount` to inflate it in one call.
    func firstBytes(_ count: Int) throws(DataError) -> [UInt8] {
        var failure: DataError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let n = pread(descriptor, buffer.baseAddress! + initialized, count - initialized, off_t(initialized))
                if n > 0 { initialized += n } else if n == 0 { break } else if errno != EINTR {
                    failure = Self.systemError(path, errno)
                    break
                }
            }
        }
        if let failure { throw failure }
        return bytes
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(DataError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw Self.systemError(path, errno) }
        }
    }

    private static func systemError(_ path: String, _ code: Int32) -> DataError {
        var link = stat()
        if code == ENOENT, lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            return .unreadable(file: path, reason: "a symbolic link to \(target), which does not exist")
        }
        if code == ELOOP { return .unreadable(file: path, reason: "a symbolic link that leads back to itself (a loop)") }
        return .unreadable(file: path, reason: String(cString: strerror(code)))
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a plain file"
        }
    }
}
