import Foundation

/// Single entries and state values, listed, measured and deleted: for a program that keeps what
/// it adds to the cache under a budget (`tutor serve`), rather than pruning after a full build.
/// Deleting goes through `CacheFolder`'s rules: only names the cache writes, never a link's target.
extension CellCache {
    /// The keys of the entries and the digests of the state values stored now.
    public func storedNames() -> (keys: Set<String>, states: Set<String>) {
        let keys = CacheFolder.names(in: folder.cells).filter(CacheFolder.isEntryName).map { String($0.dropLast(5)) }
        let states = CacheFolder.names(in: folder.states).filter { CacheFolder.isDigest($0) }
        return (Set(keys), Set(states))
    }

    /// The bytes entry `key` takes on disk, or nil if it is not a regular file there.
    public func entrySize(_ key: String) -> Int? {
        CacheFolder.isDigest(key) ? CacheFolder.regularFileSize(entryURL(key)) : nil
    }

    /// The bytes state value `digest` takes on disk, or nil if it is not a regular file there.
    public func stateSize(_ digest: String) -> Int? {
        CacheFolder.isDigest(digest) ? CacheFolder.regularFileSize(folder.states.appendingPathComponent(digest)) : nil
    }

    /// Deletes entry `key`, leaving its state values (other entries may share them). True if it did.
    @discardableResult
    public func removeEntry(_ key: String) -> Bool {
        CacheFolder.isDigest(key) && CacheFolder.removeFile(entryURL(key))
    }

    /// Deletes state value `digest`; an entry still naming it reads as damaged, and its cell runs again.
    @discardableResult
    public func removeState(_ digest: String) -> Bool {
        CacheFolder.isDigest(digest) && CacheFolder.removeFile(folder.states.appendingPathComponent(digest))
    }
}

extension CacheFolder {
    /// The size of the regular file at `url` (not followed if it is a link).
    static func regularFileSize(_ url: URL) -> Int? {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
