/// The source of a new step, as `tutor new step NAME` writes it: a working step that reads the
/// sample digits, takes parameters (one checked by a `validate` rule), and shows a picture, a
/// table, text and a checked claim — every piece a step usually needs, to edit rather than look up.
///
/// It is declared in the one form the EmbedSources plugin registers
/// (`extension Lessons { static let NAME = StepDefinition(...) }`), so no list needs editing.
enum StepTemplate {
    /// The file's text for the step `name` (a lowerCamelCase identifier).
    static func source(name: String) -> String {
        #"""
        import Book
        import CNN

        extension Lessons {
            /// A sample digit, and how much of its ink lies at or above a grey level, row by row.
            /// (Say here what the step teaches; the page shows this file as the code that ran.)
            static let \#(name) = StepDefinition(
                "\#(name)",
                summary: "Show a sample digit and count, row by row, the pixels at or above a grey level",
                parameters: [
                    .integer("digit", default: 3, in: 0...9,
                             help: "which digit (the first sample with this label)"),
                    .integer("threshold", default: 128, in: 1...255,
                             help: "the grey level from which a pixel counts as ink"),
                    .integer("first", default: 0, in: 0...27, help: "the first row counted"),
                    .integer("last", default: 27, in: 0...27, help: "the last row counted"),
                ],
                // What the step reads: .none, .sample (data/sample) or .mnist (the full MNIST).
                data: .sample,
                // Rules between parameters that their ranges cannot say; `tutor check` runs this too.
                validate: { arguments in
                    guard try arguments.integer("first") <= arguments.integer("last") else {
                        throw StepError.invalidArguments("first must not come after last", parameter: "first")
                    }
                }
            ) { cell in
                // The arguments arrive checked, with defaults filled in.
                let sample = try Datasets.sample(cell)
                let digit = try cell.arguments.integer("digit")
                let index = try Datasets.firstIndex(of: digit, in: sample)
                let threshold = try cell.arguments.integer("threshold")
                let rows = try cell.arguments.integer("first")...cell.arguments.integer("last")
                let pixels = Array(sample.pixels(at: index))

                // A picture.
                let caption = "sample #\(index), label \(sample.label(at: index))"
                cell.show(.image(Pictures.digit(sample, index, caption: caption)))

                // A table: a header row, then rows of text cells.
                let counts = rows.map { y in
                    (0..<MNIST.columns).filter { x in Int(pixels[y * MNIST.columns + x]) >= threshold }.count
                }
                cell.show(.table(Table(caption: "pixels at or above \(threshold), per row",
                                       header: ["row", "pixels"],
                                       rows: zip(rows, counts).map { ["row \($0)", String($1)] })))

                // Text.
                let counted = counts.reduce(0, +)
                cell.show(.text("Rows \(rows.lowerBound) to \(rows.upperBound) hold \(counted) pixels "
                                + "at or above \(threshold)."))

                // A sentence shown only if it is true; if not, the cell fails and says what was measured.
                let direct = rows.reduce(0) { total, y in
                    let row = pixels[(y * MNIST.columns)..<((y + 1) * MNIST.columns)]
                    return total + row.filter { Int($0) >= threshold }.count
                }
                try cell.claim(counted == direct, "Counting pixel by pixel and slicing row by row agree.",
                               otherwise: "the counts add up to \(counted), the row slices to \(direct)")
            }
        }

        """#
    }
}
