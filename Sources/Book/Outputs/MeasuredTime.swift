/// A time measured while a step ran ("1.34 s"): the one part of a result that changes from build
/// to build, and from one variant to the next, when nothing else did.
///
/// A step marks it (`MeasuredTime.mark`) inside a text, a preformatted text or a table cell. The
/// explorable book then compares variants without their times (`Output.withoutTimes`): a cell
/// whose variants differ only in how long they took does not follow the control that made them.
/// Every renderer shows the text without the marks (`Output.shown`). The marks are two
/// private-use characters, which no text a step computes otherwise holds.
public enum MeasuredTime {
    static let opening: Unicode.Scalar = "\u{E000}", closing: Unicode.Scalar = "\u{E001}"

    /// `text` (a time, as it is to be shown) marked as measured.
    public static func mark(_ text: String) -> String {
        String(Character(opening)) + text + String(Character(closing))
    }

    /// `text` without the marks: as it is shown.
    static func unmarked(_ text: String) -> String {
        guard holdsMarks(text) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { $0 != opening && $0 != closing })
        return String(scalars)
    }

    /// `text` with every marked time left empty: equal for two texts that differ only in times.
    static func blanked(_ text: String) -> String {
        guard holdsMarks(text) else { return text }
        var scalars = String.UnicodeScalarView()
        var inside = false
        for scalar in text.unicodeScalars {
            if scalar == opening { inside = true; scalars.append(scalar) }
            else if scalar == closing { inside = false; scalars.append(scalar) }
            else if !inside { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// Both marks start with the UTF-8 byte 0xEE: most texts are passed over on one scan.
    private static func holdsMarks(_ text: String) -> Bool { text.utf8.contains(0xEE) }
}

extension Output {
    /// The output as shown: the marks of measured times removed.
    public var shown: Output { mapTexts(MeasuredTime.unmarked) }

    /// The output with every measured time left empty: what the explorable book compares.
    public var withoutTimes: Output { mapTexts(MeasuredTime.blanked) }

    /// The output with `transform` applied to the texts that may hold a measured time.
    private func mapTexts(_ transform: (String) -> String) -> Output {
        switch self {
        case .text(let text): return .text(transform(text))
        case .preformatted(let text): return .preformatted(transform(text))
        case .table(let table):
            return .table(Table(caption: transform(table.caption), header: table.header.map(transform),
                                rows: table.rows.map { $0.map(transform) }))
        case .gallery(let items): return .gallery(items.map { $0.mapTexts(transform) })
        case .math, .image, .heatmap, .lineChart, .barChart, .trajectories: return self
        }
    }
}
