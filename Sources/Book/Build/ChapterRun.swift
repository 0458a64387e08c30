import Foundation

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
/// it was a hit. If that entry's state is damaged, the cells before are run again to rebuild it.
/// A cell's key covers the sources its own step can reach (`RunSettings.fingerprint(of:)`), and
/// the state it starts from: the key of the last cell before it that can change the state (one
/// whose step `makes` something). A cell that makes nothing cannot write the state (`ChapterState`
/// holds a step to what it declared), so changing one, a picture's parameter say, leaves the keys of
/// the cells after it as they were: a training later in the chapter is not run again for it.
public final class ChapterRun {
    public let cells: [ResolvedCell]
    public let settings: RunSettings
    /// Each cell's cache key, in order.
    public let keys: [String]
    private var index = 0
    private let useCache: Bool
    /// The state after the last cell that ran; nil when it must come from `lastEntry`.
    private var state: ChapterState? = ChapterState()
    private var lastEntry: CellCache.Entry?

    public init(cells: [ResolvedCell], settings: RunSettings) {
        self.cells = cells
        self.settings = settings
        self.useCache = settings.cache != nil && settings.readCache
        var fingerprints: [DataNeed: String] = [:]
        var lastMaker: String?  // the key of the last cell that can change the state
        var keys: [String] = []
        for cell in cells {
            let need = cell.step.data
            if fingerprints[need] == nil { fingerprints[need] = DataFingerprint.of(need, in: settings.data) }
            let key = CellKey.make(previous: lastMaker, cell: cell, sourcesFingerprint: settings.fingerprint(of: cell.step),
                                   dataFingerprint: fingerprints[need]!, seed: settings.seed)
            keys.append(key)
            if cell.step.changesState { lastMaker = key }
        }
        self.keys = keys
    }

    public var isFinished: Bool { index >= cells.count }
    /// The index (from 0) of the cell `next()` will run.
    public var position: Int { index }

    /// Whether `next()` will load the next cell from the cache rather than run it.
    public var nextIsCached: Bool {
        !isFinished && useCache && settings.cache?.hasEntry(keys[index]) == true
    }

    /// Runs or loads the next cell. `progress` receives the step's own messages (training),
    /// `provisional` the outputs it shows while it runs (`CellContext.showProvisional`).
    /// - Throws: the failure of the step, at the cell's location.
    /// - Parameter abandoned: true once nobody waits for the cell (`CellContext.stopIfNobodyWaits`).
    public func next(progress: @escaping @Sendable (String) -> Void = { _ in },
                     provisional: @escaping @Sendable (Output) -> Void = { _ in },
                     abandoned: @escaping @Sendable () -> Bool = { false }) throws(Diagnostic) -> CellRun {
        precondition(!isFinished, "next() after the last cell")
        // A cache folder that is a file would turn caching off without a word: refuse it.
        try settings.cache?.prepare()
        let cell = cells[index]
        let started = Date()
        if useCache, let entry = settings.cache?.entry(keys[index]) {
            lastEntry = entry
            state = nil
            index += 1
            return CellRun(resolved: cell, outputs: entry.outputs, cached: true, seconds: Date().timeIntervalSince(started))
        }
        let before: ChapterState
        if let state = stateBefore() {
            before = state
        } else {
            // The saved state is damaged: compute it again by rerunning the cells before this one.
            before = try rerunCells(before: index, progress: progress, abandoned: abandoned)
        }
        let (outputs, after) = try CellExecution.run(cells[index], from: before, key: keys[index], settings: settings,
                                                     progress: progress, provisional: provisional, abandoned: abandoned)
        state = after
        lastEntry = nil
        index += 1
        return CellRun(resolved: cell, outputs: outputs, cached: false, seconds: Date().timeIntervalSince(started))
    }

    /// Runs cell `i` from `before`, saves its entry, and returns its outputs and the state after it.
    private func execute(_ i: Int, from before: ChapterState, progress: @escaping @Sendable (String) -> Void,
                         abandoned: @escaping @Sendable () -> Bool) throws(Diagnostic) -> ([Output], ChapterState) {
        try CellExecution.run(cells[i], from: before, key: keys[i], settings: settings, progress: progress, abandoned: abandoned)
    }

    /// The state after cells `0..<end`, computed by running them again (their outputs were
    /// already given from the cache).
    private func rerunCells(before end: Int, progress: @escaping @Sendable (String) -> Void,
                            abandoned: @escaping @Sendable () -> Bool) throws(Diagnostic) -> ChapterState {
        var state = ChapterState()
        for i in 0..<end { state = try execute(i, from: state, progress: progress, abandoned: abandoned).1 }
        return state
    }

    private func stateBefore() -> ChapterState? {
        if let state { return state }
        guard let lastEntry, let cache = settings.cache else { return nil }
        return cache.state(of: lastEntry)
    }
}
