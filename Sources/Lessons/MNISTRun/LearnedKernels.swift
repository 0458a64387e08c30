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
        cell.show(.gallery((0..<conv.filters).map { o in
            .heatmap(Pictures.kernel(conv.kernel, filter: o, scale: scale,
                                     caption: "kernel \(o + 1), bias \(Format.fixed(Double(conv.bias.scalars[o]), digits: 3))"))
        }))
    }
}
