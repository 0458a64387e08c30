import Foundation

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

/// One cell's results, and whether they came from the cache.
public struct CellRun: Sendable {
    public var resolved: ResolvedCell
    public var outputs: [Output]
    public var cached: Bool
    public var seconds: Double
}

/// Runs the cells of one chapter in order, one `next()` at a time, through the cache.
///
/// On a hit the cell's saved outputs are used and nothing runs. On a miss the state the cell
/// starts from is what the previous cell left: live if it ran, or read from the previous entry if
/// it was a hit. If that entry's state is damaged, the chapter starts over without the cache.
public final class ChapterRun {
    public let cells: [ResolvedCell]
    public let settings: RunSettings
    private let keys: [String]
    private var index = 0
    private var useCache: Bool
    /// The state after the last cell that ran; nil when it must come from `lastEntry`.
    private var state: ChapterState? = ChapterState()
    private var lastEntry: CellCache.Entry?

    public init(cells: [ResolvedCell], settings: RunSettings) {
        self.cells = cells
        self.settings = settings
        self.useCache = settings.cache != nil && settings.readCache
        var fingerprints: [DataNeed: String] = [:]
        var previous: String?
        var keys: [String] = []
        for cell in cells {
            let need = cell.step.data
            if fingerprints[need] == nil { fingerprints[need] = DataFingerprint.of(need, in: settings.data) }
            let key = CellKey.make(previous: previous, cell: cell, libraryFingerprint: settings.libraryFingerprint,
                                   dataFingerprint: fingerprints[need]!, seed: settings.seed)
            keys.append(key)
            previous = key
        }
        self.keys = keys
    }

    public var isFinished: Bool { index >= cells.count }
    /// The index (from 0) of the cell `next()` will run.
    public var position: Int { index }

    /// Runs or loads the next cell. `progress` receives the step's own messages (training).
    /// - Throws: the failure of the step, at the cell's location.
    public func next(progress: @escaping @Sendable (String) -> Void = { _ in }) throws(Diagnostic) -> CellRun {
        precondition(!isFinished, "next() after the last cell")
        let cell = cells[index]
        let started = Date()
        if useCache, let entry = settings.cache?.entry(keys[index]) {
            lastEntry = entry
            state = nil
            index += 1
            return CellRun(resolved: cell, outputs: entry.outputs, cached: true, seconds: Date().timeIntervalSince(started))
        }
        guard let before = stateBefore() else {
            // The saved state is damaged: start the chapter over, computing everything.
            useCache = false
            index = 0
            state = ChapterState()
            lastEntry = nil
            return try next(progress: progress)
        }
        // Work on a copy, so a cell that throws cannot leave half its changes behind.
        let working = before.copy()
        let context = CellContext(arguments: cell.arguments, state: working, seed: settings.seed, data: settings.data, progress: progress)
        do {
            try cell.step.run(context)
        } catch {
            throw Diagnostic(cell.cell.location, "step '\(cell.step.name)' failed: \(error)")
        }
        state = working
        lastEntry = nil
        // A cache that cannot be written costs time next build, not correctness now.
        try? settings.cache?.store(key: keys[index], outputs: context.outputs, state: working)
        index += 1
        return CellRun(resolved: cell, outputs: context.outputs, cached: false, seconds: Date().timeIntervalSince(started))
    }

    private func stateBefore() -> ChapterState? {
        if let state { return state }
        guard let lastEntry, let cache = settings.cache else { return nil }
        return cache.state(of: lastEntry)
    }
}
