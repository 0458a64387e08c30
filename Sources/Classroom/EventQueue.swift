import Foundation

/// The events of one event stream waiting to be written to its reader.
///
/// A reader who does not read (a stalled browser tab, or a client that never reads on purpose)
/// must not make the server hold every event a training produces: a run of 100 epochs on
/// batches of one sends hundreds of megabytes of progress and charts. So the queue keeps, of the
/// events that say how something stands now (a cell's progress line, its chart so far, a
/// keep-alive), only the latest one still waiting; and a reader who falls further behind than
/// `byteLimit` on the events that must all arrive (each cell's result) is treated as gone.
final class EventQueue: @unchecked Sendable {  // state guarded by `lock`
    /// Bytes waiting, past which the reader is dropped: far more than the results of a whole
    /// chapter (a few megabytes at most, checked by the page limit), far less than the memory of
    /// a machine serving a class.
    static let byteLimit = 32 << 20

    private struct Waiting {
        var text: String
        /// What the event stands for, if a newer one replaces it ("progress 3").
        var replaces: String?
    }

    private let lock = NSLock()
    private var waiting: [Waiting] = []
    private var head = 0
    private var bytes = 0
    private var finished = false
    private var reader: CheckedContinuation<String?, Never>?

    /// Queues `text`; one that `replaces` something takes the place of the event for the same
    /// thing still waiting, if there is one. False once the queue is finished: the reader left,
    /// or fell too far behind (and is then finished here).
    func push(_ text: String, replaces: String? = nil) -> Bool {
        lock.lock()
        guard !finished else { lock.unlock(); return false }
        if let reader {
            self.reader = nil
            lock.unlock()
            reader.resume(returning: text)
            return true
        }
        if let replaces, let i = waiting[head...].lastIndex(where: { $0.replaces == replaces }) {
            bytes += text.utf8.count - waiting[i].text.utf8.count
            waiting[i].text = text
        } else {
            waiting.append(Waiting(text: text, replaces: replaces))
            bytes += text.utf8.count
        }
        if bytes > Self.byteLimit {
            finishLocked(dropping: true)
            lock.unlock()
            return false
        }
        lock.unlock()
        return true
    }

    /// No more events. The reader still gets those waiting, then nil; with `dropping` (the
    /// reader has gone), nil at once.
    func finish(dropping: Bool = false) {
        lock.lock()
        let reader = finishLocked(dropping: dropping)
        lock.unlock()
        reader?.resume(returning: nil)
    }

    /// The next event, waiting for one; nil once finished, or once the task waiting is cancelled
    /// (the server stopping, say: the queue is then finished, as an `AsyncStream` would be).
    func next() async -> String? {
        await withTaskCancellationHandler {
            await waitForNext()
        } onCancel: {
            finish(dropping: true)
        }
    }

    private func waitForNext() async -> String? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if head < waiting.count {
                let text = waiting[head].text
                bytes -= text.utf8.count
                head += 1
                // The events read are let go: all of them when none waits, else once they are
                // half the array (a reader who keeps up, but only just, never empties it).
                if head == waiting.count {
                    waiting.removeAll(keepingCapacity: true)
                    head = 0
                } else if head >= 32 && 2 * head >= waiting.count {
                    waiting.removeFirst(head)
                    head = 0
                }
                lock.unlock()
                continuation.resume(returning: text)
            } else if finished {
                lock.unlock()
                continuation.resume(returning: nil)
            } else {
                reader = continuation
                lock.unlock()
            }
        }
    }

    /// Events held, read ones not yet let go included (for tests).
    var storedEvents: Int {
        lock.lock()
        defer { lock.unlock() }
        return waiting.count
    }

    /// Events still waiting and their bytes (for tests).
    var backlog: (events: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (waiting.count - head, bytes)
    }

    /// A reader waiting in `next()` is waiting on an empty queue: it is returned, to be told nil.
    @discardableResult
    private func finishLocked(dropping: Bool) -> CheckedContinuation<String?, Never>? {
        finished = true
        if dropping {
            waiting.removeAll()
            head = 0
            bytes = 0
        }
        let waitingReader = reader
        reader = nil
        return waitingReader
    }
}
