import Foundation

/// Values shared by the cells of one chapter, stored encoded so that the cache can save the state
/// after each cell and restore it when only a later cell changed.
///
/// A class, because the cells of a chapter share one; its entries are behind a lock, so a step
/// may store a value from any thread.
public final class ChapterState: Sendable {
    private let stored: Locked<[String: Data]>

    public init(entries: [String: Data] = [:]) {
        stored = Locked(entries)
    }

    /// Every value, encoded, by key.
    public var entries: [String: Data] { stored.read { $0 } }

    /// Stores `value` under `key`, replacing what was there.
    public func set<Value: Encodable>(_ key: String, _ value: Value) throws {
        let data = try JSONCoding.encoder().encode(value)
        stored.update { $0[key] = data }
    }

    /// The value stored under `key` by an earlier cell.
    /// Throws a readable error naming the key when no earlier cell stored it.
    public func get<Value: Decodable>(_ type: Value.Type, _ key: String) throws -> Value {
        guard let data = stored.read({ $0[key] }) else { throw StepError.missingState(key) }
        return try JSONCoding.decoder().decode(Value.self, from: data)
    }

    /// Whether an earlier cell stored a value under `key`.
    public func has(_ key: String) -> Bool { stored.read { $0[key] != nil } }

    /// A copy, so a cell that fails cannot leave half its changes behind.
    public func copy() -> ChapterState { ChapterState(entries: entries) }
}
