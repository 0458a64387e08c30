import Foundation

/// A first-come, first-served line for a few places: a run waits for a place, is told how many
/// are ahead of it while it waits, and gives its place back when done.
///
/// `tutor serve` keeps two: a small one for long steps (training), so a class cannot start thirty
/// trainings on a laptop, and a wider one for quick steps, so a training never holds them up.
final class WaitingLine: @unchecked Sendable {  // state guarded by `lock`
    private let lock = NSLock()
    private let places: Int
    private var taken = 0
    private var waiting: [(id: UInt64, resume: CheckedContinuation<Bool, Never>, told: @Sendable (Int) -> Void)] = []
    private var nextID: UInt64 = 0
    /// Set by `close()`: nobody waits any more.
    private var closed = false

    init(places: Int) {
        precondition(places >= 1, "a line needs a place")
        self.places = places
    }

    /// Waits for a place. `ahead` is told the number of runs before this one each time it
    /// changes (not at all when a place is free at once).
    /// - Returns: false if the task was cancelled while it waited (it then holds no place).
    func enter(ahead: @escaping @Sendable (Int) -> Void = { _ in }) async -> Bool {
        let id: UInt64? = lock.withLock {
            if closed { return 0 }
            if taken < places && waiting.isEmpty {
                taken += 1
                return nil
            }
            nextID += 1
            return nextID
        }
        guard let id else { return true }
        guard id != 0 else { return false }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                lock.lock()
                if Task.isCancelled || closed {
                    lock.unlock()
                    continuation.resume(returning: false)
                    return
                }
                waiting.append((id, continuation, ahead))
                let position = waiting.count - 1
                lock.unlock()
                ahead(position)
            }
        } onCancel: {
            lock.lock()
            guard let index = waiting.firstIndex(where: { $0.id == id }) else {
                lock.unlock()
                return
            }
            let removed = waiting.remove(at: index)
            let behind = Array(waiting[index...])
            lock.unlock()
            removed.resume.resume(returning: false)
            for (offset, waiter) in behind.enumerated() { waiter.told(index + offset) }
        }
    }

    /// Gives a place back: the first waiting run takes it, and the others hear they moved up.
    func leave() {
        lock.lock()
        guard !waiting.isEmpty else {
            taken -= 1
            precondition(taken >= 0, "left a line without a place")
            lock.unlock()
            return
        }
        let first = waiting.removeFirst()
        let rest = waiting
        lock.unlock()
        first.resume.resume(returning: true)
        for (position, waiter) in rest.enumerated() { waiter.told(position) }
    }

    /// The server is stopping: every run waiting is sent away (its `enter` returns false), and so
    /// is any that comes later. Runs holding a place keep it until they leave.
    func close() {
        lock.lock()
        closed = true
        let sent = waiting
        waiting = []
        lock.unlock()
        for waiter in sent { waiter.resume.resume(returning: false) }
    }

    /// Runs waiting, and places taken: for tests and the server's status.
    var counts: (waiting: Int, taken: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (waiting.count, taken)
    }
}
