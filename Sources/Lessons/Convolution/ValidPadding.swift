import Book
import CNN

extension Lessons {
    /// The output size of a valid convolution, measured for several kernel sizes.
    static let validPadding = StepDefinition(
        "validPadding",
        summary: "Measure the output size of a valid convolution for several kernel sizes",
        parameters: [
            .integer("digit", default: 7, in: 0...9, help: "which digit (the first sample with this label)"),
            .numbers("sizes", default: [1, 3, 5, 7, 9], help: "odd kernel sizes to try"),
        ],
        data: .sample
    ) { cell in
        let sample = try Datasets.sample(cell)
        let image = sample.image(at: try Datasets.firstIndex(of: cell.arguments.integer("digit"), in: sample))
        var rows: [[String]] = []
        for size in cell.arguments.numbers("sizes") {
            let K = Int(size)
            guard Double(K) == size, K >= 1, K % 2 == 1, K <= 27 else {
                throw StepError.failed("kernel sizes must be odd whole numbers from 1 to 27, not \(Format.short(size))")
            }
            // A box kernel: its values do not matter here, only the shape of what comes out.
            let kernel = Tensor(shape: [K, K, 1, 1], repeating: 1)
            let shape = Conv2D.apply(image, kernel: kernel).shape
            rows.append(["\(K)×\(K)", "28×28", "\(shape[0])×\(shape[1])", "28 − \(K) + 1 = \(28 - K + 1)"])
        }
        cell.show(.table(Table(caption: "valid convolution of a 28×28 digit",
                               header: ["kernel", "input", "output (measured)", "H − K + 1"], rows: rows)))
    }
}
