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
