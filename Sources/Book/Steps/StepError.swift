/// Errors a step throws. The runner reports each at the cell's `path:line:column`, naming the step,
/// and fails that cell's chapter; the rest of the book still builds.
public enum StepError: Error, CustomStringConvertible, Equatable {
    /// A cell needs something an earlier cell of the chapter makes.
    case missingState(String)
    /// The step cannot run with these inputs or this data; the message says why.
    case failed(String)
    /// The arguments break one of the step's rules (`StepDefinition.validate`); `parameter` is the
    /// one to point at, when one is to blame.
    case invalidArguments(String, parameter: String?)
    /// A sentence the step was about to print about its result is false; the message says what
    /// was measured instead.
    case claimFailed(String)
    /// A bug in the step itself, not in the chapter (it read a parameter it never declared, or
    /// as the wrong type).
    case programming(String)
    /// Nobody waits for this cell any more (the reader of `tutor serve` who asked for it left):
    /// the step stopped partway, and nothing of it is kept (`CellContext.stopIfNobodyWaits`).
    case stopped

    public var description: String {
        switch self {
        case .missingState(let key):
            return "no '\(key)' in this chapter yet: a cell that makes it must come earlier"
        case .failed(let message), .invalidArguments(let message, _):
            return message
        case .claimFailed(let message):
            return "a claim about the result is false: \(message)"
        case .programming(let message):
            return "bug in the step (not in the chapter): \(message)"
        case .stopped:
            return "stopped partway: nobody waits for this cell any more"
        }
    }
}
