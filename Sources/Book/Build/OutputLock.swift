import Foundation

/// One build at a time writes a book's output folder.
///
/// Why: two builds into the same folder each clear the other's unfinished files as leftovers of
/// an interrupted build, and the contents page is the last one's: the other build said it
/// succeeded, and its book was gone. The lock is `flock` on the folder itself: held until the
/// build ends, released by the system if the process dies, and no file is left behind.
final class OutputLock {
    private let descriptor: Int32
    /// The folder, if the lock made it: removed again if the build leaves it empty (one that
    /// failed before writing anything leaves no trace).
    private let made: URL?

    /// Takes the lock of `output` (made if missing), or throws if another build holds it. Where the
    /// system offers no such lock, the build goes on without it.
    init(output: URL, displayPath: String) throws(Diagnostic) {
        var status = stat()
        let missing = lstat(output.path, &status) != 0
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        made = missing ? output : nil
        descriptor = open(output.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }  // the cache's own checks say what is wrong with the folder
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK {
            close(descriptor)
            throw Diagnostic(folder: displayPath, "another tutor build is writing this book now; wait for it to end, "
                             + "or build into another folder with --out")
        }
    }

    deinit {
        if let made { rmdir(made.path) }  // only if empty
        if descriptor >= 0 { close(descriptor) }  // closing releases the lock
    }
}
