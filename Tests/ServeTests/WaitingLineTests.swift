@testable import Classroom
import Foundation
import Testing

@Suite struct WaitingLineTests {
    @Test func aFreePlaceIsTakenAtOnceAndTheRestWaitInOrder() async throws {
        let line = WaitingLine(places: 1)
        #expect(await line.enter())
        let told = Told()
        let second = Task { await line.enter { told.add("second", $0) } }
        try await waitFor(line, waiting: 1)
        let third = Task { await line.enter { told.add("third", $0) } }
        try await waitFor(line, waiting: 2)
        #expect(line.counts == (2, 1))
        #expect(told.all == [["second", 0], ["third", 1]])
        line.leave()
        #expect(await second.value)
        // The third moved up to the front.
        #expect(told.all.last == ["third", 0])
        line.leave()
        #expect(await third.value)
        line.leave()
        #expect(line.counts == (0, 0))
    }

    @Test func aReaderWhoLeavesTheLineGivesUpItsPlace() async throws {
        let line = WaitingLine(places: 1)
        #expect(await line.enter())
        let told = Told()
        let gone = Task { await line.enter { told.add("gone", $0) } }
        try await waitFor(line, waiting: 1)
        let staying = Task { await line.enter { told.add("staying", $0) } }
        try await waitFor(line, waiting: 2)
        gone.cancel()
        #expect(await gone.value == false)
        #expect(told.all.last == ["staying", 0])
        line.leave()
        #expect(await staying.value)
        line.leave()
        #expect(line.counts == (0, 0))
    }
}

/// Until `waiting` runs wait in the line (at most 30 s).
func waitFor(_ line: WaitingLine, waiting: Int) async throws {
    let deadline = Date().addingTimeInterval(30)
    while line.counts.waiting < waiting && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
}

final class Told: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[AnyHashable]] = []
    func add(_ name: String, _ ahead: Int) { lock.lock(); values.append([name, ahead]); lock.unlock() }
    var all: [[AnyHashable]] { lock.lock(); defer { lock.unlock() }; return values }
}
