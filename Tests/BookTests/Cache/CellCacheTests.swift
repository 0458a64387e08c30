@testable import Book
import Foundation
import Testing
import Hashing

@Suite struct CellCacheTests {
    let registry = TestSteps.registry

    func resolved(_ info: String, source: String? = nil) throws -> ResolvedCell {
        let fence = Fence(info: info, body: "", location: SourceLocation(path: "c.md", line: 1, column: 1), infoColumn: 4)
        let cell = try registry.resolve(Cell(index: 1, fence: fence, info: try InfoString.parse(info)))
        guard let source else { return cell }
        return ResolvedCell(cell: cell.cell, step: cell.step, arguments: cell.arguments, code: cell.code, source: source)
    }

    func key(_ cell: ResolvedCell, previous: String? = nil, library: String = "lib", data: String = "data", seed: UInt64 = 1) -> String {
        CellKey.make(previous: previous, cell: cell, sourcesFingerprint: library, dataFingerprint: data, seed: seed)
    }

    @Test func readsBackWhatItStored() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        let state = ChapterState()
        try state.set("model", [1.0, 2.0])
        let outputs: [Output] = [.text("hi"), .image(GrayImage(width: 1, height: 1, pixels: [9]))]
        try cache.store(key: "k1", outputs: outputs, state: state)
        let entry = try #require(cache.entry("k1"))
        #expect(entry.outputs == outputs)
        #expect(try cache.state(of: entry)?.get([Double].self, "model") == [1.0, 2.0])
        #expect(cache.entry("k2") == nil)
    }

    @Test func changesTheKeyWithEachPart() throws {
        let base = try resolved("swift step=greet name=a")
        let keys = [
            key(base),
            key(base, previous: "p"),
            key(try resolved("swift step=greet name=b")),
            key(try resolved("swift step=greet name=a", source: "changed")),
            key(base, library: "lib2"),
            key(base, data: "data2"),
            key(base, seed: 2),
            key(try resolved("swift step=remember")),
        ]
        #expect(Set(keys).count == keys.count)
        // Defaults written out or left out are the same arguments.
        #expect(key(try resolved("swift step=greet name=a times=1")) == keys[0])
    }

    @Test func ignoresACorruptEntry() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        try cache.store(key: "k", outputs: [.text("hi")], state: ChapterState())
        let url = cache.entryURL("k")
        var data = try Data(contentsOf: url)
        data[data.count - 3] ^= 0x01
        try data.write(to: url)
        #expect(cache.entry("k") == nil)
        try data.prefix(10).write(to: url)
        #expect(cache.entry("k") == nil)
        try Data().write(to: url)
        #expect(cache.entry("k") == nil)
    }

    @Test func ignoresAnEntryOfAnotherFormatOrKey() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        try cache.store(key: "k", outputs: [.text("hi")], state: ChapterState())
        let text = try String(contentsOf: cache.entryURL("k"), encoding: .utf8)
        try text.replacingOccurrences(of: "tutor-cell-cache \(CellCache.format) ", with: "tutor-cell-cache 0 ").write(to: cache.entryURL("k"), atomically: true, encoding: .utf8)
        #expect(cache.entry("k") == nil)
        // An entry copied under another key is stale, even with a sound checksum.
        try text.write(to: cache.entryURL("other"), atomically: true, encoding: .utf8)
        #expect(cache.entry("other") == nil)
    }

    /// An entry written with a sound checksum (by hand, or by another program) whose outputs
    /// could not have come from a step: a picture with fewer values than its size, a series
    /// shorter than its x axis, a side that is negative or absurd. Each is a miss (the cell runs
    /// again), never a picture drawn past the end of its values.
    @Test func treatsOutputsNoStepCouldMakeAsAMiss() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        let sound: [Output] = [
            .image(GrayImage(width: 2, height: 1, pixels: [1, 2])),
            .heatmap(Heatmap(width: 2, height: 1, values: [1, 2])),
            .trajectories(TrajectoryPlot(xRange: 0...1, yRange: 0...1, width: 2, height: 1, surface: [1, 2], paths: [])),
            .lineChart(LineChart(xLabel: "x", yLabel: "y", x: [1, 2], series: [.init(name: "s", values: [1, 2])])),
            .barChart(BarChart(labels: ["a", "b"], values: [1, 2])),
        ]
        // Each edit of the payload's JSON, and the output it damages.
        let damages: [(String, String, Int)] = [
            (#""pixels":"AQI=""#, #""pixels":"AQ==""#, 0),
            (#""values":"\#(PackedNumbers.text([1, 2]))","width":2"#, #""values":"\#(PackedNumbers.text([1]))","width":2"#, 1),
            (#""surface":"\#(PackedNumbers.text([1, 2]))""#, #""surface":"\#(PackedNumbers.text([1, 2, 3]))""#, 2),
            (#""values":[1,2]}],"x":[1,2]"#, #""values":[1]}],"x":[1,2]"#, 3),
            (#""labels":["a","b"]"#, #""labels":["a"]"#, 4),
            (#""height":1,"pixels""#, #""height":-1,"pixels""#, 0),
            (#""height":1,"paths""#, #""height":0,"paths""#, 2),
        ]
        for (index, (from, to, damaged)) in damages.enumerated() {
            let key = "k\(index)"
            try cache.store(key: key, outputs: [sound[damaged]], state: ChapterState())
            let url = cache.entryURL(key)
            let text = try String(contentsOf: url, encoding: .utf8)
            let newline = try #require(text.firstIndex(of: "\n"))
            let payload = String(text[text.index(after: newline)...])
            #expect(payload.contains(from), "\(payload)")
            let changed = payload.replacingOccurrences(of: from, with: to)
            try CellCache.sealed(Data(changed.utf8), magic: CellCache.magic).write(to: url)
            #expect(cache.entry(key) == nil, "\(to)")
        }
        // Packed numbers that are not base64, or not a whole number of Doubles.
        for (index, bad) in ["not base64!", "AAAA"].enumerated() {
            let key = "packed\(index)"
            try cache.store(key: key, outputs: [sound[1]], state: ChapterState())
            let url = cache.entryURL(key)
            let text = try String(contentsOf: url, encoding: .utf8)
            let payload = String(text[text.index(after: try #require(text.firstIndex(of: "\n")))...])
                .replacingOccurrences(of: PackedNumbers.text([1, 2]), with: bad)
            try CellCache.sealed(Data(payload.utf8), magic: CellCache.magic).write(to: url)
            #expect(cache.entry(key) == nil, "\(bad)")
        }
        // The same outputs, undamaged, read back.
        try cache.store(key: "whole", outputs: sound, state: ChapterState())
        #expect(cache.entry("whole")?.outputs == sound)
    }

    @Test func refusesDamagedState() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        let state = ChapterState()
        try state.set("value", 3.0)
        try cache.store(key: "k", outputs: [], state: state)
        let entry = try #require(cache.entry("k"))
        let blob = scratch.url.appendingPathComponent("state").appendingPathComponent(entry.state["value"]!)
        try Data("4.0".utf8).write(to: blob)
        #expect(cache.state(of: entry) == nil)
    }

    @Test func fingerprintsDataByNameSizeAndTime() throws {
        let scratch = try ScratchDirectory()
        let empty = DataFingerprint.of(directory: scratch.url)
        try scratch.write("a.gz", "12345")
        let one = DataFingerprint.of(directory: scratch.url)
        #expect(one != empty)
        #expect(DataFingerprint.of(directory: scratch.url) == one)
        try scratch.write("a.gz", "123456")
        #expect(DataFingerprint.of(directory: scratch.url) != one)
        #expect(DataFingerprint.of(directory: scratch.url.appendingPathComponent("nope")) == "missing")
    }

    /// Other bytes of the same size, the modification time put back (`cp -p`, `rsync -a`, a tar
    /// extract do it): a small file is read, a large one betrayed by its change time.
    @Test func dataRewrittenWithItsOldSizeAndTimeIsAChange() throws {
        let scratch = try ScratchDirectory()
        for (name, size) in [("labels.gz", 275), ("images.gz", DataFingerprint.hashedBytes + 1)] {
            try scratch.write(name, String(repeating: "a", count: size))
            let url = scratch.url.appendingPathComponent(name)
            let time = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
            let before = DataFingerprint.of(directory: scratch.url)
            Thread.sleep(forTimeInterval: 0.02)
            try scratch.write(name, "b" + String(repeating: "a", count: size - 1))
            try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: url.path)
            #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int == size)
            #expect(DataFingerprint.of(directory: scratch.url) != before, "\(name)")
        }
        // A file reached through a link counts as the file.
        let linked = try ScratchDirectory()
        try linked.write("target.gz", "12345")
        try FileManager.default.createSymbolicLink(at: scratch.url.appendingPathComponent("link.gz"),
                                                   withDestinationURL: linked.url.appendingPathComponent("target.gz"))
        let withLink = DataFingerprint.of(directory: scratch.url)
        try linked.write("target.gz", "54321")
        #expect(DataFingerprint.of(directory: scratch.url) != withLink)
    }

    @Test func hashesWithSHA256() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct ChapterStateCodingTests {
    @Test func keepsNaNAndInfinityFromADivergedRun() throws {
        let state = ChapterState()
        try state.set("loss", [Float.nan, .infinity, 1])
        let back = try state.get([Float].self, "loss")
        #expect(back[0].isNaN && back[1] == .infinity && back[2] == 1)
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        let chart = Output.lineChart(LineChart(xLabel: "epoch", yLabel: "loss", x: [1, 2], series: [.init(name: "", values: [1, .nan])]))
        try cache.store(key: "k", outputs: [chart], state: state)
        guard case .lineChart(let read)? = cache.entry("k")?.outputs.first else { Issue.record("no entry"); return }
        #expect(read.series[0].values[1].isNaN)
        // Packed arrays (heatmaps, trajectories) come back bit for bit: NaN, -0, the extremes.
        let values: [Double] = [.nan, -0.0, .infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 0.1]
        let map = Output.heatmap(Heatmap(width: 3, height: 2, values: values))
        let plot = Output.trajectories(TrajectoryPlot(xRange: -1...1, yRange: 0...2, width: 6, height: 1, surface: values,
                                                      paths: [.init(name: "p", points: [.init(x: 0.1, y: -0.0), .init(x: .nan, y: 1e-300)])]))
        try cache.store(key: "packed", outputs: [map, plot], state: ChapterState())
        let outputs = try #require(cache.entry("packed")?.outputs)
        guard case .heatmap(let readMap) = outputs[0], case .trajectories(let readPlot) = outputs[1] else { Issue.record("not read back"); return }
        #expect(readMap.values.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(readPlot.surface.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(readPlot.paths[0].points.flatMap { [$0.x.bitPattern, $0.y.bitPattern] } == [0.1, -0.0, .nan, 1e-300].map(\.bitPattern))
    }
}
