/// A parameter type a course defines for itself: the book's runner knows only general types
/// (integers, numbers, choices, strings, booleans, number lists); anything else — a matrix of
/// weights, a function to integrate — is a `ParameterKind` the course declares with its steps.
///
/// The runner asks it to check and canonicalise every written value before anything runs, so a
/// bad value is a located error in `tutor check` and the build, exactly as for the general types.
public protocol ParameterKind: Sendable {
    /// A short name for the type, unique within a course ("filter", "function").
    var name: String { get }
    /// How `tutor list` shows the accepted values ("sin|exp|square").
    var summary: String { get }
    /// What the parameter accepts, in words, completing "parameter 'f' of step 's' is ...".
    var expected: String { get }
    /// The values a control on the page could offer, when they are few or a range; nil if free-form.
    var domain: ParameterDomain? { get }
    /// How a live page (`tutor serve`) edits a value written out rather than chosen from `domain`.
    var editor: ParameterEditor { get }
    /// The canonical form of `value` (so equal values share one cache entry), or why it is refused.
    func check(_ value: ParameterValue) -> Result<ParameterValue, ParameterFailure>
}

extension ParameterKind {
    public var domain: ParameterDomain? { nil }
    public var editor: ParameterEditor { .text }
}

/// How a value is written on a live page when it is not one of a few choices.
public enum ParameterEditor: Sendable, Hashable {
    /// As text, the way a cell's info string writes it.
    case text
    /// A square grid of numbers (a matrix of weights), of one of these sides.
    case squareMatrix(sides: [Int])
}

/// The shape of the values a parameter takes, for a control on the page.
public enum ParameterDomain: Sendable, Hashable {
    /// One of a few names.
    case choices([String])
    /// A whole number in a range.
    case integers(ClosedRange<Int>)
}
