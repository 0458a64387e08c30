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
