import ArgumentParser
import Book
import CNN
import Foundation
import Lessons

/// `tutor-benchmark explore`: what the explorable book costs to build.
///
/// A cold build into a new folder (every cell and every variant computed, as on a fresh clone),
/// then cached rebuilds with nothing changed; and each chapter page's size with its pictures,
/// against `ExplorationBudget.bytesPerPage`. How fast a control updates its cell is measured in
/// a real browser by `scripts/browser-check`.
struct ExploreBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Time a cold and a cached build of the explorable book, and measure each page against its budget.")

    @Option(help: "The chapters to build.")
    var chapters = "chapters"

    @Option(help: "The full MNIST directory, as for `tutor build`.")
    var data: String?

    @Option(help: "Timed cached rebuilds (the median is reported).")
    var repetitions = 10

    func run() throws {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-explore-benchmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("book")
        let options = BuildOptions(chapters: URL(fileURLWithPath: chapters, relativeTo: here).standardizedFileURL, chaptersDisplayPath: chapters,
                                   output: output,
                                   data: Lessons.dataSources(sample: here.appendingPathComponent("data/sample"), mnist: DataLocation.resolve(option: data)))
        let builder = BookBuilder(registry: Lessons.registry, options: options)
        let cold = builder.build()
        cold.diagnostics.forEach { print("  \($0)") }
        guard cold.succeeded else { throw ValidationError("the book did not build") }
        print(String(format: "cold build: %.2f s wall (%d cells, %d variants)", cold.seconds, cold.cellsRun, cold.variantsRun))

        var times: [Double] = []
        for _ in 0..<repetitions { times.append(builder.build().seconds) }
        times.sort()
        print(String(format: "cached rebuild: median %.0f ms, slowest %.0f ms", times[times.count / 2] * 1000, times[times.count - 1] * 1000))

        let images = output.appendingPathComponent("images")
        let imageNames = (try? FileManager.default.contentsOfDirectory(atPath: images.path)) ?? []
        for page in try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() where page.hasSuffix(".html") && page != "index.html" {
            let html = try String(contentsOf: output.appendingPathComponent(page), encoding: .utf8)
            // The pictures a page links to: its own and its variants'.
            let linked = Set(html.matches(of: /href="images\/([^"]+)"/).map { String($0.output.1) }).intersection(imageNames)
            let pictures = try linked.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: images.appendingPathComponent($1).path)[.size] as? Int ?? 0) }
            let templates = html.components(separatedBy: "<template ").count - 1
            let total = html.utf8.count + pictures
            print(String(format: "  %@ %6.2f MB (%5.2f MB page, %4.2f MB pictures, %3d templates): %3.0f%% of the budget",
                         page.padding(toLength: 22, withPad: " ", startingAt: 0), Double(total) / 1e6, Double(html.utf8.count) / 1e6, Double(pictures) / 1e6, templates,
                         100 * Double(total) / Double(ExplorationBudget.bytesPerPage)))
        }
    }
}
