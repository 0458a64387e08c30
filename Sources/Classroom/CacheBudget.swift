import Book
import Foundation

/// Keeps what this `tutor serve` adds to the disk cache under `limit` bytes.
///
/// Every value a reader tries is a new cache entry (the seeds and labels alone of the book make
/// tens of gigabytes), and only `tutor build` prunes the cache. So the server counts the entries
/// it writes, with the state values they brought, and past the limit deletes the ones used least
/// lately. What was in the cache when the server started (the last build's entries, which make
/// the book's own pages instant) is never counted nor deleted; an entry deleted is only computed
/// again if asked for again.
final class CacheBudget: @unchecked Sendable {  // state guarded by `lock`
    let cache: CellCache
    let limit: Int
    private let lock = NSLock()
    /// What the cache held at the start: never deleted.
    private var before: (keys: Set<String>, states: Set<String>) = ([], [])
    /// Entries written this session, least recently used first, with their sizes.
    private var entries: [(key: String, bytes: Int, states: [String])] = []
    /// State values written this session: their size, and how many of `entries` name them.
    private var states: [String: (bytes: Int, users: Int)] = [:]
    private(set) var bytes = 0

    init(cache: CellCache, limit: Int) {
        precondition(limit >= 0, "a budget is not negative")
        self.cache = cache
        self.limit = limit
    }

    /// Notes what the cache holds now, as the part to leave alone. Call once the cache is prepared.
    func start() {
        let names = cache.storedNames()
        lock.withLock { before = names }
    }

    /// A cell ran and its entry was (most likely) written under `key`: counted, and the entries
    /// used least lately deleted until the session's part fits the limit again.
    func stored(_ key: String) {
        lock.withLock {
            guard !before.keys.contains(key) else { return }
            // Written again (it had been deleted, or was damaged): counted afresh.
            let earlier = forget(key)
            // A write that failed is skipped by the cache: then there is nothing to count.
            guard let size = cache.entrySize(key), let entry = cache.entry(key) else {
                for digest in earlier { cache.removeState(digest) }
                return
            }
            let named = Set(entry.state.values).subtracting(before.states)
            for digest in earlier where !named.contains(digest) { cache.removeState(digest) }
            for digest in named {
                if let known = states[digest] {
                    states[digest] = (known.bytes, known.users + 1)
                } else if let stateBytes = cache.stateSize(digest) {
                    states[digest] = (stateBytes, 1)
                    bytes += stateBytes
                }
            }
            entries.append((key, size, named.filter { states[$0] != nil }.sorted()))
            bytes += size
            while bytes > limit, !entries.isEmpty { evict(entries[0].key) }
        }
    }

    /// A cell was read from the cache under `key`: if this session wrote it, it is kept longer.
    func used(_ key: String) {
        lock.withLock {
            guard let index = entries.firstIndex(where: { $0.key == key }) else { return }
            entries.append(entries.remove(at: index))
        }
    }

    /// Deletes entry `key` and the state values only it named.
    private func evict(_ key: String) {
        cache.removeEntry(key)
        for digest in forget(key) { cache.removeState(digest) }
    }

    /// Stops counting entry `key`; returns the state values no other counted entry names.
    @discardableResult
    private func forget(_ key: String) -> [String] {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return [] }
        let entry = entries.remove(at: index)
        bytes -= entry.bytes
        var unused: [String] = []
        for digest in entry.states {
            guard let known = states[digest] else { continue }
            if known.users > 1 {
                states[digest] = (known.bytes, known.users - 1)
            } else {
                states[digest] = nil
                bytes -= known.bytes
                unused.append(digest)
            }
        }
        return unused
    }
}
