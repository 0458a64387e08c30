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
        data: .sample,
        makes: [FeatureMap.stateKey],
        checkData: Datasets.sampleHoldsDigit
    ) { cell in
        let sample = try Datasets.sample(cell)
        let index = try Datasets.firstIndex(of: try cell.arguments.integer("digit"), in: sample)
        let kernel = try cell.arguments.kernel("kernel")
        let before = Conv2D.apply(sample.image(at: index), kernel: try NamedKernels.tensor(kernel))
        let after = relu(before)
        // For the histograms of the next cell, which then show this very map (and follow its controls).
        try cell.state.set(FeatureMap.stateKey, FeatureMap(values: before.scalars,
                                                          name: "\(NamedKernels.mapName(kernel)) of digit \(try cell.arguments.integer("digit"))"))

        // One colour scale for both maps, so a cell that survives ReLU keeps its colour.
        let scale = Double(before.scalars.map { abs($0) }.max() ?? 1)
        cell.show(.gallery([
            .image(Pictures.digit(sample, index, caption: "the digit")),
            .heatmap(Pictures.signedMap(before, scale: scale, caption: "\(NamedKernels.label(kernel)), before ReLU")),
            .heatmap(Pictures.signedMap(after, scale: scale, caption: "after ReLU")),
        ]))
        let count = { (map: Tensor, keep: (Float) -> Bool) in map.scalars.filter(keep).count }
        let (negative, zero, positive) = (count(before) { $0 < 0 }, count(before) { $0 == 0 }, count(before) { $0 > 0 })
        let (negativeAfter, zeroAfter, positiveAfter) = (count(after) { $0 < 0 }, count(after) { $0 == 0 }, count(after) { $0 > 0 })
        let total = before.count
        cell.show(.table(Table(caption: "the \(total) values of the map", header: ["", "before ReLU", "after ReLU"], rows: [
            ["negative", "\(negative)", "\(negativeAfter)"],
            ["zero", "\(zero)", "\(zeroAfter)"],
            ["positive", "\(positive)", "\(positiveAfter)"],
        ])))
        // "kept the 151 positive ones, and left the 142 zeros as they were": the singular for one,
        // and saying so when there were none.
        let kept = switch positive {
        case 0: "had no positive one to keep"
        case 1: "kept the 1 positive one"
        default: "kept the \(positive) positive ones"
        }
        let left = switch zero {
        case 0: "found no zero to leave"
        case 1: "left the 1 zero as it was"
        default: "left the \(zero) zeros as they were"
        }
        // A map with no negative value (a blur of a digit) is left as it was: said so, not "set 0 of 676".
        let changed = negative == 0 ? "ReLU changed nothing: the map had no negative value; it \(kept), and \(left)."
            : "ReLU set \(negative) of \(total) values (\(Format.percent(Double(negative) / Double(total), digits: 1))) "
                + "from negative to zero, \(kept), and \(left)."
        try cell.claim(negativeAfter == 0 && zeroAfter == negative + zero && positiveAfter == positive, changed,
                       otherwise: "after ReLU the map has \(negativeAfter) negative, \(zeroAfter) zero and \(positiveAfter) positive values; "
                       + "from \(negative), \(zero), \(positive) before, ReLU should give 0, \(negative + zero), \(positive)")
    }
}
