import CProcessorHints
import Foundation
import Synchronization

/// Threads that run the shards of one batch after another, kept awake between batches.
///
/// Why not `DispatchQueue.concurrentPerform`: a batch is a quarter of a millisecond of work, and a
/// dispatch worker that went to sleep after the last batch takes tens of microseconds to wake
/// (more in a virtual machine) while the calling thread starts on the shards alone. Measured on
/// 2 cores, training then ran only 1.5 times as fast as on one. Here each helper spins on an atomic
/// counter for a while after a batch, so the next one starts on every core at once; a helper that
/// has waited `spinLimit` checks without work sleeps on a condition variable and costs nothing
/// until a batch wakes it.
///
/// Results do not depend on the team: shards are claimed in any order, but each writes only its
/// own memory, and the caller adds their sums in shard order afterwards.
///
/// Which thread runs a shard does matter to speed. Thread t of T first claims its own shards,
/// t, t + T, t + 2T, ..., and only then any left over: batch after batch a shard then runs on the
/// same core, and its memory (its gradients, the optimizer's state for its part) is still in
/// that core's cache; claimed from a shared counter, a shard moved between
/// cores and each of its first writes had to fetch the line from the other core. The others are
/// still taken when a thread falls behind (a busy machine may leave it without a core).
final class ShardTeam: Sendable {
    private let state: TeamState

    /// A team of the calling thread and `helpers` more threads.
    init(helpers: Int) {
        state = TeamState(helpers: max(0, helpers))
        for h in 0..<state.helpers {
            let thread = Thread { [state] in state.help(thread: h + 1) }  // thread 0 is the caller
            thread.name = "tutor shard team"
            thread.start()
        }
    }

    /// The team for this machine: a thread per core, at most one per shard.
    convenience init(shards: Int) {
        self.init(helpers: min(shards, ProcessInfo.processInfo.activeProcessorCount) - 1)
    }

    /// The threads that run shards: the calling thread and the helpers.
    var threads: Int { state.helpers + 1 }

    /// The helpers finish and exit (each holds the state it shares with the team until then).
    deinit { state.stop() }

    /// Runs `body(s)` for s in 0..<count on the team, the calling thread included, and returns when
    /// all are done and no helper holds `body` any more. One batch at a time.
    func run(_ count: Int, _ body: (Int) -> Void) {
        state.run(count) { s, _ in body(s) }
    }

    /// The same, `body(s, t)` told which of the team's threads runs it: t < `threads`, the caller
    /// being 0. A thread runs one shard at a time, so memory that thread t alone uses (the
    /// activations of the shard it is running) needs no more than one copy per thread.
    func run(_ count: Int, _ body: (_ shard: Int, _ thread: Int) -> Void) {
        state.run(count, body)
    }
}

/// What a team's threads share. The fields under `lock` say what the current batch is; the atomics
/// are what the threads touch while spinning and working.
private final class TeamState: @unchecked Sendable {
    /// Checks of the batch counter a helper makes before it sleeps: a few milliseconds, far longer
    /// than the work between two batches (adding the shards' gradients, the optimizer's step).
    static let spinLimit = 50_000

    /// Batches started (or the stop), for helpers to compare with the last one they saw.
    let batch = Atomic<Int>(0)
    /// The next shard to claim in the current batch, shards done, helpers holding its work.
    /// Bit s set: shard s of the current batch is taken (for batches of up to 64 shards; more are
    /// taken from `nextShard`).
    let claimed = Atomic<UInt64>(0)
    let nextShard = Atomic<Int>(0)
    let finishedShards = Atomic<Int>(0)
    let busyHelpers = Atomic<Int>(0)

    let lock = NSCondition()
    /// Under `lock`: the current batch's work (nil once it is over) and shard count, the stop.
    var work: ((Int, Int) -> Void)?
    var shardCount = 0
    var stopping = false
    /// Threads besides the caller's.
    let helpers: Int

    init(helpers: Int) { self.helpers = helpers }

    func run(_ count: Int, _ body: (Int, Int) -> Void) {
        if helpers == 0 {
            for s in 0..<count { body(s, 0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            lock.lock()
            (work, shardCount) = (body, count)
            claimed.store(0, ordering: .relaxed)
            nextShard.store(0, ordering: .relaxed)
            finishedShards.store(0, ordering: .relaxed)
            batch.add(1, ordering: .releasing)
            lock.broadcast()
            lock.unlock()

            claimShards(body, count: count, thread: 0)
            var wait = SpinWait()
            while finishedShards.load(ordering: .acquiring) < count { wait.pause() }
            lock.lock()
            work = nil
            lock.unlock()
            // A helper that took `body` before it was cleared may still be about to find no shard left.
            while busyHelpers.load(ordering: .acquiring) > 0 { wait.pause() }
        }
    }

    /// Takes shards of the current batch until none are left: thread t's own first (t, t + T, ...),
    /// then any other.
    private func claimShards(_ body: (Int, Int) -> Void, count: Int, thread t: Int) {
        if count <= UInt64.bitWidth {
            @inline(__always) func take(_ s: Int) {
                let bit = UInt64(1) << UInt64(s)
                guard claimed.bitwiseOr(bit, ordering: .relaxed).oldValue & bit == 0 else { return }
                body(s, t)
                finishedShards.add(1, ordering: .releasing)
            }
            let T = helpers + 1
            for s in stride(from: t, to: count, by: T) { take(s) }
            for s in 0..<count where s % T != t { take(s) }
            return
        }
        while true {
            let s = nextShard.add(1, ordering: .relaxed).oldValue
            guard s < count else { return }
            body(s, t)
            finishedShards.add(1, ordering: .releasing)
        }
    }

    /// A helper's life: wait for a batch (spinning, then sleeping), work on it, repeat until stopped.
    func help(thread: Int) {
        var seen = 0
        while true {
            var wait = SpinWait()
            while batch.load(ordering: .acquiring) == seen && wait.spins < Self.spinLimit { wait.pause() }
            lock.lock()
            while batch.load(ordering: .acquiring) == seen && !stopping { lock.wait() }
            if stopping {
                lock.unlock()
                return
            }
            seen = batch.load(ordering: .acquiring)
            var body = work
            let count = shardCount
            if body != nil { busyHelpers.add(1, ordering: .relaxed) }
            lock.unlock()
            if body != nil {
                claimShards(body!, count: count, thread: thread)
                // Let go of the batch's closure before saying so (no other reference to it may
                // outlive this): `run` may then end its life.
                body = nil
                busyHelpers.subtract(1, ordering: .releasing)
            }
        }
    }

    func stop() {
        lock.lock()
        stopping = true
        batch.add(1, ordering: .releasing)
        lock.broadcast()
        lock.unlock()
    }
}

/// Waiting in a loop: the processor's pause on most turns, and every 64th turn the rest of the time
/// slice offered to another thread. On a busy machine the thread being waited for may have no core;
/// without the yield, the waiter would spin through its whole time slice while it waits.
private struct SpinWait {
    private(set) var spins = 0

    mutating func pause() {
        spins += 1
        if spins % 64 == 0 { sched_yield() } else { cnn_spin_pause() }
    }
}
