import Book
import CNN

extension Lessons {
    /// Histograms of a feature map's values before and after ReLU.
    static let reluHistogram = StepDefinition(
        "reluHistogram",
        summary: "Histogram a convolved digit's values before and after ReLU",
        parameters: [
            .kernel("kernel", named: NamedKernels.names, default: "sobelX", help: "a kernel name or a matrix"),
            .integer("digit", default: 3, in: 0...9, help: "which digit (the first sample with this label)"),
            .integer("bins", default: 16, in: 2...60, help: "number of bars"),
        ],
        data: .sample
    ) { cell in
        let sample = try Datasets.sample(cell)
        let index = try Datasets.firstIndex(of: cell.arguments.integer("digit"), in: sample)
        let before = Conv2D.apply(sample.image(at: index), kernel: NamedKernels.tensor(cell.arguments.kernel("kernel")))
        let after = relu(before)

        // Both histograms share one set of bins, so the bars line up.
        let bins = cell.arguments.integer("bins")
        let low = Double(before.scalars.min() ?? 0), high = Double(before.scalars.max() ?? 0)
        let width = max(high - low, 1) / Double(bins)
        func histogram(_ values: [Float]) -> [Double] {
            var counts = [Double](repeating: 0, count: bins)
            for v in values { counts[min(bins - 1, Int((Double(v) - low) / width))] += 1 }
            return counts
        }
        let labels = (0..<bins).map { Format.fixed(low + (Double($0) + 0.5) * width, digits: 0) }
        let zeroBin = min(bins - 1, max(0, Int((0 - low) / width)))
        cell.show(.barChart(BarChart(caption: "before ReLU: values of the map (bar centres), count per bar",
                                     labels: labels, values: histogram(before.scalars))))
        cell.show(.barChart(BarChart(caption: "after ReLU: the negative side is gone, piled into the bar holding zero",
                                     labels: labels, values: histogram(after.scalars), highlighted: [zeroBin])))
    }
}
