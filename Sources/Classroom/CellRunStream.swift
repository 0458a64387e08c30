import Book
import Foundation

/// One reader's run of a chapter's cells (`/api/run/PAGE?from=N&2.t=0.5`): every cell runs, in
/// order, through the cache (so the cells before the one changed are only read), and the cells
/// from `from` on are sent as they finish, drawn. Long steps wait for a place in `long`; quick
/// ones in `quick`, a separate line, so a training never holds up a quick cell.
///
/// The computing happens on threads of its own, never on the server's: a step is plain
/// synchronous Swift that may run for seconds.
struct CellRunStream: Sendable {
    let live: LiveChapter
    let cells: [ResolvedCell]
    let from: Int
    let book: ServedBook
    let long: WaitingLine
    let quick: WaitingLine
    let hub: EventHub

    /// Runs the cells, telling `send` each event; stops early when `send` says the reader left.
    func run(send: @escaping @Sendable (ServerEvent) -> Bool) async {
        let chapterRun = UncheckedBox(ChapterRun(cells: cells, settings: book.settings(for: live.chapter)))
        let run = chapterRun.value
        while !run.isFinished {
            // The reader has gone (`Classroom.eventStream` cancels this task): nothing more is
            // computed for them.
            guard !Task.isCancelled else { return }
            guard !hub.isStopped else {
                _ = send(.stopped(message: "The server stopped before this cell ran."))
                return
            }
            let position = run.position
            let index = position + 1
            let cached = run.nextIsCached
            // Used now, so the budget keeps it while it is read: an entry it deleted in between
            // would be computed here, outside the lines.
            if cached { book.budget.used(run.keys[position]) }
            let line: WaitingLine? = cached ? nil : (cells[position].step.cost == .long ? long : quick)
            if let line {
                let entered = await line.enter { ahead in _ = send(.queued(cell: index, ahead: ahead)) }
                guard entered else {
                    if hub.isStopped { _ = send(.stopped(message: "The server stopped before this cell ran.")) }
                    return
                }
                // A reader who left as their place came up gives it back before the run starts.
                if Task.isCancelled || !send(.started(cell: index)) {
                    line.leave()
                    return
                }
            }
            let shown = index >= from
            // The cell computes on a thread of its own; the server stopping ends the wait at once
            // (the thread finishes its cell, and its result is dropped). A reader who leaves while
            // it computes (the task is cancelled, or a progress line finds the connection closed)
            // abandons it: a training stops within a batch, keeps nothing, and gives its place in
            // the line to the next reader, instead of holding it for minutes nobody will see.
            let abandoned = Locked(false)
            let watch = Locked<UInt64>(0)
            let outcome: Result<CellRun, Diagnostic>? = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let once = Once(continuation)
                    watch.set(hub.whenStopped { once.resume(nil) })
                    ComputeThread.start {
                        once.resume(Result { () throws(Diagnostic) -> CellRun in
                            try chapterRun.value.next(progress: { line in
                                                          if shown, !send(.progress(cell: index, line: line)) { abandoned.set(true) }
                                                      },
                                                      provisional: { output in
                                                          guard shown, let drawn = try? LivePage.draw([output], of: live.chapter, cell: index, key: "provisional") else { return }
                                                          if !send(.provisional(cell: index, html: drawn.html)) { abandoned.set(true) }
                                                      },
                                                      abandoned: { abandoned.value })
                        })
                    }
                }
            } onCancel: {
                abandoned.set(true)
            }
            hub.forget(watch.value)
            guard let outcome else {
                line?.leave()
                _ = send(.stopped(message: "The server stopped while this cell ran."))
                return
            }
            line?.leave()
            switch outcome {
            case .failure(let diagnostic):
                _ = send(.failed(cell: index, message: diagnostic.description))
                return
            case .success(let ran):
                let key = run.keys[position]
                if !ran.cached { book.budget.stored(key) }
                guard shown else { continue }
                do {
                    let drawn = try book.draw(ran.outputs, of: live.chapter, cell: index, key: key)
                    let arguments = ran.resolved.argumentsInDeclaredOrder.map { "\($0.name)=\($0.value.sourceText)" }.joined(separator: " ")
                    guard send(.cell(cell: index, html: drawn.html, arguments: arguments, key: String(key.prefix(16)),
                                     cached: ran.cached, seconds: ran.seconds)) else { return }
                } catch {
                    _ = send(.failed(cell: index, message: error.description))
                    return
                }
            }
        }
        _ = send(.done)
    }
}

/// A value used by one task at a time, handed between it and a compute thread.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A continuation resumed by whichever comes first; the later calls do nothing.
final class Once<Value: Sendable>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Never>?
    init(_ continuation: CheckedContinuation<Value, Never>) { self.continuation = continuation }
    func resume(_ value: Value) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(returning: value)
    }
}

/// A value set on one thread and read on another.
final class Locked<Value: Sendable>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    func set(_ value: Value) { lock.lock(); stored = value; lock.unlock() }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
}
