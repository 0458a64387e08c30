/// The declaration of one parameter of a step: its name, type, default and help.
public struct ParameterSpec: Sendable, Hashable {
    public let name: String
    public let type: ParameterType
    public let defaultValue: ParameterValue
    public let help: String
    /// Set when the parameter means something only while another has a given value (a dense
    /// network has no filters; see `only(when:is:)`).
    public private(set) var condition: ParameterCondition?

    public init(_ name: String, _ type: ParameterType, default defaultValue: ParameterValue, help: String = "") {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
    }

    /// This parameter, meaningful only when `parameter` is `value` (a choice's or a boolean's
    /// word). A cell that writes it otherwise is refused, since the step would ignore it; and
    /// `tutor run --set` leaves it out of such cells, so that `--set filters=8` sets the filters
    /// of a chapter's convolutional networks and leaves its dense one as it is.
    public func only(when parameter: String, is value: String) -> ParameterSpec {
        var spec = self
        spec.condition = ParameterCondition(parameter: parameter, value: .identifier(value))
        return spec
    }

    /// Whether the parameter means something with these arguments (always, without a condition).
    public func applies(in values: [String: ParameterValue]) -> Bool {
        guard let condition else { return true }
        return values[condition.parameter] == condition.value
    }

    public static func integer(_ name: String, default value: Int, in range: ClosedRange<Int>? = nil, help: String = "") -> ParameterSpec {
        ParameterSpec(name, .integer(range), default: .integer(value), help: help)
    }
    public static func number(_ name: String, default value: Double, in range: ClosedRange<Double>? = nil, help: String = "") -> ParameterSpec {
        ParameterSpec(name, .number(range), default: .number(value), help: help)
    }
    public static func choice(_ name: String, _ choices: [String], default value: String, help: String = "") -> ParameterSpec {
        ParameterSpec(name, .choice(choices), default: .identifier(value), help: help)
    }
    public static func string(_ name: String, default value: String, help: String = "") -> ParameterSpec {
        ParameterSpec(name, .string, default: .string(value), help: help)
    }
    public static func boolean(_ name: String, default value: Bool, help: String = "") -> ParameterSpec {
        ParameterSpec(name, .boolean, default: .identifier(value ? "true" : "false"), help: help)
    }
    /// A list of numbers: `count` says how many it may hold (at least one unless told), `each`
    /// the range every element must lie in.
    public static func numbers(_ name: String, default value: [Double], count: ClosedRange<Int> = 1...ListRule.longest,
                               each: ClosedRange<Double>? = nil, help: String = "") -> ParameterSpec {
        ParameterSpec(name, .numberList(ListRule(count: count, each: each)), default: .list(value.map(ParameterValue.number)), help: help)
    }
    /// A parameter of a type the course defines (`ParameterKind`).
    public static func custom(_ name: String, _ kind: any ParameterKind, default value: ParameterValue, help: String = "") -> ParameterSpec {
        ParameterSpec(name, .custom(CustomParameterType(kind)), default: value, help: help)
    }
}

/// Another parameter's value that a parameter needs to mean anything (`ParameterSpec.only(when:is:)`).
public struct ParameterCondition: Sendable, Hashable {
    public let parameter: String
    public let value: ParameterValue
}

/// What values a parameter accepts. Checked when a chapter is parsed, before anything runs.
public enum ParameterType: Sendable, Hashable {
    /// A whole number, optionally within a range.
    case integer(ClosedRange<Int>?)
    /// Any finite number, optionally within a range.
    case number(ClosedRange<Double>?)
    /// One of the listed identifiers.
    case choice([String])
    /// A quoted string (an identifier is accepted too).
    case string
    /// `true` or `false`.
    case boolean
    /// A bracketed list of finite numbers, `[0.1, 0.01]`, as long as `ListRule.count` allows and
    /// each within `ListRule.each`.
    case numberList(ListRule)
    /// A type the course defines, with its own check and description.
    case custom(CustomParameterType)
}

/// How long a number list may be, and the range of its elements.
public struct ListRule: Sendable, Hashable {
    /// The longest list any parameter takes unless it says otherwise.
    public static let longest = 100

    public var count: ClosedRange<Int>
    public var each: ClosedRange<Double>?

    public init(count: ClosedRange<Int> = 1...ListRule.longest, each: ClosedRange<Double>? = nil) {
        self.count = count
        self.each = each
    }
}

/// A parsed value from an info string, e.g. `7`, `0.5`, `sin`, `"a b"`, `[[0,1],[1,0]]`.
public indirect enum ParameterValue: Sendable, Hashable, Codable {
    case integer(Int)
    case number(Double)
    case identifier(String)
    case string(String)
    case list([ParameterValue])
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
