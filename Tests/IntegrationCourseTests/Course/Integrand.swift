import Book
import Foundation

/// The course's own parameter type: a function to integrate, by name.
///
/// It proves a course can define a type the runner has never heard of: the runner checks it,
/// puts it in canonical form and locates a bad value, using only what this type says.
struct Integrand: ParameterKind {
    /// Each function with its antiderivative, so a page can compare the estimate with the truth.
    static let all: [(name: String, f: @Sendable (Double) -> Double, antiderivative: @Sendable (Double) -> Double)] = [
        ("sin", { sin($0) }, { -cos($0) }),
        ("exp", { exp($0) }, { exp($0) }),
        ("square", { $0 * $0 }, { $0 * $0 * $0 / 3 }),
    ]
    static var names: [String] { all.map(\.name) }

    var name: String { "function" }
    var summary: String { Self.names.joined(separator: "|") }
    var expected: String { "a function, one of: \(Self.names.joined(separator: ", "))" }
    var domain: ParameterDomain? { .choices(Self.names) }

    func check(_ value: ParameterValue) -> Result<ParameterValue, ParameterFailure> {
        guard let name = value.nameValue, Self.names.contains(name) else {
            return .failure(ParameterFailure(expected, suggestion: value.nameValue, choices: Self.names))
        }
        // `f="sin"` and `f=sin` are the same argument, and the same cache entry.
        return .success(.identifier(name))
    }

    /// The function and its antiderivative named by a checked argument.
    static func named(_ name: String) throws(StepError) -> (f: @Sendable (Double) -> Double, antiderivative: @Sendable (Double) -> Double) {
        guard let entry = all.first(where: { $0.name == name }) else {
            throw .programming("function '\(name)' passed the check but is not defined")
        }
        return (entry.f, entry.antiderivative)
    }
}
