import Book
import CNN

extension Lessons {
    /// A feature map before and after ReLU, and how many values ReLU set to zero.
    static let reluMap = StepDefinition(
        "reluMap",
        summary: "Show a convolved digit before and after ReLU and count the zeroed values",
        parameters: [
            .kernel("kernel", named: NamedKernels.names, default: "sobelX", help: "a kernel name or a matrix"),
            .integer("digit", default: 3, in: 0...9, help: "which digit (the first sample with this label)"),
        ],
        data: .sample
    ) { cell in
        let sample = try Datasets.sample(cell)
        let index = try Datasets.firstIndex(of: cell.arguments.integer("digit"), in: sample)
        let kernel = cell.arguments.kernel("kernel")
        let before = Conv2D.apply(sample.image(at: index), kernel: NamedKernels.tensor(kernel))
        let after = relu(before)

        // One colour scale for both maps, so a cell that survives ReLU keeps its colour.
        let scale = Double(before.scalars.map { abs($0) }.max() ?? 1)
        cell.show(.gallery([
            .image(Pictures.digit(sample, index, caption: "the digit")),
            .heatmap(Pictures.signedMap(before, scale: scale, caption: "\(NamedKernels.label(kernel)), before ReLU")),
            .heatmap(Pictures.signedMap(after, scale: scale, caption: "after ReLU")),
        ]))
        let negative = before.scalars.filter { $0 < 0 }.count
        let zero = before.scalars.filter { $0 == 0 }.count
        let total = before.count
        cell.show(.table(Table(caption: "the \(total) values of the map", header: ["", "before ReLU", "after ReLU"], rows: [
            ["negative", "\(negative)", "\(after.scalars.filter { $0 < 0 }.count)"],
            ["zero", "\(zero)", "\(after.scalars.filter { $0 == 0 }.count)"],
            ["positive", "\(before.scalars.filter { $0 > 0 }.count)", "\(after.scalars.filter { $0 > 0 }.count)"],
        ])))
        cell.show(.text("ReLU set \(negative) of \(total) values (\(Format.percent(Double(negative) / Double(total), digits: 1))) "
                        + "from negative to zero; the \(zero) values that were already zero are background."))
    }
}
