import Foundation
#if canImport(Synchronization)
import Synchronization
#endif

/// The temporary files being written right now, so that a build stopped by SIGTERM or Ctrl-C
/// removes them on its way out instead of leaving `.partial` files behind.
///
/// A signal handler may only call async-signal-safe functions: no locks, no allocation. So the
/// paths live in a few slots allocated once, each guarded by an atomic state, and the handler
/// only claims armed slots, calls `unlink`, and re-raises the signal with its default action
/// (so the exit status still says "killed by SIGTERM"). A write that finds no free slot (more
/// than `slotCount` at once) is simply not tracked: the next build removes its leftover.
enum UnfinishedWrites {
    static let slotCount = 8

    #if canImport(Synchronization)
    /// One in-flight temporary file. Unchecked: `path` is written only by the thread that moved
    /// `state` from free to filling, and read only by the one that moved it from armed to claimed.
    final class Slot: @unchecked Sendable {
        static let free = 0, filling = 1, armed = 2, claimedByHandler = 3
        let state = Atomic<Int>(Slot.free)
        /// A NUL-terminated path, written only between `filling` and `armed`.
        let path = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
    }

    static let slots: [Slot] = (0..<slotCount).map { _ in Slot() }

    /// Tracks `url` while `body` writes it; returns what `body` returns.
    static func tracking<T>(_ url: URL, _ body: () throws -> T) rethrows -> T {
        guard #available(macOS 15, *), let slot = claim(url) else { return try body() }
        defer {
            // Fails only when the handler claimed the slot: the process is ending anyway.
            _ = slot.state.compareExchange(expected: Slot.armed, desired: Slot.free, ordering: .releasing)
        }
        return try body()
    }

    @available(macOS 15, *)
    private static func claim(_ url: URL) -> Slot? {
        let bytes = Array(url.path.utf8CString)
        guard bytes.count <= Int(PATH_MAX) + 1 else { return nil }
        for slot in slots where slot.state.compareExchange(expected: Slot.free, desired: Slot.filling, ordering: .acquiring).exchanged {
            bytes.withUnsafeBufferPointer { slot.path.update(from: $0.baseAddress!, count: $0.count) }
            slot.state.store(Slot.armed, ordering: .releasing)
            return slot
        }
        return nil
    }

    static func leaveSignalsAlone() {
        signalsLeftAlone.store(true, ordering: .releasing)
    }

    /// Set while colours are drawn on the terminal (`tutor run`): a stop may cut a picture in the
    /// middle of an escape sequence, with its background colour on, and the shell's prompt would
    /// come back in that colour. The handler then ends the colours and the line first.
    static let resetsTerminal = Atomic<Bool>(false)

    /// What a stop says on standard error on its way out (`sayOnStop`): its bytes, allocated once
    /// and never freed, so the handler only reads them.
    nonisolated(unsafe) private(set) static var stopNote: UnsafeBufferPointer<UInt8>?
    static let hasStopNote = Atomic<Bool>(false)

    /// From now on, a stop (Ctrl-C, SIGTERM, SIGHUP, Ctrl-\) writes `message` (a line) to standard
    /// error before it ends the process: a build stopped in silence leaves its user to guess what
    /// is left of the book. Set once; later calls are ignored.
    static func sayOnStop(_ message: String) {
        guard !hasStopNote.load(ordering: .acquiring) else { return }
        let bytes = Array(("\n" + message + "\n").utf8)
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        stopNote = UnsafeBufferPointer(copy)
        hasStopNote.store(true, ordering: .releasing)
        removeOnTermination()
    }

    /// A stop (Ctrl-C, SIGTERM, SIGHUP, Ctrl-\) resets the terminal's colours on its way out.
    static func resetTerminalOnStop() {
        resetsTerminal.store(true, ordering: .releasing)
        removeOnTermination()
    }

    /// Installs the handler for SIGTERM, SIGINT, SIGHUP and SIGQUIT, once. A signal the parent set to be ignored
    /// (`nohup`) stays ignored. SIGTERM is unblocked: a parent that blocked it (a test runner)
    /// would otherwise leave a build that `kill` cannot stop.
    static func removeOnTermination() {
        _ = installed
    }

    /// Set while a build writes its pages (`deferringStops`): a first stop then waits for the last
    /// of them, so that the book is left whole, every page of this build or of the one before, not
    /// half old, half new (a renamed chapter's new page linked from an old contents page that
    /// lists it under its old name). A second stop does not wait.
    static let deferring = Atomic<Bool>(false)
    /// The signal of a stop that is waiting, or 0.
    static let pendingStop = Atomic<Int32>(0)

    /// Runs `body` (writing the book's pages, a second or less) with a stop held until it ends;
    /// then stops as the stop asked.
    static func deferringStops<T>(_ body: () throws -> T) rethrows -> T {
        guard #available(macOS 15, *), !signalsLeftAlone.load(ordering: .acquiring) else { return try body() }
        removeOnTermination()
        deferring.store(true, ordering: .releasing)
        defer {
            deferring.store(false, ordering: .releasing)
            let signal = pendingStop.exchange(0, ordering: .acquiringAndReleasing)
            if signal != 0 { removeAndStop(signal) }
        }
        return try body()
    }

    /// Set by a program that stops on SIGINT and SIGTERM its own way (`tutor serve` stops
    /// gracefully): the handler is then never installed, and a `.partial` file left by a stop is
    /// removed the next time a cache is prepared (`CacheFolder.removeUnfinishedWrites`).
    static let signalsLeftAlone = Atomic<Bool>(false)

    private static let installed: Void = {
        guard #available(macOS 15, *) else { return }
        guard !signalsLeftAlone.load(ordering: .acquiring) else { return }
        _ = slots  // initialised here, never first inside the handler
        // SIGHUP: the terminal closed; SIGQUIT: Ctrl-\. Both stop the build as SIGINT does.
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT] where !isIgnored(signal) {
            _ = Foundation.signal(signal, removeAndStop)
        }
        var terminate = sigset_t()
        sigemptyset(&terminate)
        sigaddset(&terminate, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &terminate, nil)
    }()

    private static func isIgnored(_ signal: Int32) -> Bool {
        var current = sigaction()
        sigaction(signal, nil, &current)
        #if os(Linux)
        let handler = current.__sigaction_handler.sa_handler
        #else
        let handler = current.__sigaction_u.__sa_handler
        #endif
        // Handlers are C function pointers, compared by address (SIG_IGN is the address 1).
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
    #else
    static func tracking<T>(_ url: URL, _ body: () throws -> T) rethrows -> T { try body() }
    static func deferringStops<T>(_ body: () throws -> T) rethrows -> T { try body() }
    static func removeOnTermination() {}
    static func leaveSignalsAlone() {}
    static func resetTerminalOnStop() {}
    static func sayOnStop(_ message: String) {}
    #endif
}

#if canImport(Synchronization)
/// The signal handler: async-signal-safe calls only (atomics, `unlink`, `write`, `signal`, `raise`).
private func removeAndStop(_ signal: Int32) {
    if #available(macOS 15, *) {
        // While pages are written, the first stop waits for the last of them (`deferringStops`).
        if UnfinishedWrites.deferring.load(ordering: .acquiring)
            && UnfinishedWrites.pendingStop.compareExchange(expected: 0, desired: signal, ordering: .acquiringAndReleasing).exchanged {
            return
        }
        for slot in UnfinishedWrites.slots {
            let claimed = slot.state.compareExchange(expected: UnfinishedWrites.Slot.armed,
                                                     desired: UnfinishedWrites.Slot.claimedByHandler, ordering: .acquiring)
            if claimed.exchanged { unlink(slot.path) }
        }
        // An ESC ends an escape sequence cut short (the terminal starts a new one), then SGR 0.
        if UnfinishedWrites.resetsTerminal.load(ordering: .acquiring) {
            let reset: StaticString = "\u{1b}[0m\n"
            _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
        }
        if UnfinishedWrites.hasStopNote.load(ordering: .acquiring), let note = UnfinishedWrites.stopNote {
            _ = write(STDERR_FILENO, note.baseAddress, note.count)
        }
    }
    _ = Foundation.signal(signal, SIG_DFL)
    raise(signal)
}
#endif
