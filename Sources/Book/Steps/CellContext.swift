import Foundation

/// What a step sees while it runs: its checked arguments, the chapter's shared state, where the
/// data is, the seed, and a place to put its outputs.
///
/// One context per cell; `state` is shared by all the cells of a chapter, in order, so a later
/// cell can use the model an earlier cell trained.
public final class CellContext: @unchecked Sendable {
    /// Arguments after type checking, with defaults filled in.
    public let arguments: Arguments
    /// Values shared by the cells of one chapter.
    public let state: ChapterState
    /// The seed of this build (the same seed gives the same book).
    public let seed: UInt64
    /// Where the data lives: the sample shipped with the repository, and the full MNIST.
    public let data: DataDirectories
    /// Reports progress (training batches) to a terminal, if one is watching.
    public let progress: @Sendable (String) -> Void
    /// What the step has shown so far, in order.
    public private(set) var outputs: [Output] = []

    public init(arguments: Arguments, state: ChapterState, seed: UInt64, data: DataDirectories,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.arguments = arguments
        self.state = state
        self.seed = seed
        self.data = data
        self.progress = progress
    }

    /// Adds an output to the page, after the ones already shown.
    public func show(_ output: Output) {
        outputs.append(output)
    }
}

/// Where a step finds its data.
public struct DataDirectories: Sendable, Hashable {
    /// The few hundred digits shipped with the repository.
    public var sample: URL
    /// The full MNIST directory (it may not exist; a step that needs it says how to get it).
    public var mnist: URL

    public init(sample: URL, mnist: URL) {
        self.sample = sample
        self.mnist = mnist
    }
}

/// Checked arguments of one cell, read with typed accessors.
///
/// The registry has already type-checked every value against the step's `ParameterSpec`s, so a
/// wrong type here is a programmer mistake (a step reading a parameter it never declared).
public struct Arguments: Sendable, Hashable {
    public let values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue]) {
        self.values = values
    }

    public func value(_ name: String) -> ParameterValue {
        guard let value = values[name] else {
            preconditionFailure("step reads parameter '\(name)' that it did not declare")
        }
        return value
    }

    public func integer(_ name: String) -> Int {
        switch value(name) {
        case .integer(let v): return v
        case let other: preconditionFailure("parameter '\(name)' is \(other), not an integer")
        }
    }

    public func number(_ name: String) -> Double {
        switch value(name) {
        case .integer(let v): return Double(v)
        case .number(let v): return v
        case let other: preconditionFailure("parameter '\(name)' is \(other), not a number")
        }
    }

    public func string(_ name: String) -> String {
        switch value(name) {
        case .identifier(let v), .string(let v): return v
        case let other: preconditionFailure("parameter '\(name)' is \(other), not a string")
        }
    }

    public func boolean(_ name: String) -> Bool {
        string(name) == "true"
    }

    public func numbers(_ name: String) -> [Double] {
        guard case .list(let items) = value(name) else {
            preconditionFailure("parameter '\(name)' is not a list")
        }
        return items.map { item in
            switch item {
            case .integer(let v): return Double(v)
            case .number(let v): return v
            default: preconditionFailure("parameter '\(name)' holds a non-number")
            }
        }
    }

    /// A kernel parameter: either a name (returned as `.named`) or a literal matrix.
    public func kernel(_ name: String) -> KernelArgument {
        switch value(name) {
        case .identifier(let v), .string(let v): return .named(v)
        case .list(let rows):
            return .matrix(rows.map { row -> [Double] in
                guard case .list(let items) = row else { preconditionFailure("kernel row is not a list") }
                return items.map { item in
                    switch item {
                    case .integer(let v): return Double(v)
                    case .number(let v): return v
                    default: preconditionFailure("kernel holds a non-number")
                    }
                }
            })
        default: preconditionFailure("parameter '\(name)' is not a kernel")
        }
    }
}

/// A kernel given by name (`sobelX`) or by its weights.
public enum KernelArgument: Sendable, Hashable {
    case named(String)
    case matrix([[Double]])
}

/// Values shared by the cells of one chapter, stored encoded so that the cache can save the state
/// after each cell and restore it when only a later cell changed.
public final class ChapterState: @unchecked Sendable {
    public private(set) var entries: [String: Data]

    public init(entries: [String: Data] = [:]) {
        self.entries = entries
    }

    /// Stores `value` under `key`, replacing what was there.
    public func set<Value: Encodable>(_ key: String, _ value: Value) throws {
        entries[key] = try JSONCoding.encoder().encode(value)
    }

    /// The value stored under `key` by an earlier cell.
    /// Throws a readable error naming the key when no earlier cell stored it.
    public func get<Value: Decodable>(_ type: Value.Type, _ key: String) throws -> Value {
        guard let data = entries[key] else { throw StepError.missingState(key) }
        return try JSONCoding.decoder().decode(Value.self, from: data)
    }

    /// Whether an earlier cell stored a value under `key`.
    public func has(_ key: String) -> Bool { entries[key] != nil }

    /// A copy, so a cell that fails cannot leave half its changes behind.
    public func copy() -> ChapterState { ChapterState(entries: entries) }
}

/// Errors a step throws for problems a reader can fix.
public enum StepError: Error, CustomStringConvertible, Equatable {
    /// A cell needs something an earlier cell of the chapter makes.
    case missingState(String)
    /// The step cannot run with these inputs; the message says why.
    case failed(String)

    public var description: String {
        switch self {
        case .missingState(let key):
            return "no '\(key)' in this chapter yet: a cell that makes it must come earlier"
        case .failed(let message):
            return message
        }
    }
}
