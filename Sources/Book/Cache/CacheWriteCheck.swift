import Foundation

extension CellCache {
    /// `prepare()`, then a file made (and removed) in every folder of the cache that exists: for
    /// a program whose results live only in the cache (`tutor serve`), where a folder it cannot
    /// write would lose every result without a word (a cache write that fails is skipped).
    ///
    /// - Throws: where a folder of the cache is a file, a link, or cannot be written in.
    public func prepareForWriting() throws(Diagnostic) {
        try prepare()
        try folder.checkWritable()
    }
}

extension CacheFolder {
    /// Throws at the first folder of the cache that exists and cannot be written in. Found by
    /// making a file, as permission bits do not bind root nor show a read-only file system; the
    /// name is one `removeUnfinishedWrites` clears, should the process die in between.
    func checkWritable() throws(Diagnostic) {
        for url in [directory, cells, states, pages] where Self.kind(of: url) == .folder {
            let probe = url.appendingPathComponent(".tutor-write-check-\(UUID().uuidString).partial").path
            let file = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard file >= 0 else {
                throw Diagnostic(file: url.path, "the cell cache cannot write in this folder (\(String(cString: strerror(errno)))): "
                                 + "every result would be lost; make it writable (or remove it) and try again")
            }
            close(file)
            unlink(probe)
        }
    }
}
