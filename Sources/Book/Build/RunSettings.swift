/// What every cell of a build shares: the seed, where the data is, and what keys the cache.
public struct RunSettings: Sendable {
    public var seed: UInt64
    public var data: DataDirectories
    /// The registry's fingerprint of the Lessons and CNN sources.
    public var libraryFingerprint: String
    /// The cache, or nil to neither read nor write one.
    public var cache: CellCache?
    /// False for `--no-cache`: results are computed afresh (and saved for next time).
    public var readCache: Bool

    public init(seed: UInt64, data: DataDirectories, libraryFingerprint: String, cache: CellCache?, readCache: Bool = true) {
        self.seed = seed
        self.data = data
        self.libraryFingerprint = libraryFingerprint
        self.cache = cache
        self.readCache = readCache
    }
}
