import Book
import CNN

extension Lessons {
    /// The convolution kernels the reference network learned.
    static let learnedKernels = StepDefinition(
        "learnedKernels",
        summary: "Show the learned 3x3 kernels with their weights",
        needs: [TrainedModel.stateKey]
    ) { cell in
        let model = try StoredState.trainedModel(cell).model
        guard let conv = model.convolution else { throw StepError.failed("the trained model has no convolution") }
        // One colour scale for all the kernels, so a paler kernel really has smaller weights.
        let scale = Double(conv.kernel.scalars.map { abs($0) }.max() ?? 1)
        // The bias as the weights in the picture are written: with a minus sign, not a hyphen, and
        // never as 0.000 (or −0.000) when it is not 0.
        func shown(_ bias: Double) -> String {
            (bias != 0 && abs(bias) < 0.0005 ? Format.short(bias) : Format.fixed(bias, digits: 3)).replacingOccurrences(of: "-", with: "−")
        }
        cell.show(.gallery((0..<conv.filters).map { o in
            .heatmap(Pictures.kernel(conv.kernel, filter: o, scale: scale,
                                     caption: "kernel \(o + 1), bias \(shown(Double(conv.bias.scalars[o])))"))
        }))
    }
}
