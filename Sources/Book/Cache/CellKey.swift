import Hashing

/// The cache key of a cell: everything its results depend on, hashed.
///
/// The key of the cell before it is part of it, so changing one cell changes the keys of every
/// cell after it in the chapter (they may read its state) and of none before it. The sources
/// part is the fingerprint of what this cell's step can reach, not of every step: editing one
/// step's file changes the keys of the cells that use it (and those after them), no others.
public enum CellKey {
    /// Bumped when the meaning of a key's parts changes.
    static let version = "tutor-cell-key 2"

    public static func make(previous: String?, cell: ResolvedCell, sourcesFingerprint: String,
                            dataFingerprint: String, seed: UInt64) -> String {
        let parts = [
            version,
            "previous \(previous ?? "none")",
            "step \(cell.step.name)",
            "arguments \(cell.canonicalArguments)",
            "source \(SHA256.hex(cell.source))",
            "reach \(sourcesFingerprint)",
            "data \(dataFingerprint)",
            "seed \(seed)",
        ]
        return SHA256.hex(parts.joined(separator: "\n"))
    }
}
