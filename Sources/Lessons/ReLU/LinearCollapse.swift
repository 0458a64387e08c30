import Book
import CNN

extension Lessons {
    /// Two linear layers collapse into one; with a ReLU between them they do not.
    static let linearCollapse = StepDefinition(
        "linearCollapse",
        summary: "Show that two dense layers without ReLU equal one, and with ReLU do not",
        parameters: [
            .integer("hidden", default: 32, in: 1...1024, help: "width of the hidden layer"),
            .integer("digits", default: 5, in: 1...100, help: "how many sample digits to compare on"),
        ],
        data: .sample
    ) { cell in
        let sample = try Datasets.sample(cell).normalized()
        var generator = Xoshiro256StarStar(seed: cell.seed)
        let hidden = try cell.arguments.integer("hidden")
        // Random layers with random biases, so the bias term of the collapse is tested too.
        var first = Dense(units: hidden, inputs: MNIST.pixelsPerImage, generator: &generator)
        var second = Dense(units: 10, inputs: hidden, generator: &generator)
        first.bias = Initializers.glorotUniform(shape: [hidden], fanIn: hidden, fanOut: hidden, generator: &generator)
        second.bias = Initializers.glorotUniform(shape: [10], fanIn: 10, fanOut: 10, generator: &generator)

        // W = W2 · W1 and b = W2 · b1 + b2, in Double so the comparison measures Float rounding only.
        // Row o of W is Σh W2[o, h] · (row h of W1): whole rows at a time, h in order, so each
        // W[o, i] is the same sum as term by term, added in the same order.
        let (W1, W2, n) = (first.weights.scalars, second.weights.scalars, MNIST.pixelsPerImage)  // [hidden, n], [10, hidden]
        var W = [Float](repeating: 0, count: 10 * n), b = [Float](repeating: 0, count: 10)
        for o in 0..<10 {
            var row = [Double](repeating: 0, count: n)
            for h in 0..<hidden {
                let weight = Double(W2[o * hidden + h])
                for i in 0..<n { row[i] += weight * Double(W1[h * n + i]) }
            }
            for i in 0..<n { W[o * n + i] = Float(row[i]) }
            var bias = Double(second.bias[o])
            for h in 0..<hidden { bias += Double(W2[o * hidden + h]) * Double(first.bias[h]) }
            b[o] = Float(bias)
        }
        let collapsed = Dense(weights: Tensor(shape: [10, n], scalars: W), bias: Tensor(b))

        // As many digits as asked for, or as the sample holds; the caption says which.
        let count = min(try cell.arguments.integer("digits"), sample.count)
        guard count > 0 else { throw StepError.failed("the sample holds no images to compare on") }
        let x = Tensor.stack((0..<count).map { sample.image(at: $0) }).reshaped([count, MNIST.pixelsPerImage])
        let hiddenValues = first.forward(x)
        let twoLayers = second.forward(hiddenValues)
        let withReLU = second.forward(relu(hiddenValues))
        let oneLayer = collapsed.forward(x)
        let scale = Double(twoLayers.scalars.map { abs($0) }.max() ?? 1)
        let (linear, nonlinear) = (Double(twoLayers.maxAbsoluteDifference(oneLayer)), Double(withReLU.maxAbsoluteDifference(oneLayer)))

        cell.show(.table(Table(
            caption: "largest difference from the one-layer collapse, over \(count) digit\(count == 1 ? "" : "s") × 10 outputs (outputs reach ±\(Format.short(scale)))",
            header: ["network", "max |difference|"],
            rows: [
                ["Dense(\(hidden)) → Dense(10)", Format.short(linear)],
                ["Dense(\(hidden)) → ReLU → Dense(10)", Format.short(nonlinear)],
            ])))
        // Float rounding: the products are summed over 784 pixels and `hidden` units in a
        // different order, so allow a few ulps of the outputs' size per thousand terms.
        let rounding = 1e-6 * max(1, scale) * Double(MNIST.pixelsPerImage + hidden) / 100
        try cell.claim(linear <= rounding,
                       "Without ReLU the two layers and the single layer W, b agree to Float rounding (\(Format.short(linear)) apart).",
                       otherwise: "without ReLU the two layers and the single layer differ by \(Format.short(linear)), "
                       + "more than Float rounding (\(Format.short(rounding)))")
        let zeroed = hiddenValues.scalars.filter { $0 < 0 }.count
        // Advice only toward what the ranges allow (digits is at most 100, hidden 1024).
        let more = [count < 100 && count < sample.count ? "more digits" : nil, hidden < 1024 ? "more hidden units" : nil].compactMap { $0 }
        let tryMore = more.isEmpty ? "" : " Try " + more.joined(separator: " or ") + "."
        cell.show(.text(nonlinear > rounding
            ? "With ReLU between them, \(hiddenValues.count == 1 ? "the one hidden value was" : "\(zeroed) of the \(hiddenValues.count) hidden values \(zeroed == 1 ? "was" : "were")") negative and became zero, and the "
              + "outputs moved \(Format.short(nonlinear)) away from the single layer: the network is no longer the product of its layers."
            : "With ReLU between them the outputs still match the single layer: on \(count == 1 ? "this digit" : "these \(count) digits") "
              + (zeroed == 0 ? "no hidden value was negative, so ReLU let everything through."
                             : "only \(zeroed) hidden value\(zeroed == 1 ? " was" : "s were") negative, and zeroing \(zeroed == 1 ? "it" : "them") moved the outputs by no more than rounding.")
              + tryMore))
    }
}
