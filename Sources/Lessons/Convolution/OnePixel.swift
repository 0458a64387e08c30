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
            .integer("row", default: 10, in: 0...27, help: "output row r: at most 28 - K for a KxK kernel (25 for 3x3)"),
            .integer("column", default: 12, in: 0...27, help: "output column c: at most 28 - K for a KxK kernel (25 for 3x3)"),
        ],
        data: .sample,
        validate: { arguments in
            // Valid padding: a K×K kernel has 28 − K + 1 output rows and columns, 0 to 28 − K.
            let K = NamedKernels.side(try arguments.kernel("kernel"))
            for name in ["row", "column"] {
                let value = try arguments.integer(name)
                guard value <= 28 - K else {
                    throw StepError.invalidArguments("output \(name) \(value) does not exist: a \(K)×\(K) kernel gives a "
                                                     + "\(29 - K)×\(29 - K) output, \(name)s 0 to \(28 - K)", parameter: name)
                }
            }
        },
        checkData: Datasets.sampleHoldsDigit
    ) { cell in
        let sample = try Datasets.sample(cell)
        let image = sample.image(at: try Datasets.firstIndex(of: try cell.arguments.integer("digit"), in: sample))
        let w = try NamedKernels.tensor(try cell.arguments.kernel("kernel"))
        let K = w.shape[0]
        let (r, c) = (try cell.arguments.integer("row"), try cell.arguments.integer("column"))  // checked by validate

        // y[r,c] = Σi Σj w[i,j] · x[r+i, c+j], in the order the library sums them.
        // Each weight as typed (its shortest exact form): rounded to 4 digits, 999999.7 and
        // 1000000 would look alike, and the sum could not be checked by hand.
        // `written` adds the terms as written (decimals, in Double): 0.1 typed is not the Float 0.1,
        // so the Float sum of [[0.1,0.2,0.3],…] can end 830.0001 where the terms as written make 830.
        var terms: [String] = [], sum: Float = 0, magnitude: Float = 0, written = 0.0
        for i in 0..<K {
            for j in 0..<K {
                let (weight, pixel) = (w[i, j, 0, 0], image[r + i, c + j, 0])
                let weightText = weight == weight.rounded() && abs(weight) <= 1e9 ? String(Int(weight)) : "\(weight)"
                // A negative weight is subtracted, as one writes it by hand: 2·7 − 1·0, not 2·7 + (−1)·0.
                let magnitudeText = weightText.hasPrefix("-") ? String(weightText.dropFirst()) : weightText
                let sign = weightText.hasPrefix("-") ? (terms.isEmpty ? "-" : " - ") : (terms.isEmpty ? "" : " + ")
                terms.append("\(sign)\(magnitudeText) \\cdot \(Int(pixel))")
                sum += weight * pixel
                magnitude += abs(weight * pixel)
                written += (Double(weightText) ?? Double(weight)) * Double(pixel)
            }
        }
        let (floatText, writtenText) = (Format.short(Double(sum)), Format.short(written))
        cell.show(.math("y_{\(r),\(c)} = " + terms.joined() + " = \(writtenText)"))
        if floatText != writtenText {
            cell.show(.text("In Float, as the network computes, these terms add up to \(floatText): a weight such as 0.1 is "
                            + "stored to 24 binary digits, a little off the decimal written."))
        }

        // The library adds the same products in another order, so the last bits may differ.
        let library = Conv2D.apply(image, kernel: w)[r, c, 0]
        let difference = abs(library - sum)
        // Two orders of adding n products differ by at most about 2·n·ε·Σ|product| (ε the Float
        // epsilon): the bound scales with the terms, not the sum, which cancelling terms (999999.7
        // and -999999.7) bring near 0. The library's fused multiply-adds round less, not more.
        let rounding = 2 * Float(K * K) * Float.ulpOfOne * magnitude
        let libraryText = Format.short(Double(library))
        try cell.claim(difference <= rounding,
                       "The library's Conv2D gives \(libraryText) at row \(r), column \(c): "
                       + (difference == 0 ? "the same number." : "the same number up to Float rounding (\(Format.short(Double(difference))) apart)."),
                       otherwise: "the library's Conv2D gives \(libraryText) at row \(r), column \(c), but the term-by-term sum is "
                       + "\(Format.short(Double(sum))): \(Format.short(Double(difference))) apart, more than Float rounding (\(Format.short(Double(rounding))))")
    }
}
