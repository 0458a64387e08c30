/// Checked arguments of one cell, read with typed accessors.
///
/// The registry has already checked every value against the step's `ParameterSpec`s, so a missing
/// name or a wrong type here is a bug in the step (it reads a parameter it never declared, or as
/// another type). That fails the cell with `StepError.programming`, at the cell's location; it
/// does not stop the build.
public struct Arguments: Sendable, Hashable {
    public let values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue]) {
        self.values = values
    }

    public func value(_ name: String) throws(StepError) -> ParameterValue {
        guard let value = values[name] else {
            throw .programming("it reads parameter '\(name)', which it does not declare "
                               + "(it declares: \(values.keys.sorted().joined(separator: ", ")))")
        }
        return value
    }

    public func integer(_ name: String) throws(StepError) -> Int {
        switch try value(name) {
        case .integer(let v): return v
        case let other: throw wrongType(name, other, "an integer")
        }
    }

    public func number(_ name: String) throws(StepError) -> Double {
        switch try value(name) {
        case .integer(let v): return Double(v)
        case .number(let v): return v
        case let other: throw wrongType(name, other, "a number")
        }
    }

    public func string(_ name: String) throws(StepError) -> String {
        switch try value(name) {
        case .identifier(let v), .string(let v): return v
        case let other: throw wrongType(name, other, "a string")
        }
    }

    public func boolean(_ name: String) throws(StepError) -> Bool {
        switch try value(name) {
        case .identifier("true"): return true
        case .identifier("false"): return false
        case let other: throw wrongType(name, other, "true or false")
        }
    }

    public func numbers(_ name: String) throws(StepError) -> [Double] {
        let value = try value(name)
        guard case .list(let items) = value else { throw wrongType(name, value, "a list of numbers") }
        var numbers: [Double] = []
        for item in items {
            guard let number = ParameterCheck.number(item) else { throw wrongType(name, value, "a list of numbers") }
            numbers.append(number)
        }
        return numbers
    }

    /// The error for a step that reads parameter `name` as `expected` (a course's own accessor,
    /// `arguments.filter("f")`, throws it too) when it holds `value`.
    public func wrongType(_ name: String, _ value: ParameterValue, _ expected: String) -> StepError {
        .programming("it reads parameter '\(name)' as \(expected), but the parameter holds \(value.kindDescription)")
    }
}
