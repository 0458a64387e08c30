import Foundation

extension CellCache {
    /// What a cache that cannot be written costs a build or a server, and what to do.
    public static let resultsLost = "every result would be lost; make it writable (or remove it) and try again"

    /// `prepare()`, then a file made (and removed) in every folder of the cache that exists: for
    /// a program whose results live only in the cache (`tutor serve`), where a folder it cannot
    /// write would lose every result without a word (a cache write that fails is skipped).
    ///
    /// - Throws: where a folder of the cache is a file, a link, or cannot be written in.
    public func prepareForWriting() throws(Diagnostic) {
        try prepare()
        try checkWritable()
    }

    /// Throws if a result could not be saved: a folder of the cache, or the folder it would be
    /// made in, cannot be written in.
    /// `consequence` ends the message: what a folder that cannot be written costs the caller.
    public func checkWritable(consequence: String = CellCache.resultsLost) throws(Diagnostic) {
        try folder.checkWritable(consequence: consequence)
    }
}

extension CacheFolder {
    /// Throws at the first folder of the cache that exists and cannot be written in. Found by
    /// making a file, as permission bits do not bind root nor show a read-only file system; the
    /// name is one `removeUnfinishedWrites` clears, should the process die in between.
    /// A cache not made yet is made in the folder that holds it, which must then take a new folder.
    func checkWritable(consequence: String) throws(Diagnostic) {
        let parent = directory.deletingLastPathComponent()
        let notMade = Self.kind(of: directory) == .missing
        for url in notMade ? [parent] : [directory, cells, states, pages] where Self.kind(of: url) == .folder {
            let probe = url.appendingPathComponent(".tutor-write-check-\(UUID().uuidString).partial").path
            let file = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard file >= 0 else {
                throw Diagnostic(folder: url.path, "the cell cache cannot \(notMade ? "be made" : "write") in this folder (\(String(cString: strerror(errno)))): "
                                 + consequence)
            }
            close(file)
            unlink(probe)
        }
    }
}
