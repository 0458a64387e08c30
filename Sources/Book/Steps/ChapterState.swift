import Foundation

/// Values shared by the cells of one chapter, stored encoded so that the cache can save the state
/// after each cell and restore it when only a later cell changed.
///
/// A class, because the cells of a chapter share one; its entries are behind a lock, so a step
/// may store a value from any thread.
public final class ChapterState: Sendable {
    private let stored: Locked<[String: Data]>
    /// While a step runs: the keys it declared (`StepDefinition.needs` and `makes`), and the
    /// first key it touched without declaring it.
    private let declared = Locked<Declaration?>(nil)

    private struct Declaration {
        var readable: Set<String>
        var writable: Set<String>
        /// What the step did wrong first, if it touched a key it did not declare.
        var misuse: String?
    }

    public init(entries: [String: Data] = [:]) {
        stored = Locked(entries)
    }

    /// Every value, encoded, by key.
    public var entries: [String: Data] { stored.read { $0 } }

    /// Stores `value` under `key`, replacing what was there.
    public func set<Value: Encodable>(_ key: String, _ value: Value) throws {
        try allow(key, writing: true)
        let data = try JSONCoding.encoder().encode(value)
        stored.update { $0[key] = data }
    }

    /// The value stored under `key` by an earlier cell.
    /// Throws a readable error naming the key when no earlier cell stored it.
    public func get<Value: Decodable>(_ type: Value.Type, _ key: String) throws -> Value {
        try allow(key, writing: false)
        guard let data = stored.read({ $0[key] }) else { throw StepError.missingState(key) }
        do {
            return try JSONCoding.decoder().decode(Value.self, from: data)
        } catch {
            // Only a state changed outside the book (a cache file edited by hand) reads wrong:
            // the steps that write a key are the ones that read it.
            throw StepError.failed("the chapter state under '\(key)' does not read as the value this step expects "
                                   + "(\(Self.reason(error))): no cell leaves that; rebuild with --no-cache")
        }
    }

    /// A decoding error in a few words: what was wrong, and where in the value.
    private static func reason(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at " + keys.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .typeMismatch(let type, let context): return "not a \(type)\(path(context))"
        case .valueNotFound(let type, let context): return "no \(type)\(path(context))"
        case .keyNotFound(let key, let context): return "no '\(key.stringValue)'\(path(context))"
        case .dataCorrupted(let context): return "not readable\(path(context))"
        default: return "not readable"
        }
    }

    /// Whether an earlier cell stored a value under `key`.
    /// (It cannot throw: a key the step did not declare fails the step when it returns.)
    public func has(_ key: String) -> Bool {
        try? allow(key, writing: false)
        return stored.read { $0[key] != nil }
    }

    /// Runs `body` (a step) with only the keys it declared open to it: reading one of `needs` or
    /// `makes`, writing one of `makes`. Any other key fails it, as a bug in the step, even if the
    /// step caught that error.
    func declaring(needs: [String], makes: [String], _ body: () throws -> Void) throws {
        let outer = declared.read { $0 }
        declared.update { $0 = Declaration(readable: Set(needs + makes), writable: Set(makes)) }
        defer { declared.update { $0 = outer } }
        try body()
        if let misuse = declared.read({ $0?.misuse }) { throw StepError.programming(misuse) }
    }

    /// Throws if a running step touches a key it did not declare (and remembers the first misuse).
    private func allow(_ key: String, writing: Bool) throws {
        let misuse = declared.update { declaration -> String? in
            guard var d = declaration else { return nil }
            guard !(writing ? d.writable : d.readable).contains(key) else { return nil }
            let misuse = writing
                ? "it wrote the chapter state '\(key)' without declaring it (makes: [\"\(key)\"] in its StepDefinition)"
                : "it read the chapter state '\(key)' without declaring it (needs: [\"\(key)\"] in its StepDefinition)"
            if d.misuse == nil { d.misuse = misuse }
            declaration = d
            return misuse
        }
        if let misuse { throw StepError.programming(misuse) }
    }

    /// A copy, so a cell that fails cannot leave half its changes behind.
    public func copy() -> ChapterState { ChapterState(entries: entries) }
}
