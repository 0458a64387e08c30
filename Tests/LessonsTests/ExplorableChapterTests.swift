import Book
import Foundation
import Lessons
import Testing

/// The controls of the real chapters: every variant a page offers is what the runner computes
/// for the same values given on the command line (`tutor run --set`), and every chapter named
/// in the issue offers them.
@Suite(.serialized) struct ExplorableChapterTests {
    /// Chapters 1 to 5 read only the shipped sample; chapter 6 is built whole by BookBuildTests.
    static let chapters = ["01-convolution.md", "02-relu.md", "03-softmax.md", "04-cross-entropy.md", "05-adam.md"]

    struct Ran {
        var cells: [ResolvedCell]
        var outputs: [[Output]]
        var exploration: ChapterExploration
    }

    func run(_ file: String, overrides: [Override] = [], cache: CellCache, explore: Bool) throws -> Ran {
        let text = try String(contentsOf: chaptersDirectory.appendingPathComponent(file), encoding: .utf8)
        let chapter = try Chapter.parse(text, path: "chapters/\(file)", fileName: file)
        let cells = try chapter.cells.map { try Lessons.registry.resolve($0, overrides: overrides) }
        let settings = RunSettings(seed: 1, data: Lessons.dataSources(sample: sampleDirectory, mnist: URL(fileURLWithPath: "/nonexistent")),
                                   registry: Lessons.registry, cache: cache)
        let run = ChapterRun(cells: cells, settings: settings)
        var outputs: [[Output]] = []
        while !run.isFinished { outputs.append(try run.next().outputs) }
        let exploration = explore ? try ExplorationRun(cells: cells, ownOutputs: outputs, settings: settings).run() : .none
        return Ran(cells: cells, outputs: outputs, exploration: exploration)
    }

    @Test(arguments: chapters)
    func everyVariantIsWhatTheCommandLineGivesForTheSameValues(_ file: String) throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = CellCache(directory: folder)
        let page = try run(file, cache: cache, explore: true)
        #expect(!page.exploration.isEmpty, "\(file) offers no control")
        var compared = 0
        for (index, cell) in page.exploration.cells.sorted(by: { $0.key < $1.key }) where !cell.controls.isEmpty {
            // Up to four settings a cell, spread over its variants, never its own.
            let settings = cell.variants.keys.sorted { $0.map(\.sourceText).joined() < $1.map(\.sourceText).joined() }
                .filter { setting in zip(cell.controls, setting).contains { page.exploration.ownValue($0) != $1 } }
            let step = max(1, settings.count / 4)
            for setting in stride(from: 0, to: settings.count, by: step).prefix(4).map({ settings[$0] }) {
                let names = cell.controls.map(\.name)
                guard Set(names).count == names.count else { continue }  // two cells' controls of one name: --set cannot say it
                let overrides = try zip(names, setting).map { try Override.parse("\($0)=\($1.sourceText)") }
                let commandLine = try run(file, overrides: overrides, cache: cache, explore: false)
                compared += 1
                #expect(cell.variants[setting] == commandLine.outputs[index - 1],
                        "\(file) cell \(index) with \(overrides.map(\.parameter.name)) = \(setting.map(\.sourceText)) differs from tutor run --set")
            }
        }
        #expect(compared >= 3, "\(file): only \(compared) settings compared")
    }

    /// Chapter 2 says its histograms show "the same map": they follow the map's controls, and
    /// for every setting count the values of the map shown with it.
    @Test func theReluHistogramsFollowTheMapsControls() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try run("02-relu.md", cache: CellCache(directory: folder), explore: true)
        let (mapCell, histogramCell) = (try #require(page.exploration.cells[1]), try #require(page.exploration.cells[2]))
        #expect(Set(histogramCell.controls.map(\.name)) == ["kernel", "digit"], "\(histogramCell.controls)")
        #expect(histogramCell.variants.count == mapCell.variants.count)
        for (setting, outputs) in histogramCell.variants {
            // The map's table counts its negative values; the histogram's caption names as many.
            let table = try #require(mapCell.variants[setting]?.compactMap { if case .table(let t) = $0 { t } else { nil } }.first)
            let negatives = try #require(table.rows.first { $0.first == "negative" }?[1])
            let captions = outputs.compactMap { if case .barChart(let chart) = $0 { chart.caption } else { nil } }
            #expect(captions.contains { $0.contains("the \(negatives) negative values") } || negatives == "0", "\(setting): \(captions)")
        }
    }

    @Test func theChaptersOfferTheControlsTheyTeachWith() throws {
        var offered: [String: Set<String>] = [:]
        for file in Self.chapters + ["06-mnist.md"] {
            let text = try String(contentsOf: chaptersDirectory.appendingPathComponent(file), encoding: .utf8)
            let chapter = try Chapter.parse(text, path: "chapters/\(file)", fileName: file)
            for cell in try chapter.cells.map({ try Lessons.registry.resolve($0) }) {
                for variation in cell.variations { offered[file, default: []].insert("\(cell.step.name).\(variation.name)") }
            }
        }
        #expect(offered["01-convolution.md"]?.isSuperset(of: ["convolveAll.digit", "onePixel.kernel", "onePixel.digit"]) == true)
        #expect(offered["02-relu.md"]?.isSuperset(of: ["reluMap.kernel", "reluMap.digit"]) == true)
        #expect(offered["03-softmax.md"]?.isSuperset(of: ["softmaxDigit.index", "softmaxTemperature.temperatures"]) == true)
        #expect(offered["04-cross-entropy.md"]?.isSuperset(of: ["lossExamples.label"]) == true)
        #expect(offered["05-adam.md"]?.isSuperset(of: ["valley.adamLearningRate"]) == true)
        #expect(offered["06-mnist.md"]?.isSuperset(of: ["featureMaps.index", "misclassified.from", "trainVariant.filters"]) == true)
    }
}
