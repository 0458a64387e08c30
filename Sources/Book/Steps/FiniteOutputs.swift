/// The check that a page never shows NaN or infinity.
///
/// A number that overflowed or divided zero by zero is a bug in the step or a setting it cannot
/// handle; printed, it reads as a result ("-nan" on a chart, "inf" in a table). Every output a
/// step shows is checked when the step returns: chart, map and path values must be finite, and
/// text, math and table cells must not contain the words `nan` or `inf` as printf and
/// `String(describing:)` spell them. A step that means to show an overflow writes it in words
/// or as ∞.
public enum FiniteOutputs {
    /// Throws `StepError.failed` naming the first output that holds a non-finite number.
    public static func check(_ outputs: [Output]) throws(StepError) {
        for (position, output) in outputs.enumerated() {
            if let problem = problem(in: output) {
                throw .failed("output \(position + 1) of the step \(problem): a page never shows NaN or infinity; "
                              + "the step must guard its arithmetic or refuse these settings")
            }
        }
    }

    /// What is wrong with `output`, or nil when every number in it is finite.
    static func problem(in output: Output) -> String? {
        switch output {
        case .text(let text): return word(in: text).map { "(text) prints '\($0)'" }
        case .preformatted(let text): return word(in: text).map { "(preformatted text) prints '\($0)'" }
        case .math(let tex): return word(in: tex).map { "(math) prints '\($0)'" }
        case .table(let table):
            for (r, row) in ([table.caption] + table.header).enumerated() {
                if let bad = word(in: row) { return "(table “\(table.caption)”) prints '\(bad)' in \(r == 0 ? "its caption" : "its header")" }
            }
            for (r, row) in table.rows.enumerated() {
                for (c, cell) in row.enumerated() {
                    if let bad = word(in: cell) { return "(table “\(table.caption)”) prints '\(bad)' in row \(r + 1), column \(c + 1)" }
                }
            }
            return nil
        case .image(let image): return word(in: image.caption).map { "(image “\(image.caption)”) prints '\($0)'" }
        case .heatmap(let map):
            if let bad = word(in: map.caption) { return "(map “\(map.caption)”) prints '\(bad)'" }
            if !map.values.allSatisfy(\.isFinite) || !(map.scale?.isFinite ?? true) { return "(map “\(map.caption)”) holds a non-finite value" }
            return nil
        case .lineChart(let chart):
            if let bad = word(in: chart.caption) { return "(chart “\(chart.caption)”) prints '\(bad)'" }
            if !chart.x.allSatisfy(\.isFinite) { return "(chart “\(chart.caption)”) has a non-finite x" }
            if let series = chart.series.first(where: { !$0.values.allSatisfy(\.isFinite) }) {
                return "(chart “\(chart.caption)”) has a non-finite value in series “\(series.name)”"
            }
            return nil
        case .barChart(let chart):
            if let bad = word(in: chart.caption) { return "(bar chart “\(chart.caption)”) prints '\(bad)'" }
            if !chart.values.allSatisfy(\.isFinite) { return "(bar chart “\(chart.caption)”) has a non-finite bar" }
            return nil
        case .trajectories(let plot):
            if let bad = word(in: plot.caption) { return "(plot “\(plot.caption)”) prints '\(bad)'" }
            let ends = [plot.xRange.lowerBound, plot.xRange.upperBound, plot.yRange.lowerBound, plot.yRange.upperBound]
            if !(ends + plot.surface).allSatisfy(\.isFinite) { return "(plot “\(plot.caption)”) has a non-finite background" }
            if let path = plot.paths.first(where: { !$0.points.allSatisfy { $0.x.isFinite && $0.y.isFinite } }) {
                return "(plot “\(plot.caption)”) has a non-finite point on path “\(path.name)”"
            }
            return nil
        case .gallery(let items):
            for item in items { if let problem = problem(in: item) { return problem } }
            return nil
        }
    }

    /// The first word of `text` that spells a non-finite number as printf and Swift print one:
    /// `nan` or `inf`, in any case, signed or not. Prose words such as "infinite" or "infinity"
    /// are not numbers and pass.
    static func word(in text: String) -> String? {
        let words = text.split { !($0.isLetter || $0 == "-" || $0 == "+") }
        for word in words {
            let bare = word.drop { $0 == "-" || $0 == "+" }.lowercased()
            if bare == "nan" || bare == "inf" { return String(word) }
        }
        return nil
    }
}
