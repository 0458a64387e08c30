#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a chapter file's bytes (or the book settings', `kind`), refusing anything that is not a
/// regular file or is too large, and saying why.
///
/// The file is opened before it is examined, with `O_NONBLOCK`, and the open descriptor is what
/// `fstat` checks: a FIFO in `chapters/` then fails at once instead of blocking the build forever
/// waiting for a writer, and no other file can be swapped in between the check and the read.
enum ChapterFile {
    /// What the file is, as the messages name it.
    struct Kind {
        /// "chapter": "cannot read this chapter".
        var noun: String
        /// "chapter file": "no such chapter file", "not a chapter file".
        var fileNoun: String
        /// "a chapter is a Markdown text file".
        var what: String
        /// "chapters are": "...; chapters are at most 1048576 bytes".
        var sizeSubject: String

        static let chapter = Kind(noun: "chapter", fileNoun: "chapter file",
                                  what: "a chapter is a Markdown text file", sizeSubject: "chapters are")
        static let settings = Kind(noun: "book settings file", fileNoun: "book settings file",
                                   what: "the book settings are a text file", sizeSubject: "it is")
    }

    static func contents(of url: URL, path: String, maximumSize: Int, kind: Kind = .chapter) throws(Diagnostic) -> Data {
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Diagnostic(file: path, whyNotOpened(url, error: errno, kind: kind)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw Diagnostic(file: path, "cannot examine this \(kind.noun): \(String(cString: strerror(errno)))")
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            throw Diagnostic(file: path, type == S_IFDIR ? "this is a directory, not a \(kind.fileNoun)"
                                                       : "this is \(describe(type)), not a regular file; \(kind.what)")
        }
        guard Int(status.st_size) <= maximumSize else {
            throw Diagnostic(file: path, "the \(kind.noun) is \(status.st_size) bytes; \(kind.sizeSubject) at most \(maximumSize) bytes")
        }
        // Read to the end rather than trusting st_size, and stop past the limit in case it grows.
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Diagnostic(file: path, "cannot read this \(kind.noun): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            guard data.count <= maximumSize else {
                throw Diagnostic(file: path, "the \(kind.noun) is more than \(maximumSize) bytes; \(kind.sizeSubject) at most \(maximumSize) bytes")
            }
        }
        return data
    }

    /// Why `open` failed, in words: a symlink loop and a dangling link are not "no such file".
    static func whyNotOpened(_ url: URL, error: Int32, kind: Kind = .chapter) -> String {
        switch error {
        case ELOOP:
            return "this is a symbolic link that leads back to itself (a symlink loop); point it at a \(kind.fileNoun)"
        case ENOENT:
            return BrokenLink.problem(at: url.path).map { "this is " + $0 } ?? "no such \(kind.fileNoun)"
        case EACCES, EPERM:
            return "permission denied: cannot read this \(kind.noun)"
        default:
            return "cannot open this \(kind.noun): \(String(cString: strerror(error)))"
        }
    }

    static func describe(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "a special file"
        }
    }

    /// "UTF-16" or "UTF-32" when `data` starts with one of their byte-order marks.
    static func foreignEncoding(of data: Data) -> String? {
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xFF, 0xFE, 0, 0]) || head.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32" }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return "UTF-16" }
        return nil
    }
}
