import Book
import CNN
import Foundation
import Lessons
import Testing

/// The whole book, built the way `tutor build` builds it.
@Suite(.serialized) struct BookBuildTests {
    @Test func chaptersOneToFiveBuildFromTheSampleAloneAndChapterSixSaysHowToGetTheData() throws {
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let summary = build(into: output, mnist: URL(fileURLWithPath: "/nonexistent/mnist"))
        #expect(summary.chaptersBuilt == 5)
        #expect(summary.chaptersFailed == 1)
        let message = summary.diagnostics.map(\.description).joined(separator: "\n")
        #expect(message.contains("06-mnist.md:"), "\(message)")
        #expect(message.contains("tutor data"), "\(message)")
        for page in ["01-convolution.html", "02-relu.html", "03-softmax.html", "04-cross-entropy.html", "05-adam.html"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(page).path), "\(page)")
        }
        // The contents page tells a reader what each chapter teaches, from its opening paragraph.
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.components(separatedBy: "<p class=\"summary\"><strong>What you will learn.</strong>").count - 1 == 5)
    }

    @Test func theSameSeedBuildsTheSameBookByteForByte() throws {
        let first = try temporaryDirectory(), second = try temporaryDirectory()
        defer { [first, second].forEach { try? FileManager.default.removeItem(at: $0) } }
        _ = build(into: first, mnist: URL(fileURLWithPath: "/nonexistent"), useCache: false)
        _ = build(into: second, mnist: URL(fileURLWithPath: "/nonexistent"), useCache: false)
        let files = try FileManager.default.subpathsOfDirectory(atPath: first.path).filter { $0.hasSuffix(".html") || $0.hasSuffix(".pgm") }
        #expect(files.count > 20)
        for file in files {
            let a = try Data(contentsOf: first.appendingPathComponent(file))
            let b = try Data(contentsOf: second.appendingPathComponent(file))
            #expect(a == b, "\(file) differs between two builds with the same seed")
        }
    }

    @Test func theWholeBookBuildsOnRealMNISTWithEveryFigure() throws {
        let mnist = try mnistDirectory()
        let output = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let summary = build(into: output, mnist: mnist)
        #expect(summary.succeeded, "\(summary.diagnostics)")
        #expect(summary.chaptersBuilt == 6)

        let fm = FileManager.default
        let pages = try fm.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count == 7)
        for page in pages where page != "index.html" {
            let html = try String(contentsOf: output.appendingPathComponent(page), encoding: .utf8)
            #expect(html.contains("<svg"), "\(page) has no figures")
            #expect(html.contains("<math"), "\(page) has no math")
            // Every picture on the page (digits, feature maps, kernels), and in its variants, has
            // its PGM file, and every PGM file of the chapter is one the page links to.
            let slug = String(page.dropFirst(3).dropLast(5))
            let images = Set(try fm.contentsOfDirectory(atPath: output.appendingPathComponent("images").path).filter { $0.hasPrefix(slug + "-") })
            let linked = Set(html.matches(of: /href="images\/([^"]+\.pgm)"/).map { String($0.output.1) })
            #expect(images == linked, "\(page): files not linked \(images.subtracting(linked).sorted()), links to no file \(linked.subtracting(images).sorted())")
        }
        for image in try fm.contentsOfDirectory(atPath: output.appendingPathComponent("images").path) {
            try expectValidPGM(output.appendingPathComponent("images").appendingPathComponent(image))
        }

        // The reader sees the Keras-style log: the last epoch must reach the reference accuracy.
        // The page as built, before the variants that follow it.
        let mnistPage = try #require(try String(contentsOf: output.appendingPathComponent("06-mnist.html"), encoding: .utf8)
            .components(separatedBy: "</main>").first)
        let accuracies = mnistPage.matches(of: /- accuracy: (0\.\d+) - loss: [\d.]+ - val_accuracy: (0\.\d+)/)
        // Three runs of 5 epochs: the reference run comes first.
        try #require(accuracies.count == 15, "expected 15 epoch lines, found \(accuracies.count)")
        let reference = accuracies[4].output
        #expect(try #require(Double(reference.1)) >= 0.97, "training accuracy \(reference.1)")
        #expect(try #require(Double(reference.2)) >= 0.95, "validation accuracy \(reference.2)")
    }

    private func build(into output: URL, mnist: URL, useCache: Bool = true) -> BuildSummary {
        let options = BuildOptions(chapters: chaptersDirectory, chaptersDisplayPath: "chapters", output: output,
                                   data: Lessons.dataSources(sample: sampleDirectory, mnist: mnist), useCache: useCache)
        return BookBuilder(registry: Lessons.registry, options: options).build()
    }

    /// A binary PGM: "P5", width, height, maxval 255, one whitespace byte, then width*height bytes.
    private func expectValidPGM(_ url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        var fields: [String] = [], position = 0
        while fields.count < 4 && position < bytes.count {
            while position < bytes.count && [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
            let start = position
            while position < bytes.count && ![0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
            fields.append(String(decoding: bytes[start..<position], as: UTF8.self))
        }
        position += 1  // the single whitespace byte after maxval
        try #require(fields.count == 4, "\(url.lastPathComponent): short header")
        #expect(fields[0] == "P5", "\(url.lastPathComponent)")
        #expect(fields[3] == "255", "\(url.lastPathComponent)")
        let (width, height) = (Int(fields[1]) ?? 0, Int(fields[2]) ?? 0)
        #expect(width > 0 && height > 0, "\(url.lastPathComponent)")
        #expect(bytes.count - position == width * height, "\(url.lastPathComponent): \(bytes.count - position) pixel bytes for \(width)x\(height)")
    }
}
