@testable import Classroom
import Testing

/// The queue between a run and its reader: the latest of what replaces, all of the rest, in order.
@Suite struct EventQueueTests {
    @Test func aNewerProgressTakesThePlaceOfOneStillWaiting() async {
        let queue = EventQueue()
        #expect(queue.push("started 1"))
        for batch in 1...1000 { #expect(queue.push("progress 1 batch \(batch)", replaces: "progress 1")) }
        #expect(queue.push("progress 2 batch 1", replaces: "progress 2"))
        #expect(queue.push("cell 1"))
        #expect(queue.backlog.events == 4)
        queue.finish()
        #expect(!queue.push("too late"))
        var read: [String] = []
        while let text = await queue.next() { read.append(text) }
        #expect(read == ["started 1", "progress 1 batch 1000", "progress 2 batch 1", "cell 1"])
    }

    @Test func aReaderTooFarBehindIsDroppedAndOneWhoLeftGetsNothingMore() async {
        let queue = EventQueue()
        let big = String(repeating: "x", count: 1 << 20)
        var accepted = 0
        while queue.push(big) { accepted += 1 }
        #expect(accepted == EventQueue.byteLimit >> 20)
        #expect(await queue.next() == nil && queue.backlog.bytes == 0)

        let left = EventQueue()
        #expect(left.push("cell 1"))
        left.finish(dropping: true)
        #expect(await left.next() == nil)
    }

    /// A reader who reads as events come, one behind, holds no more than the waiting ones.
    @Test func eventsReadAreLetGo() async {
        let queue = EventQueue()
        #expect(queue.push("started 1"))
        for batch in 1...10_000 {
            // One in, one out: one always waits, so the queue is never empty.
            #expect(queue.push("cell \(batch)"))
            _ = await queue.next()
            #expect(queue.storedEvents <= 2 * queue.backlog.events + 64, "batch \(batch): \(queue.storedEvents) stored")
        }
    }

    @Test func aWaitingReaderGetsTheNextEventOrTheEnd() async {
        let queue = EventQueue()
        async let first = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        #expect(queue.push("done"))
        #expect(await first == "done")
        async let end = queue.next()
        try? await Task.sleep(for: .milliseconds(50))
        queue.finish()
        #expect(await end == nil)

        // A reader whose task is cancelled while it waits is told the end.
        let cancelled = EventQueue()
        let waiting = Task { await cancelled.next() }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(await waiting.value == nil)
        #expect(!cancelled.push("too late"))
    }
}
