@testable import Book
import Testing

@Suite struct TerminalPresenterTests {
    let plain = TerminalPresenter(terminal: TerminalCapabilities(color: .none, width: 80))
    let color = TerminalPresenter(terminal: TerminalCapabilities(color: .trueColor, width: 80))

    @Test func drawsImagesWithAnASCIIRampWithoutColour() {
        let text = plain.output(.image(GrayImage(width: 2, height: 1, pixels: [0, 255])))
        #expect(text == "  @@  \n")
    }

    @Test func drawsTwoPixelRowsPerLineWithHalfBlocksInColour() {
        let text = color.output(.image(GrayImage(width: 1, height: 2, pixels: [0, 255])))
        #expect(text == "  \u{1B}[38;2;0;0;0m\u{1B}[48;2;255;255;255m▀\u{1B}[0m\n")
    }

    @Test func usesTheGreyRampOf256ColourTerminals() {
        #expect(TerminalCapabilities.paletteIndex(0, 0, 0) == 16)
        #expect(TerminalCapabilities.paletteIndex(255, 255, 255) == 231)
        #expect(TerminalCapabilities.paletteIndex(128, 128, 128) == 244)
    }

    @Test func shrinksPicturesWiderThanTheTerminal() {
        let wide = GrayImage(width: 200, height: 2, pixels: [UInt8](repeating: 0, count: 400))
        let lines = plain.output(.image(wide)).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func drawsAGallerySideBySideAsFarAsTheTerminalIsWide() {
        let image = { (caption: String) in Output.image(GrayImage(caption: caption, width: 2, height: 1, pixels: [0, 255])) }
        let wide = plain.output(.gallery([image("a"), image("b")])).split(separator: "\n")
        #expect(wide == ["  a       b", "  @@      @@"])
        let narrow = TerminalPresenter(terminal: TerminalCapabilities(color: .none, width: 8))
        #expect(narrow.output(.gallery([image("a"), image("b")])).split(separator: "\n") == ["  a", "  @@", "  b", "  @@"])
    }

    @Test func measuresLinesWithoutTheirColourEscapes() {
        #expect(TerminalPresenter.visibleWidth("\u{1B}[38;2;0;0;0m▀▀\u{1B}[0m") == 2)
    }

    @Test func alignsTables() {
        let text = plain.output(.table(Table(header: ["digit", "p"], rows: [["3", "0.91"], ["seven", "0.1"]])))
        #expect(text == "  digit  p   \n  ─────  ────\n      3  0.91\n  seven   0.1\n")
    }

    @Test func drawsBarChartsAsHorizontalBars() {
        let text = plain.output(.barChart(BarChart(labels: ["0", "1"], values: [0.25, 0.5], highlighted: [1])))
        let lines = text.split(separator: "\n")
        #expect(lines[1].hasSuffix("0.50 ◀"))
        #expect(lines[0].filter { $0 == "#" }.count * 2 == lines[1].filter { $0 == "#" }.count)
    }

    @Test func printsKernelValues() {
        let text = plain.output(.heatmap(Heatmap(width: 2, height: 1, values: [-1, 1])))
        #expect(text == "   −1   1 \n")
    }

    /// Without colour, red and blue would be the same grey: a signed map shows each pixel's sign.
    @Test func drawsASignedMapWithItsSignsWithoutColour() {
        let values = (0..<8).map { Double($0 - 4) }  // -4 -3 -2 -1 0 1 2 3
        let text = plain.output(.heatmap(Heatmap(caption: "map", width: 8, height: 1, values: values, showValues: false)))
        let row = text.split(separator: "\n").first { $0.hasPrefix("  ") && $0.contains("-") && !$0.contains("positive") }
        // Magnitudes in quarters of the largest, 4: . below 1, : from 1, = from 2, # from 3.
        #expect(row.map(String.init) == "  -#-#-=-:  +:+=+#", "\(text)")
        #expect(text.contains("+ positive, - negative"), "\(text)")
        // In colour, the colours say it.
        #expect(!color.output(.heatmap(Heatmap(caption: "map", width: 8, height: 1, values: values, showValues: false))).contains("+ positive"))
    }

    @Test func summarisesLineChartsWithSparklinesAndATable() {
        let text = plain.output(.lineChart(LineChart(xLabel: "epoch", yLabel: "loss", x: [1, 2, 3], series: [.init(name: "train", values: [3, 2, 1])])))
        #expect(text.contains("train: @=_"))
        #expect(text.contains("epoch  train"))
        // Two series share one scale: a loss that barely moved stays near the top, not a full
        // descent of its own (found by an exploration).
        let two = plain.output(.lineChart(LineChart(xLabel: "step", yLabel: "loss", x: [1, 2, 3],
                                                    series: [.init(name: "sgd", values: [13.4, 7.2, 1]), .init(name: "adam", values: [13.4, 13.395, 13.39])])))
        #expect(two.contains("sgd: @=_") && two.contains("adam: @@@"), "\(two)")
    }

    @Test func detectsColourOnlyOnATerminalWithoutNoColor() {
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm"], isTerminal: false).color == .none)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm", "NO_COLOR": "1"], isTerminal: true).color == .none)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "dumb"], isTerminal: true).color == .none)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm"], isTerminal: true).color == .palette256)
        #expect(TerminalCapabilities.detect(environment: ["TERM": "xterm", "COLORTERM": "truecolor"], isTerminal: true).color == .trueColor)
    }

    /// `COLUMNS` is taken within the widths laid out: a narrower one gets the narrowest layout
    /// (not 80 columns), a huge one lines of at most `widest`; what is not a positive number is
    /// not a width.
    @Test func aWidthIsTakenWithinTheWidthsLaidOut() {
        #expect(TerminalCapabilities.columns(environment: ["COLUMNS": "100"]) == 100)
        #expect(TerminalCapabilities.columns(environment: ["COLUMNS": "5"]) == TerminalCapabilities.narrowest)
        #expect(TerminalCapabilities.columns(environment: ["COLUMNS": "100000"]) == TerminalCapabilities.widest)
        for junk in ["0", "-3", "abc", ""] {
            let width = TerminalCapabilities.columns(environment: ["COLUMNS": junk])
            #expect((TerminalCapabilities.narrowest...TerminalCapabilities.widest).contains(width), "\(junk): \(width)")
        }
    }

    @Test func writesAStatusLineOnlyOnATerminal() {
        let sink = TextSink()
        let status = StatusLine(isTerminal: true, width: 40, write: sink.append)
        status.handle(.chapterStarted(ChapterLink(number: 1, title: "T", pageName: "01-t.html"), position: 1, count: 2))
        status.handle(.stepProgress("epoch 1"))
        status.finish()
        #expect(sink.text == "\r\u{1B}[2K[1/2] 01-t\r\u{1B}[2K[1/2] 01-t  epoch 1\r\u{1B}[2K")
        let quiet = TextSink()
        let off = StatusLine(isTerminal: false, write: quiet.append)
        off.handle(.stepProgress("epoch 1"))
        off.handle(.diagnostic(Diagnostic(file: "a.md", "bad")))
        #expect(quiet.text == "a.md:1:1: error: bad\n")
    }
}

final class TextSink: @unchecked Sendable {
    private(set) var text = ""
    func append(_ s: String) { text += s }
}
