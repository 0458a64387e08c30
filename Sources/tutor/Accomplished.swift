import Foundation

/// What a command has finished: said together with a later failure to write to standard output
/// or error, so that a full disk or a closed stream does not leave a user believing nothing
/// happened (a step file created, a book written, data fetched) and trying again.
enum Accomplished {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var items: [String] = []  // guarded by `lock`

    /// Records one finished action, as a clause: "created Sources/Lessons/Custom/Ink.swift".
    static func note(_ item: String) {
        lock.withLock { items.append(item) }
    }

    /// "; before that, tutor created ...", or "" when nothing was recorded.
    static var clause: String {
        let items = lock.withLock { Self.items }
        return items.isEmpty ? "" : "; before that, tutor " + items.joined(separator: ", and ")
    }
}
