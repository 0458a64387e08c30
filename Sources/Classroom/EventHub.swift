import Foundation

/// The open `/api/events` streams: every page of the book listens here for "a chapter changed"
/// and "the step code changed". When the server stops, every stream is ended, so no page holds
/// the shutdown up.
final class EventHub: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var listeners: [UInt64: AsyncStream<ServerEvent>.Continuation] = [:]
    private var nextID: UInt64 = 0
    private var stopped = false
    /// The last word on the step code, told to every page that connects after it.
    private var stepsNotice: ServerEvent?

    /// A new stream of events; it ends when the listener goes or the server stops.
    func listen() -> AsyncStream<ServerEvent> {
        let (stream, continuation) = AsyncStream<ServerEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        lock.lock()
        if stopped {
            lock.unlock()
            continuation.finish()
            return stream
        }
        nextID += 1
        let id = nextID
        listeners[id] = continuation
        let notice = stepsNotice
        lock.unlock()
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        if let notice { continuation.yield(notice) }
        return stream
    }

    func publish(_ event: ServerEvent) {
        lock.lock()
        if case .steps = event { stepsNotice = event }
        let all = Array(listeners.values)
        lock.unlock()
        for listener in all { listener.yield(event) }
    }

    /// Ends every stream, now and for any that connects later, and tells `whenStopped`.
    func stop() {
        lock.lock()
        stopped = true
        let all = Array(listeners.values)
        listeners = [:]
        let told = Array(stopWatchers.values)
        stopWatchers = [:]
        lock.unlock()
        for listener in all { listener.finish() }
        for watcher in told { watcher() }
    }

    private var stopWatchers: [UInt64: @Sendable () -> Void] = [:]

    /// Calls `body` once when the server stops (at once if it has), unless `forget` comes first.
    /// - Returns: what to give `forget`.
    @discardableResult
    func whenStopped(_ body: @escaping @Sendable () -> Void) -> UInt64 {
        lock.lock()
        if stopped {
            lock.unlock()
            body()
            return 0
        }
        nextID += 1
        stopWatchers[nextID] = body
        defer { lock.unlock() }
        return nextID
    }

    /// No longer calls the `body` registered under `id`.
    func forget(_ id: UInt64) {
        lock.lock()
        stopWatchers[id] = nil
        lock.unlock()
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    var listenerCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return listeners.count
    }

    private func remove(_ id: UInt64) {
        lock.lock()
        listeners[id] = nil
        lock.unlock()
    }
}
