@testable import CNN
import CProcessorHints
import Synchronization
import Testing

/// The team that runs a batch's shards: every shard exactly once per batch, all done when `run`
/// returns, batches strictly one after another, whatever the number of helper threads.
@Suite struct ShardTeamTests {
    @Test(arguments: [0, 1, 3])
    func everyShardRunsOncePerBatchAndIsDoneWhenRunReturns(helpers: Int) {
        let team = ShardTeam(helpers: helpers)
        let shards = 4, batches = 20_000
        let slots = Mutex([Int](repeating: 0, count: shards))
        var mistakes = 0
        for batch in 1...batches {
            // A local each closure captures, so a closure kept past `run` would be caught by
            // `withoutActuallyEscaping` (a trap), not missed.
            let expected = batch - 1
            team.run(shards) { s in
                slots.withLock { if $0[s] == expected { $0[s] += 1 } }
            }
            mistakes += slots.withLock { counts in counts.filter { $0 != batch }.count }
        }
        #expect(mistakes == 0)
    }

    // Up to 64 shards are claimed by bits of one word, each thread its own first; more, from a counter.
    @Test(arguments: [63, 64, 65, 200])
    func everyShardOfALargeBatchRunsOnce(shards: Int) {
        let team = ShardTeam(helpers: 2)
        for _ in 0..<200 {
            let runs = Mutex([Int](repeating: 0, count: shards))
            team.run(shards) { s in runs.withLock { $0[s] += 1 } }
            #expect(runs.withLock { $0 } == [Int](repeating: 1, count: shards))
        }
    }

    /// Training gives each thread one workspace (`BatchEngine.workspaces`): the thread index a shard
    /// is told must be below `threads`, and never that of a shard still running, with 4 or 200
    /// shards (bits, then a counter) and with no helpers at all.
    @Test(arguments: [(0, 4), (1, 4), (3, 4), (2, 200)])
    func aThreadIndexIsNeverInUseTwice(_ setting: (helpers: Int, shards: Int)) {
        let team = ShardTeam(helpers: setting.helpers)
        #expect(team.threads == setting.helpers + 1)
        let inUse = Mutex([Bool](repeating: false, count: team.threads))
        let mistakes = Atomic<Int>(0), seen = Mutex(Set<Int>())
        for _ in 0..<2_000 {
            team.run(setting.shards) { _, t in
                guard t >= 0 && t < team.threads else { mistakes.add(1, ordering: .relaxed); return }
                let clash = inUse.withLock { busy in
                    defer { busy[t] = true }
                    return busy[t]
                }
                if clash { mistakes.add(1, ordering: .relaxed) }
                for _ in 0..<50 { cnn_spin_pause() }  // long enough for another thread to arrive
                inUse.withLock { $0[t] = false }
                seen.withLock { _ = $0.insert(t) }
            }
        }
        #expect(mistakes.load(ordering: .relaxed) == 0)
        // The caller is thread 0 and always takes part. (Which helpers do depends on the cores a
        // busy machine gives them: a helper's shards can all be taken by the others.)
        #expect(seen.withLock { $0.contains(0) && $0.isSubset(of: 0..<team.threads) })
    }

    @Test func aBatchWithFewerShardsThanThreadsAndOneWithNoneBothReturn() {
        let team = ShardTeam(helpers: 3)
        let ran = Atomic<Int>(0)
        team.run(1) { _ in ran.add(1, ordering: .relaxed) }
        team.run(0) { _ in ran.add(100, ordering: .relaxed) }
        team.run(2) { _ in ran.add(1, ordering: .relaxed) }
        #expect(ran.load(ordering: .relaxed) == 3)
    }

    @Test func teamsComeAndGoWithoutLeavingWorkBehind() {
        // Each engine makes a team; the book makes many engines.
        let total = Atomic<Int>(0)
        for _ in 0..<200 {
            let team = ShardTeam(helpers: 2)
            team.run(4) { _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 800)
    }
}
