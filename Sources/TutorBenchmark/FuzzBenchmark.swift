import ArgumentParser
import Book
import Foundation
import Lessons
import BookFuzzing

/// `tutor-benchmark fuzz`: throws random and mutated info strings at the cell parser and the
/// registry's type checks, and random chapters at the whole parse. Passing means no crash; the
/// counts show how much was exercised.
struct FuzzBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the info-string parser and the parameter checks with random and mutated inputs.")

    @Option(help: "How many inputs.")
    var count = 200_000

    @Option(help: "How many whole random chapters to parse as well.")
    var chapters = 20_000

    @Option(help: "The seed of the input generator (the same seed gives the same inputs).")
    var seed: UInt64 = 1

    func run() throws {
        var fuzzer = InfoStringFuzzer(seed: seed)
        let registry = Lessons.registry
        let fence = Fence(info: "", body: "", location: SourceLocation(path: "fuzz", line: 1, column: 1), infoColumn: 4)
        var parsed = 0, resolved = 0, rejected = 0
        let start = Date()
        for _ in 0..<count {
            let input = fuzzer.next()
            _ = InfoString.namesStep(input)
            guard let info = try? InfoString.parse(input) else {
                rejected += 1
                continue
            }
            parsed += 1
            // Aim the valid ones at real steps and their real parameter names, so the type
            // checks see the random values.
            var retargeted = info
            if !registry.steps.isEmpty {
                let step = registry.steps[parsed % registry.steps.count]
                retargeted.step = step.name
                for i in retargeted.parameters.indices where !step.parameters.isEmpty {
                    retargeted.parameters[i].name = step.parameters[(parsed + i) % step.parameters.count].name
                }
            }
            var cell = Cell(index: 1, fence: fence, info: retargeted)
            cell.fence.info = input
            if (try? registry.resolve(cell)) != nil { resolved += 1 }
        }
        let seconds = Date().timeIntervalSince(start)
        var chapterFuzzer = ChapterFuzzer(seed: seed)
        var chaptersParsed = 0
        let chaptersStart = Date()
        for _ in 0..<chapters {
            if (try? Chapter.parse(chapterFuzzer.next(), path: "fuzz.md", fileName: "01-fuzz.md")) != nil { chaptersParsed += 1 }
        }
        print("fuzzed \(chapters) whole chapters in \(String(format: "%.2f", Date().timeIntervalSince(chaptersStart))) s: "
              + "\(chaptersParsed) parsed, \(chapters - chaptersParsed) rejected with diagnostics; no crash")
        print("fuzzed \(count) info strings in \(String(format: "%.2f", seconds)) s (\(Int(Double(count) / seconds)) per second): "
              + "\(parsed) parsed, \(rejected) rejected with a located error, \(resolved) resolved against a step; no crash")
    }
}
