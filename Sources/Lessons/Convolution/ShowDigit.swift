import Book
import CNN

extension Lessons {
    /// A sample digit as a picture, and the raw pixel values of a patch of it.
    static let showDigit = StepDefinition(
        "showDigit",
        summary: "Show a sample digit as an image and as the numbers of a patch of its pixels",
        parameters: [
            .integer("digit", default: 7, in: 0...9, help: "which digit (the first sample with this label)"),
            .integer("top", default: 8, in: 0...27, help: "first row of the patch"),
            .integer("left", default: 8, in: 0...27, help: "first column of the patch"),
            .integer("size", default: 8, in: 1...14, help: "rows and columns in the patch"),
        ],
        data: .sample,
        checkData: Datasets.sampleHoldsDigit
    ) { cell in
        let sample = try Datasets.sample(cell)
        let index = try Datasets.firstIndex(of: try cell.arguments.integer("digit"), in: sample)
        let (top, left) = (try cell.arguments.integer("top"), try cell.arguments.integer("left"))
        // A patch that would run past the digit's edge stops there, and the caption says so.
        let asked = try cell.arguments.integer("size")
        let size = min(asked, 28 - top, 28 - left)
        let pixels = Array(sample.pixels(at: index))

        cell.show(.image(Pictures.digit(sample, index, caption: "sample #\(index), label \(sample.label(at: index))")))
        let rows = (top ..< top + size).map { y in
            ["row \(y)"] + (left ..< left + size).map { x in String(pixels[y * 28 + x]) }
        }
        func span(_ name: String, _ first: Int) -> String { size == 1 ? "\(name) \(first)" : "\(name)s \(first)-\(first + size - 1)" }
        // Which edge: the patch stays square, so where only the rows run out the columns are cut too.
        let edge = switch (28 - top < asked, 28 - left < asked) {
        case (true, true): "the digit's bottom and right edges"
        case (true, false): "the digit's bottom edge, and stays square"
        default: "the digit's right edge, and stays square"
        }
        let cut = size < asked ? " (the \(asked)×\(asked) patch asked for stops at \(edge), 28×28)" : ""
        cell.show(.table(Table(caption: "pixels of \(span("row", top)), \(span("column", left))" + cut,
                               header: [""] + (left ..< left + size).map { "col \($0)" }, rows: rows)))
        let ink = pixels.filter { $0 > 0 }.count
        cell.show(.text("\(ink) of the \(pixels.count) pixels hold some ink; the rest are 0."))
    }
}
