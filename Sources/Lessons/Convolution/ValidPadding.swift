import Book
import CNN

extension Lessons {
    /// The output size of a valid convolution, measured for several kernel sizes.
    static let validPadding = StepDefinition(
        "validPadding",
        summary: "Measure the output size of a valid convolution for several kernel sizes",
        parameters: [
            .integer("digit", default: 7, in: 0...9, help: "which digit (the first sample with this label)"),
            .numbers("sizes", default: [1, 3, 5, 7, 9], count: 1...14, each: 1...27, help: "odd kernel sizes to try"),
        ],
        data: .sample,
        validate: { arguments in
            for size in try arguments.numbers("sizes") where size != size.rounded() || Int(size) % 2 == 0 {
                throw StepError.invalidArguments("kernel sizes must be odd whole numbers, not \(ParameterValue.number(size).sourceText)", parameter: "sizes")
            }
        },
        checkData: Datasets.sampleHoldsDigit
    ) { cell in
        let sample = try Datasets.sample(cell)
        let image = sample.image(at: try Datasets.firstIndex(of: try cell.arguments.integer("digit"), in: sample))
        var rows: [[String]] = [], mismatches: [String] = []
        for size in try cell.arguments.numbers("sizes") {
            let K = Int(size)  // an odd whole number from 1 to 27: checked by validate
            // A box kernel: its values do not matter here, only the shape of what comes out.
            let kernel = Tensor(shape: [K, K, 1, 1], repeating: 1)
            let shape = Conv2D.apply(image, kernel: kernel).shape
            rows.append(["\(K)×\(K)", "28×28", "\(shape[0])×\(shape[1])", "28 − \(K) + 1 = \(28 - K + 1)"])
            if shape[0] != 28 - K + 1 || shape[1] != 28 - K + 1 { mismatches.append("\(K)×\(K) gave \(shape[0])×\(shape[1])") }
        }
        cell.show(.table(Table(caption: "valid convolution of a 28×28 digit",
                               header: ["kernel", "input", "output (measured)", "H − K + 1"], rows: rows)))
        try cell.claim(mismatches.isEmpty, "Every measured output is H − K + 1 on a side, as the formula says.",
                       otherwise: "the measured outputs differ from H − K + 1: \(mismatches.joined(separator: ", "))")
    }
}
