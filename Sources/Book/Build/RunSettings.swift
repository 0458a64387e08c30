/// What every cell of a build shares: the seed, where the data is, and what keys the cache.
public struct RunSettings: Sendable {
    public var seed: UInt64
    public var data: DataSources
    /// The registry's fingerprint of all the sources: the key of a step with none of its own.
    public var libraryFingerprint: String
    /// `#fileID` of a step's file -> the fingerprint of what that step can reach
    /// (`StepRegistry.stepFingerprints`).
    public var stepFingerprints: [String: String]
    /// The cache, or nil to neither read nor write one.
    public var cache: CellCache?
    /// False for `--no-cache`: results are computed afresh (and saved for next time).
    public var readCache: Bool

    public init(seed: UInt64, data: DataSources, libraryFingerprint: String, stepFingerprints: [String: String] = [:],
                cache: CellCache?, readCache: Bool = true) {
        self.seed = seed
        self.data = data
        self.libraryFingerprint = libraryFingerprint
        self.stepFingerprints = stepFingerprints
        self.cache = cache
        self.readCache = readCache
    }

    /// Settings keyed on `registry`'s fingerprints, per step.
    public init(seed: UInt64, data: DataSources, registry: StepRegistry, cache: CellCache?, readCache: Bool = true) {
        self.init(seed: seed, data: data, libraryFingerprint: registry.fingerprint, stepFingerprints: registry.stepFingerprints,
                  cache: cache, readCache: readCache)
    }

    /// What `step`'s cached results depend on among the sources (see `StepRegistry.fingerprint(of:)`).
    public func fingerprint(of step: StepDefinition) -> String {
        stepFingerprints[step.fileID].map { "step \($0)" } ?? "all \(libraryFingerprint)"
    }
}
