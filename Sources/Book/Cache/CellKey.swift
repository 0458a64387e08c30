/// The cache key of a cell: everything its results depend on, hashed.
///
/// The key of the cell before it is part of it, so changing one cell changes the keys of every
/// cell after it in the chapter (they may read its state) and of none before it.
public enum CellKey {
    /// Bumped when the meaning of a key's parts changes.
    static let version = "tutor-cell-key 1"

    public static func make(previous: String?, cell: ResolvedCell, libraryFingerprint: String,
                            dataFingerprint: String, seed: UInt64) -> String {
        let parts = [
            version,
            "previous \(previous ?? "none")",
            "step \(cell.step.name)",
            "arguments \(cell.canonicalArguments)",
            "source \(Digest.sha256(cell.source))",
            "library \(libraryFingerprint)",
            "data \(dataFingerprint)",
            "seed \(seed)",
        ]
        return Digest.sha256(parts.joined(separator: "\n"))
    }
}
