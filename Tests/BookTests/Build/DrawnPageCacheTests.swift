@testable import Book
import Foundation
import Testing

/// A chapter whose text, cells and sources did not change is not drawn again: its page comes
/// from the cache whole, and the cell entries it was drawn from survive pruning.
@Suite struct DrawnPageCacheTests {
    typealias Workspace = BookBuilderTests.Workspace

    func pageEntries(_ workspace: Workspace) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: workspace.output.appendingPathComponent(".cache/pages").path)) ?? []).sorted()
    }

    @Test func anUnchangedChapterComesWholeFromTheCacheAndIsTheSamePage() throws {
        let workspace = try Workspace("explore")
        let first = workspace.build()
        #expect(first.succeeded && first.variantsRun > 0)
        let page = try Data(contentsOf: workspace.file("01-explore.html"))
        let images = try FileManager.default.contentsOfDirectory(atPath: workspace.file("images").path).sorted()
        #expect(pageEntries(workspace).count == 1)
        // Delete the pages: the drawn chapter alone must give them back, byte for byte.
        try FileManager.default.removeItem(at: workspace.file("01-explore.html"))
        try FileManager.default.removeItem(at: workspace.file("images"))
        let second = workspace.build()
        #expect(second.cellsRun == 0 && second.variantsRun == 0 && second.succeeded)
        #expect(second.cellsCached == first.cellsRun && second.variantsCached == first.variantsRun)
        #expect(try Data(contentsOf: workspace.file("01-explore.html")) == page)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.file("images").path).sorted() == images)
    }

    @Test func aProseEditDrawsThePageAgainFromTheCellsCache() throws {
        let workspace = try Workspace("explore")
        _ = workspace.build()
        try workspace.edit("01-explore.md") { $0.replacingOccurrences(of: "Each control below", with: "Every control below") }
        let summary = workspace.build()
        #expect(summary.cellsRun == 0 && summary.variantsRun == 0)
        #expect(try String(contentsOf: workspace.file("01-explore.html"), encoding: .utf8).contains("Every control below"))
        // The old drawing is pruned, the new one kept.
        #expect(pageEntries(workspace).count == 1)
    }

    @Test func cellEntriesBehindADrawnPageSurvivePruningSoALaterEditRerunsOnlyWhatChanged() throws {
        let workspace = try Workspace("explore")
        let first = workspace.build()
        _ = workspace.build()  // served whole from the drawn page: no cell entry read
        try workspace.edit("01-explore.md") { $0.replacingOccurrences(of: "name=\"a\"", with: "name=\"b\"") }
        let third = workspace.build()
        // Only the last cell (greet) and its variants run again: times 1...5, less its own (greet
        // reads no state, so cell 1's values change nothing of it).
        #expect(third.cellsRun == 1 && third.cellsCached == first.cellsRun - 1)
        #expect(third.variantsRun == 5 - 1)
    }

    @Test func aDamagedDrawnPageIsDrawnAgainFromTheCells() throws {
        let workspace = try Workspace("explore")
        let first = workspace.build()
        let page = try Data(contentsOf: workspace.file("01-explore.html"))
        for name in pageEntries(workspace) {
            let url = workspace.output.appendingPathComponent(".cache/pages/\(name)")
            var data = try Data(contentsOf: url)
            data[data.count - 2] ^= 1
            try data.write(to: url)
        }
        let second = workspace.build()
        #expect(second.succeeded && second.cellsRun == 0 && second.variantsRun == 0 && second.cellsCached == first.cellsRun)
        #expect(try Data(contentsOf: workspace.file("01-explore.html")) == page)
    }

    /// A drawn page whose checksum is sound but which names a picture file that is not one of its
    /// chapter's (edited by hand, or written by something else): the page is drawn again from the
    /// cells, and nothing is written outside the book's images folder.
    @Test func aDrawnPageNamingAnotherFileIsDrawnAgainAndWritesNothingThere() throws {
        let workspace = try Workspace("explore")
        let first = workspace.build()
        let page = try Data(contentsOf: workspace.file("01-explore.html"))
        let names = ["../../escaped.pgm", "../escaped.pgm", "other-1-1.pgm", "01-explore.html"]
        for (index, name) in pageEntries(workspace).enumerated() {
            let url = workspace.output.appendingPathComponent(".cache/pages/\(name)")
            let data = try Data(contentsOf: url)
            let newline = try #require(data.firstIndex(of: UInt8(ascii: "\n")))
            var entry = try #require(try JSONSerialization.jsonObject(with: data[(newline + 1)...]) as? [String: Any])
            var images = try #require(entry["images"] as? [String: Any])
            images[names[index % names.count]] = images.values.first ?? ""
            images["../../escaped.pgm"] = images.values.first ?? ""
            entry["images"] = images
            let payload = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])
            try CellCache.sealed(payload, magic: CellCache.pageMagic).write(to: url)
        }
        try FileManager.default.removeItem(at: workspace.file("01-explore.html"))
        let second = workspace.build()
        #expect(second.succeeded && second.cellsRun == 0 && second.variantsRun == 0 && second.cellsCached == first.cellsRun)
        #expect(try Data(contentsOf: workspace.file("01-explore.html")) == page)
        let parent = workspace.output.deletingLastPathComponent()
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("escaped.pgm").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.output.appendingPathComponent("escaped.pgm").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.file("images/other-1-1.pgm").path))
    }

    /// Counts no build could write (an entry edited by hand): the page is drawn again, and the
    /// build's totals do not overflow.
    @Test func aDrawnPageWithImpossibleCountsIsDrawnAgain() throws {
        let workspace = try Workspace("explore")
        let first = workspace.build()
        for field in ["cells", "variants", "bytesByCell"] {
            for name in pageEntries(workspace) {
                let url = workspace.output.appendingPathComponent(".cache/pages/\(name)")
                let data = try Data(contentsOf: url)
                let newline = try #require(data.firstIndex(of: UInt8(ascii: "\n")))
                var entry = try #require(try JSONSerialization.jsonObject(with: data[(newline + 1)...]) as? [String: Any])
                entry[field] = field == "bytesByCell" ? ["1": Int.max] as [String: Any] : Int.max
                let payload = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])
                try CellCache.sealed(payload, magic: CellCache.pageMagic).write(to: url)
            }
            let again = workspace.build()
            #expect(again.succeeded && again.cellsRun == 0 && again.cellsCached == first.cellsRun, "\(field)")
            #expect(again.variantsCached == first.variantsRun, "\(field)")
        }
    }

    @Test func noCacheDrawsEverythingAgain() throws {
        let workspace = try Workspace("explore")
        let first = workspace.build()
        let again = workspace.build(useCache: false)
        #expect(again.cellsRun == first.cellsRun && again.variantsRun == first.variantsRun)
    }
}
