import Foundation
import Testing

/// Many readers at once: each one's values are its own, long steps wait in line (told their
/// place), and quick cells are never held up behind a training.
@Suite struct ReadersTests {
    @Test func twoReadersValuesNeverReachEachOther() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let probe = served.probe
        try await withThrowingTaskGroup(of: (Int, HTTPProbe.Answer).self) { group in
            for round in 0..<6 {
                for row in [3, 17] {
                    group.addTask { (row, try await probe.getConcurrently("/api/run/01-convolution.html?4.row=\(row)&4.digit=\(round % 10)")) }
                }
            }
            for try await (row, answer) in group {
                #expect(answer.status == 200)
                #expect(answer.cellArguments(4)?.contains("row=\(row) ") == true, "asked row=\(row), got \(answer.cellArguments(4) ?? "nothing")")
            }
        }
        // Nobody's values reached the page every reader starts from.
        let page = try await probe.get("/01-convolution.html").body
        #expect(page.contains("kernel=sobelX digit=7 row=10 column=12"))
    }

    @Test func longStepsWaitInLineAndQuickCellsDoNot() async throws {
        // Chapter 3's first cell trains (a long step); one place for long steps.
        let served = try await ServedProject.start(chapters: ["01-convolution.md", "03-softmax.md"], longRunsAtOnce: 1)
        defer { served.stop() }
        let probe = served.probe
        let finished = FinishTimes()
        // Two trainings asked at once (each some seconds); which gets the place first is the
        // server's business, so the test holds either order.
        async let first = { let answer = try await probe.getConcurrently("/api/run/03-softmax.html?1.epochs=200&1.batchSize=1")
                            finished.note("training"); return answer }()
        async let second = { let answer = try await probe.getConcurrently("/api/run/03-softmax.html?1.epochs=199&1.batchSize=1")
                             finished.note("training"); return answer }()
        try await Task.sleep(for: .milliseconds(500))
        // A quick cell while one training runs and the other waits.
        let quick = try await probe.getConcurrently("/api/run/01-convolution.html?1.digit=4")
        finished.note("quick")
        let (a, b) = try await (first, second)
        #expect(quick.status == 200 && quick.events.last?.name == "done")
        #expect(a.events.last?.name == "done" && b.events.last?.name == "done")
        // One training was told it waited, first in line; the other never waited.
        let queued = [a, b].map { $0.events.filter { $0.name == "queued" }.compactMap { $0.data["ahead"] as? Int } }
        #expect(queued.filter(\.isEmpty).count == 1 && queued.contains([0]),
                "queue positions told: \(queued); events: \(a.events.map(\.name)) and \(b.events.map(\.name))")
        // The quick cell was answered before the training waiting in line was done.
        #expect(finished.order.firstIndex(of: "quick")! < finished.order.lastIndex(of: "training")!, "\(finished.order)")
    }

    /// A reader who closes the page while their training waits in line is taken out of it at
    /// once: their training never runs, and never holds up those behind them.
    @Test func aReaderWhoLeavesTheLineIsNeitherComputedNorWaitedFor() async throws {
        let served = try await ServedProject.start(chapters: ["03-softmax.md"], longRunsAtOnce: 1)
        defer { served.stop() }
        // Two trainings of some seconds each: one takes the place, one waits in line. (Behind
        // more, a reader who left would be found out anyway, when told they moved up twice:
        // the second write to a closed connection fails.)
        let ahead = try [200, 199].map { try OpenStream(port: served.port, path: "/api/run/03-softmax.html?1.epochs=\($0)&1.batchSize=1") }
        defer { ahead.forEach { $0.close() } }
        for stream in ahead { #expect(await stream.read(until: "event: ", timeout: 60)) }
        // The reader behind them hears their place in line, then leaves before it comes up.
        let leaving = try OpenStream(port: served.port, path: "/api/run/03-softmax.html?1.epochs=198&1.batchSize=1")
        #expect(await leaving.read(until: "event: queued", timeout: 60))
        try #require(!leaving.received.contains("event: started"), "the place came too soon to leave before it: \(leaving.received)")
        leaving.close()
        // The trainings ahead run to their end...
        for stream in ahead { #expect(await stream.read(until: "event: done", timeout: 180)) }
        // ...and then the place is free: the values of the reader who left were never computed,
        // nor are being, so the same values asked again start at once and compute.
        let again = try await served.probe.get("/api/run/03-softmax.html?1.epochs=198&1.batchSize=1", timeout: 120)
        #expect(again.events.first?.name == "started", "\(again.events.map(\.name))")
        #expect(!again.events.contains { $0.name == "queued" })
        #expect(again.events.first { $0.name == "cell" && $0.data["cell"] as? Int == 1 }?.data["cached"] as? Bool == false)
    }

    /// A reader who closes the page while their training computes stops it: the place it held
    /// is free within a batch, not when the training would have ended, nobody's later reader waits
    /// for it, and nothing of the stopped run is kept.
    @Test func aReaderWhoLeavesDuringTheirTrainingStopsIt() async throws {
        let served = try await ServedProject.start(chapters: ["03-softmax.md"], longRunsAtOnce: 1)
        defer { served.stop() }
        // About 5 s of training (200 epochs of single digits), holding the only place.
        let leaving = try OpenStream(port: served.port, path: "/api/run/03-softmax.html?1.epochs=200&1.batchSize=1")
        #expect(await leaving.read(until: "event: started", timeout: 60))
        try await Task.sleep(for: .milliseconds(500))
        leaving.close()
        try await Task.sleep(for: .milliseconds(500))
        // The next reader's training takes the place at once: told no place in line.
        let next = try await served.probe.get("/api/run/03-softmax.html?1.epochs=2&1.batchSize=1", timeout: 120)
        #expect(!next.events.contains { $0.name == "queued" }, "\(next.events.map(\.name))")
        #expect(next.events.last?.name == "done", "\(next.events.map(\.name))")
        // (Whether the stopped run saved anything is not asserted here: on a loaded machine the
        // training can end before the server sees the reader go, and is then rightly kept.)
    }

    /// A request sent by a reader who left at once (a page closed as it loaded) runs nothing.
    @Test func aRequestWhoseReaderLeftAtOnceRunsNothing() async throws {
        let served = try await ServedProject.start(chapters: ["03-softmax.md"], longRunsAtOnce: 1)
        defer { served.stop() }
        try OpenStream(port: served.port, path: "/api/run/03-softmax.html?1.epochs=150&1.batchSize=1").close()
        // Time for the server to take the request (were it run, a training of some seconds).
        try await Task.sleep(for: .seconds(1))
        let again = try await served.probe.get("/api/run/03-softmax.html?1.epochs=150&1.batchSize=1", timeout: 120)
        #expect(again.events.first?.name == "started", "\(again.events.map(\.name))")
        #expect(again.events.first { $0.name == "cell" && $0.data["cell"] as? Int == 1 }?.data["cached"] as? Bool == false)
    }
}

/// The order things finished in, noted from several tasks.
final class FinishTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func note(_ name: String) { lock.lock(); names.append(name); lock.unlock() }
    var order: [String] { lock.lock(); defer { lock.unlock() }; return names }
}
