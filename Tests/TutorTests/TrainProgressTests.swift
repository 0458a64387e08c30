@testable import tutor
import Testing

/// `tutor train`'s bar follows the terminal's settings as `tutor run` does: no colour under
/// NO_COLOR, no redrawing in place on a terminal that cannot erase a line, neither into a pipe.
@Suite struct TrainProgressTests {
    @Test func theBarIsInColourOnlyWhereTheTerminalTakesIt() {
        let terminal = ["TERM": "xterm-256color"]
        let plain = TrainProgress.forStandardOutput(json: false, isTerminal: true, environment: terminal.merging(["NO_COLOR": "1"]) { $1 })
        #expect(plain.live && !plain.color)
        let dumb = TrainProgress.forStandardOutput(json: false, isTerminal: true, environment: ["TERM": "dumb"])
        #expect(!dumb.live && !dumb.color)
        let colour = TrainProgress.forStandardOutput(json: false, isTerminal: true, environment: terminal)
        #expect(colour.live && colour.color)
        #expect(!TrainProgress.forStandardOutput(json: true, isTerminal: true, environment: terminal).live)
        #expect(!TrainProgress.forStandardOutput(json: false, isTerminal: false, environment: terminal).live)
        let line = TrainProgress.coloredLine(batch: 3, of: 10, seconds: 1, metrics: [("loss", 0.5)], color: false)
        #expect(!line.contains("\u{1B}") && line.contains("━━━━━━──────"), "\(line)")
        #expect(TrainProgress.coloredLine(batch: 3, of: 10, seconds: 1, metrics: [("loss", 0.5)]).contains("\u{1B}[32m"))
    }
}
