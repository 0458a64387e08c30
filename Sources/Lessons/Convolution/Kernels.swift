import Book
import CNN

extension Lessons {
    /// The hand-made kernels, each as a heatmap of its weights.
    static let kernels = StepDefinition(
        "kernels",
        summary: "Show the hand-made 3x3 kernels with their weights"
    ) { cell in
        cell.show(.gallery(NamedKernels.all.map { kernel in
            .heatmap(Pictures.kernel(NamedKernels.tensor(kernel.weights), caption: kernel.name))
        }))
    }
}
