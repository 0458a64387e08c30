import Book
import CNN

extension Lessons {
    /// Every hand-made kernel applied to one digit, the results side by side.
    static let convolveAll = StepDefinition(
        "convolveAll",
        summary: "Convolve a sample digit with each hand-made kernel",
        parameters: [.integer("digit", default: 7, in: 0...9, help: "which digit (the first sample with this label)")],
        data: .sample,
        checkData: Datasets.sampleHoldsDigit
    ) { cell in
        let sample = try Datasets.sample(cell)
        let index = try Datasets.firstIndex(of: try cell.arguments.integer("digit"), in: sample)
        let image = sample.image(at: index)  // [28, 28, 1], raw 0...255

        var pictures: [Output] = [.image(Pictures.digit(sample, index, caption: "the digit, 28×28"))]
        for kernel in NamedKernels.all {
            let convolved = Conv2D.apply(image, kernel: NamedKernels.tensor(kernel.weights))  // [26, 26, 1]
            pictures.append(.heatmap(Pictures.signedMap(convolved, caption: "\(kernel.name), \(convolved.shape[0])×\(convolved.shape[1])")))
        }
        cell.show(.gallery(pictures))
    }
}
