import Book

/// A kernel given by name (`sobelX`) or by its weights.
public enum KernelArgument: Sendable, Hashable {
    case named(String)
    case matrix([[Double]])
}

/// The kernel parameter type: one of the named kernels, or a square matrix with an odd side up
/// to `maximumSide` whose weights lie within `weights`, such as `[[0,1,0],[1,-4,1],[0,1,0]]`.
public struct KernelParameter: ParameterKind {
    /// The largest kernel side a cell may write out.
    public static let maximumSide = 15
    /// The weights a literal kernel may hold: small enough that a convolution of 0...255 pixels
    /// stays far inside Float's range (15 · 15 · 255 · 10^6 ≈ 6 · 10^10).
    public static let weights: ClosedRange<Double> = -1_000_000...1_000_000
    /// The smallest size of a weight other than 0. Below about 1.2e-38 a Float (the library's
    /// number) holds a number only roughly: 3e-45 is stored as 2.8e-45, and a page that wrote out
    /// 3e-45 · 252 would show a product that is not the one computed.
    public static let smallestWeight = 1e-30

    /// Whether `weight` may stand in a literal kernel.
    static func allows(_ weight: Double) -> Bool {
        weights.contains(weight) && (weight == 0 || abs(weight) >= smallestWeight)
    }

    public let names: [String]

    public init(named names: [String]) { self.names = names }

    public var name: String { "kernel" }
    public var summary: String { (names + ["[[matrix]]"]).joined(separator: "|") }
    public var expected: String {
        "one of: \(names.joined(separator: ", ")), or a square matrix with an odd side up to \(Self.maximumSide) "
            + "and weights\(ParameterCheck.describe(Self.weights)), each 0 or at least 1e-30 in size, such as [[0,1,0],[1,-4,1],[0,1,0]]"
    }
    public var domain: ParameterDomain? { .choices(names) }
    /// A grid of number boxes on a live page, of the odd sides a cell may write.
    public var editor: ParameterEditor { .squareMatrix(sides: Array(stride(from: 1, through: Self.maximumSide, by: 2))) }

    public func check(_ value: ParameterValue) -> Result<ParameterValue, ParameterFailure> {
        if let name = value.nameValue {
            guard names.contains(name) else { return .failure(ParameterFailure(expected, suggestion: name, choices: names)) }
            return .success(.identifier(name))
        }
        guard case .list(let rows) = value, !rows.isEmpty, rows.count % 2 == 1, rows.count <= Self.maximumSide else {
            return .failure(ParameterFailure(expected))
        }
        var matrix: [ParameterValue] = []
        for row in rows {
            guard case .list(let items) = row, items.count == rows.count else { return .failure(ParameterFailure(expected)) }
            let numbers = items.compactMap(\.numberValue)
            guard numbers.count == items.count, numbers.allSatisfy(Self.allows) else { return .failure(ParameterFailure(expected)) }
            matrix.append(.list(numbers.map(ParameterValue.number)))
        }
        return .success(.list(matrix))
    }
}

extension ParameterSpec {
    /// A square kernel with an odd side: either one of the named kernels or a literal matrix
    /// such as `[[0,1,0],[1,-4,1],[0,1,0]]`.
    public static func kernel(_ name: String, named choices: [String], default value: String, help: String = "") -> ParameterSpec {
        .custom(name, KernelParameter(named: choices), default: .identifier(value), help: help)
    }
}

extension Arguments {
    /// A kernel parameter: either a name (returned as `.named`) or a literal matrix.
    public func kernel(_ name: String) throws(StepError) -> KernelArgument {
        let value = try value(name)
        switch value {
        case .identifier(let v), .string(let v): return .named(v)
        case .list(let rows):
            var matrix: [[Double]] = []
            for row in rows {
                guard case .list(let items) = row else { throw wrongType(name, value, "a kernel") }
                let numbers = items.compactMap(\.numberValue)
                guard numbers.count == items.count else { throw wrongType(name, value, "a kernel") }
                matrix.append(numbers)
            }
            return .matrix(matrix)
        default: throw wrongType(name, value, "a kernel")
        }
    }
}
