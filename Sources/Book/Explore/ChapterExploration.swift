import Foundation
import Hashing

/// One control on a chapter's page: parameter `name` of cell `cell`.
public struct ControlID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var cell: Int
    public var name: String

    public init(cell: Int, name: String) {
        self.cell = cell
        self.name = name
    }

    public static func < (a: ControlID, b: ControlID) -> Bool { (a.cell, a.name) < (b.cell, b.name) }

    /// `c3.n`: how the page's address names it.
    public var description: String { "c\(cell).\(name)" }
}

/// What one cell shows for every setting of the controls it follows.
public struct ExploredCell: Sendable {
    /// The controls whose values pick this cell's outputs: those of earlier cells whose variants
    /// change the chapter's state (the cell reads it), then the cell's own.
    public var controls: [ControlID]
    /// Outputs by the values of `controls`, in that order.
    public var variants: [[ParameterValue]: [Output]]
    /// Earlier controls this cell's results depend on but whose variants it does not show (their
    /// combinations with this cell's would exceed the budget): the page says so when they change.
    public var ignored: [ControlID]
}

/// The variants of a chapter: every combination of the values its cells' variations offer,
/// computed through the cache with the same step code, seed and data as the chapter's own run.
///
/// A variant of cell i starts from the state the cell before left under the same setting.
/// Whether a later cell depends on a control is measured, not guessed: if every variant of a cell
/// leaves the chapter state exactly as its own values do, later cells cannot see the difference
/// and follow none of its controls; otherwise every later cell is computed for each of their
/// values too (within `ExplorationBudget.variantsPerCell`), and follows those of them that
/// change what it shows.
public struct ChapterExploration: Sendable {
    /// Every control of the chapter, by id.
    public var variations: [ControlID: Variation]
    /// Cells with at least one control to follow, by cell index (from 1).
    public var cells: [Int: ExploredCell]
    /// Variants computed by running a step, and variants read from the cache.
    public var variantsRun = 0
    public var variantsCached = 0

    public init(variations: [ControlID: Variation] = [:], cells: [Int: ExploredCell] = [:]) {
        self.variations = variations
        self.cells = cells
    }

    /// A chapter with nothing to explore.
    public static let none = ChapterExploration()

    public var isEmpty: Bool { cells.isEmpty }

    /// The own value of a control.
    public func ownValue(_ id: ControlID) -> ParameterValue? { variations[id]?.ownValue }
}

/// Computes a `ChapterExploration` after the chapter's own run (`ChapterRun`) has filled the cache.
public final class ExplorationRun {
    private let cells: [ResolvedCell]
    private let settings: RunSettings
    private let ownOutputs: [[Output]]
    private let progress: @Sendable (String) -> Void
    private var dataFingerprints: [DataNeed: String] = [:]
    private var exploration = ChapterExploration(variations: [:], cells: [:])

    /// A cell as it ran under one setting: its key, and how to get the state it left.
    private final class Node {
        let cell: ResolvedCell
        let key: String
        let parent: Node?
        /// The state after the cell, when it is in memory.
        var state: ChapterState?
        /// Names and hashes of that state: what later cells could read.
        var fingerprint: [String: String]?

        init(cell: ResolvedCell, key: String, parent: Node?) {
            self.cell = cell
            self.key = key
            self.parent = parent
        }
    }

    /// - Parameters:
    ///   - cells: the chapter's resolved cells; `ownOutputs` what each showed with its own values.
    public init(cells: [ResolvedCell], ownOutputs: [[Output]], settings: RunSettings,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        precondition(cells.count == ownOutputs.count, "one list of outputs per cell")
        self.cells = cells
        self.ownOutputs = ownOutputs
        self.settings = settings
        self.progress = progress
    }

    public func run() throws(Diagnostic) -> ChapterExploration {
        guard cells.contains(where: { !$0.variations.isEmpty }) else { return exploration }
        for cell in cells {
            for variation in cell.variations {
                exploration.variations[ControlID(cell: cell.cell.index, name: variation.name)] = variation
            }
        }
        // followed: controls the state before the current cell depends on, with the node of the
        // previous cell for each of their settings. ignored: controls dropped over the budget.
        var followed: [ControlID] = []
        var previous: [[ParameterValue]: Node?] = [[]: nil]
        var ignored: [ControlID] = []
        for (i, cell) in cells.enumerated() {
            let own = cell.variations.map { ControlID(cell: cell.cell.index, name: $0.name) }
            let ownNode = node(cell, previous: previous[followed.map { exploration.ownValue($0)! }] ?? nil)
            // A cell that reads nothing of the state shows the same whatever an earlier control
            // did to it: it follows none, and no note says it shows one's own value. One that
            // reads nothing and writes nothing (a picture of its data) leaves the state as it was,
            // so the cells after it follow what they followed before it, as if it were not there.
            let readsState = !cell.step.needs.isEmpty
            let isPure = !readsState && !cell.step.changesState
            let notes = readsState ? ignored : []
            if own.isEmpty && (followed.isEmpty || isPure) {
                if !notes.isEmpty { exploration.cells[cell.cell.index] = ExploredCell(controls: [], variants: [:], ignored: notes) }
                if !isPure { previous = [[]: ownNode] }
                continue
            }
            var inherited = isPure ? [] : followed
            var combinations = Variation.combinationCount((inherited + own).map { exploration.variations[$0]!.values.count })
            if !isPure && combinations > ExplorationBudget.variantsPerCell {
                // Too many to show with the earlier controls: this cell and those after it show
                // the chapter's own values for them, and say so when a reader changes them.
                ignored += inherited
                inherited = []
                followed = []
                previous = [[]: ownNode.parent]
                combinations = Variation.combinationCount(own.map { exploration.variations[$0]!.values.count })
            }
            let controls = inherited + own
            var variants: [[ParameterValue]: [Output]] = [:]
            var nodes: [[ParameterValue]: Node] = [:]
            var toRun: [(setting: [ParameterValue], node: Node)] = []
            for setting in Variation.combinations(controls.map { exploration.variations[$0]! }) {
                let before = Array(setting.prefix(inherited.count))
                let mine = Array(setting.dropFirst(inherited.count))
                let parent = isPure ? ownNode.parent : (previous[before] ?? nil)
                let replaced = Dictionary(uniqueKeysWithValues: zip(cell.variations.map(\.name), mine))
                let isOwn = zip(controls, setting).allSatisfy { exploration.ownValue($0) == $1 }
                let variantNode = isOwn ? ownNode : node(cell.with(replaced), previous: parent)
                nodes[setting] = variantNode
                if isOwn {
                    variants[setting] = ownOutputs[i]
                } else if let cached = cachedOutputs(of: variantNode) {
                    variants[setting] = cached
                } else {
                    toRun.append((setting, variantNode))
                }
            }
            for (setting, outputs) in zip(toRun.map(\.setting), try execute(toRun.map(\.node), concurrently: cell.step.cost == .quick)) {
                variants[setting] = outputs
            }
            let (shown, shownVariants) = dropControlsWithoutEffect(controls, from: variants, keeping: Set(own))
            exploration.cells[cell.cell.index] = ExploredCell(controls: shown, variants: shownVariants, ignored: readsState ? ignored : [])
            if isPure { continue }
            // Later cells follow the controls that change the state this cell leaves: its own that
            // write to it, and earlier ones it did not overwrite (a cell that trains the model
            // again erases what an earlier control did to it).
            var fingerprints: [[ParameterValue]: [String: String]] = [:]
            for (setting, variantNode) in nodes { fingerprints[setting] = try fingerprint(of: variantNode) }
            let kept = controls.indices.filter { position in Self.matters(position, in: fingerprints) }
            followed = kept.map { controls[$0] }
            let ownValues = controls.map { exploration.ownValue($0)! }
            previous = [:]
            for (setting, variantNode) in nodes
            where controls.indices.allSatisfy({ kept.contains($0) || setting[$0] == ownValues[$0] }) {
                previous[kept.map { setting[$0] }] = Optional(variantNode)
            }
        }
        return exploration
    }

    /// Whether the value at `position` of a setting changes what `results` holds, the other
    /// values fixed.
    static func matters<Result: Equatable>(_ position: Int, in results: [[ParameterValue]: Result]) -> Bool {
        var seen: [[ParameterValue]: Result] = [:]
        for (setting, result) in results {
            var others = setting
            others.remove(at: position)
            if let first = seen[others], first != result { return true }
            seen[others] = result
        }
        return false
    }

    /// The controls whose values change what the cell shows, and its variants over those alone.
    ///
    /// A cell after one whose control changes the state is computed for every value of that
    /// control, since it might read what changed; if no two of those values give it different
    /// outputs, it does not follow the control on the page (its own controls always stay).
    private func dropControlsWithoutEffect(_ controls: [ControlID], from variants: [[ParameterValue]: [Output]],
                                           keeping own: Set<ControlID>) -> ([ControlID], [[ParameterValue]: [Output]]) {
        var controls = controls, variants = variants
        // Compared without their measured times: a training computed again for each value of an
        // earlier control it does not depend on differs only in how long it took.
        var compared = variants.mapValues { $0.map(\.withoutTimes) }
        for id in controls.reversed() where !own.contains(id) {
            let position = controls.firstIndex(of: id)!
            guard !Self.matters(position, in: compared) else { continue }
            let ownValue = exploration.ownValue(id)!
            func dropping(_ results: [[ParameterValue]: [Output]]) -> [[ParameterValue]: [Output]] {
                Dictionary(uniqueKeysWithValues: results.filter { $0.key[position] == ownValue }.map { setting, outputs in
                    var others = setting
                    others.remove(at: position)
                    return (others, outputs)
                })
            }
            variants = dropping(variants)
            compared = dropping(compared)
            controls.remove(at: position)
        }
        return (controls, variants)
    }

    // MARK: Running variants

    /// A variant's node; its key follows the last cell before it that can change the state, as
    /// the chapter's own run keys its cells (`ChapterRun`), so the own values' nodes are its entries.
    private func node(_ cell: ResolvedCell, previous: Node?) -> Node {
        let need = cell.step.data
        if dataFingerprints[need] == nil { dataFingerprints[need] = DataFingerprint.of(need, in: settings.data) }
        var maker = previous
        while let candidate = maker, !candidate.cell.step.changesState { maker = candidate.parent }
        let key = CellKey.make(previous: maker?.key, cell: cell, sourcesFingerprint: settings.fingerprint(of: cell.step),
                               dataFingerprint: dataFingerprints[need]!, seed: settings.seed)
        return Node(cell: cell, key: key, parent: previous)
    }

    /// The outputs of a variant from the cache, if it holds them.
    private func cachedOutputs(of node: Node) -> [Output]? {
        guard settings.readCache, let entry = settings.cache?.entry(node.key) else { return nil }
        node.fingerprint = entry.state
        exploration.variantsCached += 1
        return entry.outputs
    }

    /// Runs the variants `nodes` of one cell, each from the state before it, and returns their
    /// outputs in order.
    ///
    /// Variants are independent of each other, so those of a quick step run on every core at
    /// once: most of a chapter without training is its variants, and one core would leave the
    /// others idle.
    /// A long step (training) runs one variant at a time, since it already keeps every core busy.
    /// Each variant's results are the same either way (its own copy of the state, its own seed);
    /// when several fail, the first in order is the one reported.
    private func execute(_ nodes: [Node], concurrently: Bool) throws(Diagnostic) -> [[Output]] {
        // The states before them, found or computed one at a time (nodes may share a parent).
        let befores = try nodes.map { node throws(Diagnostic) in try state(after: node.parent) }
        exploration.variantsRun += nodes.count
        let lanes = concurrently ? min(nodes.count, ProcessInfo.processInfo.activeProcessorCount) : 1
        guard lanes > 1 else {
            return try zip(nodes, befores).map { node, before throws(Diagnostic) in try execute(node, from: before) }
        }
        let jobs = zip(nodes, befores).map { (cell: $0.cell, key: $0.key, before: $1) }
        let results = Locked([Int: Result<([Output], ChapterState), Diagnostic>]())
        let next = Locked(0)
        let (settings, progress) = (settings, progress)
        DispatchQueue.concurrentPerform(iterations: lanes) { _ in
            // Each lane takes the next variant not yet taken, so a slow one does not hold up the rest.
            while true {
                let index = next.update { taken -> Int in defer { taken += 1 }; return taken }
                guard index < jobs.count else { return }
                let job = jobs[index]
                let result = Result { () throws(Diagnostic) in
                    try CellExecution.run(job.cell, from: job.before, key: job.key, settings: settings, progress: progress)
                }
                results.update { $0[index] = result }
            }
        }
        let finished = results.read { $0 }
        return try nodes.indices.map { index throws(Diagnostic) in
            let (outputs, after) = try finished[index]!.get()
            nodes[index].state = after
            nodes[index].fingerprint = after.entries.mapValues { SHA256.hex($0) }
            return outputs
        }
    }

    /// The state a node left: in memory, from the cache, or computed again.
    private func state(after node: Node?) throws(Diagnostic) -> ChapterState {
        guard let node else { return ChapterState() }
        if let state = node.state { return state }
        if let cache = settings.cache, let entry = cache.entry(node.key), let state = cache.state(of: entry) {
            node.state = state
            return state
        }
        _ = try execute(node, from: try state(after: node.parent))
        return node.state!
    }

    private func fingerprint(of node: Node) throws(Diagnostic) -> [String: String] {
        if let fingerprint = node.fingerprint { return fingerprint }
        if let entry = settings.cache?.entry(node.key) {
            node.fingerprint = entry.state
            return entry.state
        }
        let state = try state(after: node)
        let fingerprint = state.entries.mapValues { SHA256.hex($0) }
        node.fingerprint = fingerprint
        return fingerprint
    }

    private func execute(_ node: Node, from before: ChapterState) throws(Diagnostic) -> [Output] {
        let (outputs, after) = try CellExecution.run(node.cell, from: before, key: node.key, settings: settings, progress: progress)
        node.state = after
        node.fingerprint = after.entries.mapValues { SHA256.hex($0) }
        return outputs
    }
}

/// Runs one cell from a state, on a copy, and saves its entry in the cache.
enum CellExecution {
    static func run(_ cell: ResolvedCell, from before: ChapterState, key: String, settings: RunSettings,
                    progress: @escaping @Sendable (String) -> Void,
                    provisional: @escaping @Sendable (Output) -> Void = { _ in },
                    abandoned: @escaping @Sendable () -> Bool = { false }) throws(Diagnostic) -> ([Output], ChapterState) {
        // Work on a copy, so a cell that throws cannot leave half its changes behind.
        let working = before.copy()
        let context = CellContext(arguments: cell.arguments, state: working, seed: settings.seed, data: settings.data,
                                  progress: progress, provisional: provisional, abandoned: abandoned)
        do {
            try cell.step.run(context)
        } catch {
            throw Diagnostic(cell.cell.location, "step '\(cell.step.name)' failed\(cell.variantDescription): \(error)")
        }
        // A cache that cannot be written costs time next build, not correctness now.
        try? settings.cache?.store(key: key, outputs: context.outputs, state: working)
        return (context.outputs, working)
    }
}

extension ResolvedCell {
    /// " with n=4", when the cell runs with values other than its own (a variant), else "".
    var variantDescription: String {
        let changed = variations.filter { arguments.values[$0.name] != $0.ownValue }
        guard !changed.isEmpty else { return "" }
        return " with " + changed.map { "\($0.name)=\(Excerpt.of(arguments.values[$0.name]!.sourceText))" }.joined(separator: " ")
    }
}
