import Foundation

/// One build at a time writes a book's output folder.
///
/// Why: two builds into the same folder each clear the other's unfinished files as leftovers of
/// an interrupted build, and the contents page is the last one's: the other build said it
/// succeeded, and its book was gone. The lock is `flock` on the folder itself: held until the
/// build ends, released by the system if the process dies, and no file is left behind.
final class OutputLock {
    /// The folder, open, holding the lock (-1 if the system offers no lock there).
    private var descriptor: Int32 = -1
    /// The folder, if the lock made it: removed again if the build leaves it empty (one that
    /// failed before writing anything leaves no trace).
    private var made: URL?

    /// Takes the lock of `output` (made if missing), or throws if another build holds it. Where the
    /// system offers no such lock, the build goes on without it.
    init(output: URL, displayPath: String) throws(Diagnostic) {
        var status = stat()
        let missing = lstat(output.path, &status) != 0
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let folder = open(output.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }  // the cache's own checks say what is wrong with the folder
        if flock(folder, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK {
            // Not ours to close twice, nor to remove: the other build holds it.
            close(folder)
            throw Diagnostic(folder: displayPath, "another tutor build is writing this book now; wait for it to end, "
                             + "or build into another folder with --out")
        }
        (descriptor, made) = (folder, missing ? output : nil)
    }

    deinit {
        if let made { rmdir(made.path) }  // only if empty
        if descriptor >= 0 { close(descriptor) }  // closing releases the lock
    }
}
