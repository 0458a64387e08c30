@testable import Book
import Foundation
import Testing

/// Cache entries changed by hand (or by another program) and given a sound checksum: each either
/// fails to read (the cell runs again) or reads as outputs that the page, its picture files and
/// the terminal all draw. Nothing read back from the cache can stop the program.
@Suite struct CacheMutationTests {
    static let outputs: [Output] = [
        .text("text"),
        .math("x^2"),
        .table(Table(caption: "t", header: ["a", "b"], rows: [["1", "2"], ["3"]])),
        .image(GrayImage(caption: "i", width: 3, height: 2, pixels: [0, 50, 100, 150, 200, 255])),
        .heatmap(Heatmap(caption: "h", width: 3, height: 2, values: [-1, 0.5, 2, 3, -4, 5], rowLabels: ["r"], columnLabels: ["c"])),
        .heatmap(Heatmap(width: 12, height: 10, values: (0..<120).map { Double($0) - 60 }, showValues: false, signed: true, scale: 30)),
        .lineChart(LineChart(xLabel: "x", yLabel: "y", x: [1, 2, 3], series: [.init(name: "s", values: [0.5, 0.25, 0.125])])),
        .barChart(BarChart(labels: ["a", "b", "c"], values: [0.1, 0.7, 0.2], highlighted: [1])),
        .trajectories(TrajectoryPlot(xRange: -2...2, yRange: -1...1, width: 4, height: 2, surface: [1, 2, 3, 4, 5, 6, 7, 8],
                                     paths: [.init(name: "p", points: [.init(x: -1, y: 0.5), .init(x: 0, y: 0)])])),
        .gallery([.image(GrayImage(width: 1, height: 1, pixels: [7])), .text("g")]),
    ]

    /// SplitMix64: the same mutations on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The payload with one number replaced by another, often an extreme one; or one character
    /// of a string (base64 included) changed; or an element of an array dropped.
    static func mutate(_ payload: String, _ generator: inout Generator) -> String {
        let scalars = Array(payload.unicodeScalars)
        let replacements = ["-1", "0", "1", "2", "1048577", "4294967296", "9223372036854775807", "-9223372036854775808",
                            "1e308", "-1e308", "1e-320", "\"x\"", "[]", "null", "1.5"]
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            // A run of numerals (with its minus sign) somewhere in the payload, replaced.
            let numerals = scalars.indices.filter { ("0"..."9").contains(scalars[$0]) }
            guard let at = numerals.randomElement(using: &generator) else { return payload }
            var start = at, end = at
            while start > 0, ("0"..."9").contains(scalars[start - 1]) || scalars[start - 1] == "." || scalars[start - 1] == "-" { start -= 1 }
            while end + 1 < scalars.count, ("0"..."9").contains(scalars[end + 1]) || scalars[end + 1] == "." { end += 1 }
            var result = String.UnicodeScalarView(scalars[..<start])
            result.append(contentsOf: replacements.randomElement(using: &generator)!.unicodeScalars)
            result.append(contentsOf: scalars[(end + 1)...])
            return String(result)
        case 1:
            // A letter or numeral changed: inside a key, a string or a base64 array.
            let letters = scalars.indices.filter { scalars[$0].properties.isAlphabetic || ("0"..."9").contains(scalars[$0]) }
            guard let at = letters.randomElement(using: &generator) else { return payload }
            var result = scalars
            result[at] = "ABCxyz019+/".unicodeScalars.randomElement(using: &generator)!
            return String(String.UnicodeScalarView(result))
        default:
            // The first element of some array dropped.
            let opens = scalars.indices.filter { scalars[$0] == "[" }
            guard let at = opens.randomElement(using: &generator),
                  let comma = scalars[at...].firstIndex(where: { $0 == "," || $0 == "]" }), scalars[comma] == "," else { return payload }
            var result = scalars
            result.removeSubrange((at + 1)...comma)
            return String(String.UnicodeScalarView(result))
        }
    }

    /// Mutated entries per output; `TUTOR_CACHE_MUTATIONS=5000` searches longer, and
    /// `TUTOR_CACHE_MUTATION_SEED` elsewhere.
    static let rounds = Int(ProcessInfo.processInfo.environment["TUTOR_CACHE_MUTATIONS"] ?? "") ?? 60
    static let seed = UInt64(ProcessInfo.processInfo.environment["TUTOR_CACHE_MUTATION_SEED"] ?? "") ?? 14

    @Test func everyEntryEitherFailsToReadOrIsDrawn() throws {
        let scratch = try ScratchDirectory()
        let cache = CellCache(directory: scratch.url)
        var generator = Generator(state: Self.seed)
        var (read, refused) = (0, 0)
        for (index, output) in Self.outputs.enumerated() {
            try cache.store(key: "sound\(index)", outputs: [output], state: ChapterState())
            let text = try String(contentsOf: cache.entryURL("sound\(index)"), encoding: .utf8)
            let payload = String(text[text.index(after: try #require(text.firstIndex(of: "\n")))...])
            for round in 0..<Self.rounds {
                // Under its own key (an entry copied under another is refused for that alone).
                let key = "k\(index)-\(round)"
                var changed = payload.replacingOccurrences(of: #""key":"sound\#(index)""#, with: #""key":"\#(key)""#)
                for _ in 0..<(1 + round % 3) { changed = Self.mutate(changed, &generator) }
                try CellCache.sealed(Data(changed.utf8), magic: CellCache.magic).write(to: cache.entryURL(key))
                guard let entry = cache.entry(key) else { refused += 1; continue }
                read += 1
                var html = OutputHTML(imagePrefix: "m-1", location: SourceLocation(path: "m.md", line: 1, column: 1))
                for output in entry.outputs {
                    // Bad math is a diagnostic at the cell, as from a step; anything else draws.
                    _ = try? html.html(output)
                    for color in [TerminalCapabilities.Color.none, .trueColor] {
                        _ = TerminalPresenter(terminal: TerminalCapabilities(color: color, width: 80)).output(output)
                    }
                }
            }
        }
        // Both kinds happen: the mutations are not all refused, nor all harmless.
        #expect(read > 50 && refused > 50, "read \(read), refused \(refused)")
    }
}
