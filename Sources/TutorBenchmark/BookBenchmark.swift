import ArgumentParser
import Book
import CNN
import Foundation
import Lessons

/// `tutor-benchmark book`: how fast the book is parsed, rendered and rebuilt from its cache.
///
/// 1. A generated chapter of about 200 KB (prose, lists, tables, inline and display math, code,
///    and cells of a trivial step): parse, resolve, run and render it to a page.
/// 2. A fully cached rebuild of a chapters directory: build once to fill the cache (this trains,
///    so it can take minutes the first time), then time rebuilds with nothing changed.
struct BookBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Time parsing and rendering a 200 KB chapter, and a fully cached rebuild of the book.")

    @Option(help: "Size of the generated chapter, in KB.")
    var kilobytes = 200

    @Option(help: "Timed repetitions of each measurement (the median is reported).")
    var repetitions = 10

    @Option(help: "The chapters to rebuild.")
    var chapters = "chapters"

    @Option(help: "Where the rebuilt book goes (its cache in OUT/.cache is reused if present).")
    var out = "output"

    @Option(help: "The full MNIST directory, as for `tutor build`.")
    var data: String?

    @Flag(help: "Only time the generated chapter.")
    var skipRebuild = false

    func run() throws {
        try timeGeneratedChapter()
        if !skipRebuild { try timeCachedRebuild() }
    }

    private func timeGeneratedChapter() throws {
        let text = GeneratedChapter.markdown(kilobytes: kilobytes)
        let registry = GeneratedChapter.registry
        let writer = PageWriter(bookTitle: "Benchmark")
        let data = Lessons.dataSources(sample: URL(fileURLWithPath: "/nonexistent"), mnist: URL(fileURLWithPath: "/nonexistent"))
        var parse: [Double] = [], total: [Double] = []
        var pageBytes = 0, cells = 0
        for _ in 0..<repetitions {
            let start = Date()
            let chapter = try Chapter.parse(text, path: "generated/01-generated.md", fileName: "01-generated.md")
            parse.append(Date().timeIntervalSince(start))
            let run = ChapterRun(cells: try chapter.cells.map { try registry.resolve($0) },
                                 settings: RunSettings(seed: 1, data: data, libraryFingerprint: "", cache: nil))
            var results: [CellResult] = []
            while !run.isFinished {
                let ran = try run.next()
                results.append(CellResult(resolved: ran.resolved, outputs: ran.outputs))
            }
            let page = try writer.chapterPage(chapter, results: results, previous: nil, next: nil)
            total.append(Date().timeIntervalSince(start))
            pageBytes = page.html.utf8.count
            cells = chapter.cells.count
        }
        print(String(format: "generated chapter: %d KB of Markdown, %d cells -> %d KB page", text.utf8.count / 1024, cells, pageBytes / 1024))
        print(String(format: "  parse:            median %7.2f ms", median(parse) * 1000))
        print(String(format: "  parse+run+render: median %7.2f ms", median(total) * 1000))
    }

    private func timeCachedRebuild() throws {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let options = BuildOptions(chapters: URL(fileURLWithPath: chapters, relativeTo: here).standardizedFileURL,
                                   chaptersDisplayPath: chapters, output: URL(fileURLWithPath: out, relativeTo: here).standardizedFileURL,
                                   data: Lessons.dataSources(sample: here.appendingPathComponent("data/sample"), mnist: DataLocation.resolve(option: data)))
        let builder = BookBuilder(registry: Lessons.registry, options: options)
        let warm = builder.build()
        print("warm-up build: \(warm)")
        warm.diagnostics.forEach { print("  \($0)") }
        var times: [Double] = []
        var last = warm
        for _ in 0..<repetitions {
            last = builder.build()
            times.append(last.seconds)
        }
        print(String(format: "cached rebuild of %@: median %.1f ms (%d cells, %d run)", chapters, median(times) * 1000,
                     last.cellsCached + last.cellsRun, last.cellsRun))
        if last.cellsRun > 0 {
            // Failed cells are never cached, so a book with failures reruns them every time.
            guard !warm.succeeded else { throw ValidationError("a rebuild with nothing changed ran \(last.cellsRun) cells: the cache is not working") }
            print("  (the book has failing cells; they run again on every build, so this is not a fully cached rebuild)")
        }
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}

/// A large chapter with every kind of prose the book uses, and cells of a step that only echoes.
enum GeneratedChapter {
    static let echo = StepDefinition("echo", summary: "Shows its arguments.",
                                     parameters: [.integer("n", default: 0), .kernel("kernel", named: ["sobelX"], default: "sobelX")],
                                     fileID: "Benchmark/Echo.swift") { cell in
        cell.show(.text("cell \(try cell.arguments.integer("n"))"))
        cell.show(.heatmap(Heatmap(width: 3, height: 3, values: [-1, 0, 1, -2, 0, 2, -1, 0, 1])))
    }

    static let registry = StepRegistry(steps: [echo], sources: ["Benchmark/Echo.swift": "let echo = 1\n"], fingerprint: "")

    static func markdown(kilobytes: Int) -> String {
        var text = "# A generated chapter\n\n"
        var section = 0
        while text.utf8.count < kilobytes * 1024 {
            section += 1
            text += """
                ## Section \(section)

                A convolution with kernel $K$ and bias $b$ gives $y_{r,c} = b + \\sum_{i,j} K_{i,j} \\, x_{r+i,c+j}$, and
                *ReLU* keeps the positive part, $\\max(0, z)$. The **softmax** of logits $z$ is
                $p_k = \\frac{e^{z_k}}{\\sum_j e^{z_j}}$; see [the contents](index.html) and `Conv2D.apply`.

                - the learning rate $\\eta = 0.01$
                - the momentum $\\beta_1 = 0.9$, with ~~no~~ bias correction
                - a link: https://example.org/\(section)

                | epoch | loss | accuracy |
                |------:|-----:|---------:|
                | 1 | 2.30 | 11% |
                | 2 | 0.52 | 86% |

                ```math
                \\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}, \\quad \\theta \\leftarrow \\theta - \\eta \\frac{\\hat{m}_t}{\\sqrt{\\hat{v}_t} + \\epsilon}
                ```

                ```swift
                let model = Sequential([Conv2D(filters: 8, kernel: 3), ReLU(), Flatten(), Dense(10)])
                ```

                ```swift step=echo n=\(section) kernel=[[0,1,0],[1,-4,1],[0,1,0]]
                ```

                > A quote, with a footnote-like remark and $x^2$.


                """
        }
        return text
    }
}
