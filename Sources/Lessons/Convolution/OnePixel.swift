import Book
import CNN

extension Lessons {
    /// The arithmetic of one output pixel of a convolution, term by term.
    static let onePixel = StepDefinition(
        "onePixel",
        summary: "Write out one output pixel of a convolution, term by term",
        parameters: [
            .kernel("kernel", named: NamedKernels.names, default: "sobelX", help: "a kernel name or a matrix"),
            .integer("digit", default: 7, in: 0...9, help: "which digit (the first sample with this label)"),
            .integer("row", default: 10, in: 0...27, help: "output row r"),
            .integer("column", default: 12, in: 0...27, help: "output column c"),
        ],
        data: .sample
    ) { cell in
        let sample = try Datasets.sample(cell)
        let image = sample.image(at: try Datasets.firstIndex(of: cell.arguments.integer("digit"), in: sample))
        let w = NamedKernels.tensor(cell.arguments.kernel("kernel"))
        let K = w.shape[0]
        let (r, c) = (cell.arguments.integer("row"), cell.arguments.integer("column"))
        guard r + K <= 28 && c + K <= 28 else {
            throw StepError.failed("output pixel (\(r), \(c)) does not exist: a \(K)×\(K) kernel gives \(29 - K)×\(29 - K) outputs")
        }

        // y[r,c] = Σi Σj w[i,j] · x[r+i, c+j], in the order the library sums them.
        var terms: [String] = [], sum: Float = 0
        for i in 0..<K {
            for j in 0..<K {
                let (weight, pixel) = (w[i, j, 0, 0], image[r + i, c + j, 0])
                terms.append("(\(Format.short(Double(weight)))) \\cdot \(Int(pixel))")
                sum += weight * pixel
            }
        }
        cell.show(.math("y_{\(r),\(c)} = " + terms.joined(separator: " + ") + " = \(Format.short(Double(sum)))"))

        // The library adds the same products in another order, so the last bits may differ.
        let library = Conv2D.apply(image, kernel: w)[r, c, 0]
        let difference = abs(library - sum)
        cell.show(.text("The library's Conv2D gives \(Format.short(Double(library))) at row \(r), column \(c): "
                        + (difference == 0 ? "the same number."
                           : difference <= 1e-5 * max(1, abs(sum)) ? "the same number up to Float rounding (\(Format.short(Double(difference))) apart)."
                           : "a different number, \(Format.short(Double(difference))) apart: something is wrong.")))
    }
}
