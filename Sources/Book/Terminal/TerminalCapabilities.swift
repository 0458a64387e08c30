import Foundation

/// What the terminal we write to can show, decided once from the environment.
public struct TerminalCapabilities: Sendable, Hashable {
    public enum Color: Sendable, Hashable {
        /// Plain text: pictures as an ASCII ramp (NO_COLOR, a pipe, TERM=dumb).
        case none
        /// The 256-colour palette, whose last 24 entries are greys.
        case palette256
        /// 24-bit colour (COLORTERM=truecolor).
        case trueColor
    }

    public var color: Color
    /// Columns available for a line.
    public var width: Int

    public init(color: Color, width: Int) {
        self.color = color
        self.width = width
    }

    /// Colour only on a terminal, never under NO_COLOR (https://no-color.org) or TERM=dumb.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              isTerminal: Bool = isatty(STDOUT_FILENO) == 1) -> TerminalCapabilities {
        let width = columns(environment: environment)
        if !isTerminal || environment["NO_COLOR"].map({ !$0.isEmpty }) == true || environment["TERM"] == "dumb" || environment["TERM"] == nil {
            return TerminalCapabilities(color: .none, width: width)
        }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        return TerminalCapabilities(color: colorTerm.contains("truecolor") || colorTerm.contains("24bit") ? .trueColor : .palette256, width: width)
    }

    /// The widths laid out: a narrower terminal gets the narrowest layout (the pictures need
    /// 21 columns), a wider one lines no longer than `widest` (prose wider than that is not read).
    public static let narrowest = 21, widest = 1000

    /// The terminal's width: `COLUMNS` if it is a positive number, else what the terminal says,
    /// else 80; kept within `narrowest...widest`.
    public static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        let width = Int(environment["COLUMNS"]?.trimmingCharacters(in: .whitespaces) ?? "").flatMap { $0 > 0 ? $0 : nil } ?? terminalWidth() ?? 80
        return min(max(width, narrowest), widest)
    }

    private static func terminalWidth() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    var usesColor: Bool { color != .none }

    /// From now on, a stop by a signal (Ctrl-C, SIGTERM, SIGHUP, Ctrl-\\) writes a colour reset to
    /// standard output first, so that a picture cut short leaves no colour on the teacher's terminal.
    public static func resetColorsOnStop() {
        UnfinishedWrites.resetTerminalOnStop()
    }

    /// An SGR escape sequence, or nothing on a plain terminal.
    func style(_ codes: String) -> String { usesColor ? "\u{1B}[\(codes)m" : "" }
    var reset: String { style("0") }
    var bold: String { style("1") }
    var dim: String { style("2") }

    func foreground(_ r: Int, _ g: Int, _ b: Int) -> String { sgr(38, r, g, b) }
    func background(_ r: Int, _ g: Int, _ b: Int) -> String { sgr(48, r, g, b) }

    private func sgr(_ layer: Int, _ r: Int, _ g: Int, _ b: Int) -> String {
        switch color {
        case .none: return ""
        case .trueColor: return "\u{1B}[\(layer);2;\(r);\(g);\(b)m"
        case .palette256: return "\u{1B}[\(layer);5;\(Self.paletteIndex(r, g, b))m"
        }
    }

    /// The nearest 256-colour entry: the grey ramp (232-255) for greys, the 6x6x6 cube otherwise.
    static func paletteIndex(_ r: Int, _ g: Int, _ b: Int) -> Int {
        if r == g && g == b {
            if r < 4 { return 16 }
            if r > 246 { return 231 }
            return 232 + min(23, max(0, (r - 8 + 5) / 10))
        }
        func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        return 16 + 36 * level(r) + 6 * level(g) + level(b)
    }
}
