import Foundation

/// What a step sees while it runs: its checked arguments, the chapter's shared state, where the
/// data is, the seed, and a place to put its outputs.
///
/// One context per cell; `state` is shared by all the cells of a chapter, in order, so a later
/// cell can use the model an earlier cell trained. A step may show outputs from several threads
/// (a training callback), so the list of outputs is guarded by a lock.
public final class CellContext: Sendable {
    /// Arguments after type checking, with defaults filled in.
    public let arguments: Arguments
    /// Values shared by the cells of one chapter.
    public let state: ChapterState
    /// The seed of this build (the same seed gives the same book).
    public let seed: UInt64
    /// Where the data lives: the build's data sources, by name (`try data.folder("samples")`).
    public let data: DataSources
    /// Reports progress (training batches) to a terminal, if one is watching.
    public let progress: @Sendable (String) -> Void
    /// Receives outputs shown while the step runs (`showProvisional`).
    private let provisional: @Sendable (Output) -> Void
    /// True once whoever asked for the cell no longer waits for it.
    private let abandoned: @Sendable () -> Bool

    private let shown = Locked<[Output]>([])

    public init(arguments: Arguments, state: ChapterState, seed: UInt64, data: DataSources,
                progress: @escaping @Sendable (String) -> Void = { _ in },
                provisional: @escaping @Sendable (Output) -> Void = { _ in },
                abandoned: @escaping @Sendable () -> Bool = { false }) {
        self.arguments = arguments
        self.state = state
        self.seed = seed
        self.data = data
        self.progress = progress
        self.provisional = provisional
        self.abandoned = abandoned
    }

    /// Throws `StepError.stopped` once nobody waits for this cell any more: a reader of `tutor
    /// serve` who asked for a training and closed the page. A step that runs for long (a training
    /// loop) calls it as it goes, so that the place it holds in the server's line is given to the
    /// next reader within a batch instead of after minutes of work nobody will see. A build never
    /// abandons a cell.
    public func stopIfNobodyWaits() throws(StepError) {
        if abandoned() { throw StepError.stopped }
    }

    /// Shows an output for the time the step runs (the loss curve so far, redrawn as training
    /// goes), where someone is watching live (`tutor serve`). It is not one of the step's outputs:
    /// the page and the cache keep only what `show` adds, which replaces it when the step ends.
    public func showProvisional(_ output: Output) {
        provisional(output)
    }

    /// What the step has shown so far, in order.
    public var outputs: [Output] { shown.read { $0 } }

    /// Adds an output to the page, after the ones already shown. (Every number in it is checked
    /// to be finite when the step returns: see `FiniteOutputs`.)
    public func show(_ output: Output) {
        shown.update { $0.append(output) }
    }

    /// States a fact about a result, shown only if it is true.
    ///
    /// The book never prints a verdict it did not check: when `condition` is false the cell
    /// fails, with `otherwise` saying what was measured, and so does the build.
    ///
    ///     try cell.claim(difference < 1e-5, "The formula is right.",
    ///                    otherwise: "the formula is off by \(difference)")
    public func claim(_ condition: Bool, _ sentence: String, otherwise failure: @autoclosure () -> String) throws(StepError) {
        guard condition else { throw StepError.claimFailed(failure()) }
        show(.text(sentence))
    }
}
