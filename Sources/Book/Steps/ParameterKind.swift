/// A parameter type a course defines for itself: the book's runner knows only general types
/// (integers, numbers, choices, strings, booleans, number lists); anything else — a convolution
/// filter, a function to integrate — is a `ParameterKind` the course declares with its steps.
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
    /// The canonical form of `value` (so equal values share one cache entry), or why it is refused.
    func check(_ value: ParameterValue) -> Result<ParameterValue, ParameterFailure>
}

extension ParameterKind {
    public var domain: ParameterDomain? { nil }
}

/// The shape of the values a parameter takes, for a control on the page.
public enum ParameterDomain: Sendable, Hashable {
    /// One of a few names.
    case choices([String])
    /// A whole number in a range.
    case integers(ClosedRange<Int>)
}

/// Why a value was refused: what the parameter accepts, and a near-miss name to suggest.
public struct ParameterFailure: Error, Sendable, Hashable {
    public var expected: String
    public var suggestion: String?

    /// - Parameters:
    ///   - name: the name that was written, if the value was a name: the nearest of `choices`
    ///     (by edit distance) is suggested.
    public init(_ expected: String, suggestion name: String? = nil, choices: [String] = []) {
        self.expected = expected
        self.suggestion = name.flatMap { Suggestion.nearest(to: $0, in: choices) }
    }
}

/// A course's parameter type inside a `ParameterType`: compared by name and description, so two
/// specs that declare the same kind are equal.
public struct CustomParameterType: Sendable, Hashable {
    public let kind: any ParameterKind

    public init(_ kind: any ParameterKind) { self.kind = kind }

    public static func == (a: CustomParameterType, b: CustomParameterType) -> Bool {
        a.kind.name == b.kind.name && a.kind.expected == b.kind.expected && a.kind.summary == b.kind.summary
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind.name)
        hasher.combine(kind.expected)
    }
}

extension ParameterValue {
    /// The value as a number, if it is one (an integer is a number too).
    public var numberValue: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .number(let v): return v
        default: return nil
        }
    }

    /// The value as a name, if it is an identifier or a string.
    public var nameValue: String? {
        switch self {
        case .identifier(let v), .string(let v): return v
        default: return nil
        }
    }
}
