import Book
import CNN

extension Lessons {
    /// Histograms of a feature map's values before and after ReLU: the map the `reluMap` cell
    /// before showed, so that the two cells always show the same map.
    static let reluHistogram = StepDefinition(
        "reluHistogram",
        summary: "Histogram the values of the previous reluMap cell's map before and after ReLU",
        parameters: [
            .integer("bins", default: 16, in: 2...60, help: "number of bars"),
        ],
        needs: [FeatureMap.stateKey]
    ) { cell in
        let map = try StoredState.featureMap(cell)
        let before = Tensor(shape: [map.values.count], scalars: map.values)
        let after = relu(before)

        // Both histograms share one set of bins, so the bars line up.
        let bins = try cell.arguments.integer("bins")
        // The bins reach zero even when every value is on one side of it: the bar holding zero is
        // where ReLU puts the negative values.
        let smallest = min(0, Double(before.scalars.min() ?? 0)), high = max(0, Double(before.scalars.max() ?? 0))
        // (All values 0: bins of 1/bins each from -1/2 to 1/2, zero's bar in the middle.)
        let low = high > smallest ? smallest : -0.5
        let width = (high > smallest ? high - smallest : 1) / Double(bins)
        func histogram(_ values: [Float]) -> [Double] {
            var counts = [Double](repeating: 0, count: bins)
            for v in values { counts[min(bins - 1, Int((Double(v) - low) / width))] += 1 }
            return counts
        }
        // Whole numbers for bars a unit wide or more; else the digits that tell the bars apart.
        let labels = (0..<bins).map { k in
            let centre = low + (Double(k) + 0.5) * width
            return width >= 1 ? Format.compact(centre) : Format.short(centre)
        }
        let zeroBin = min(bins - 1, max(0, Int((0 - low) / width)))
        let (counts, countsAfter) = (histogram(before.scalars), histogram(after.scalars))
        cell.show(.barChart(BarChart(caption: "before ReLU: values of \(map.name) (bar centres), count per bar",
                                     labels: labels, values: counts)))
        // What the second caption says, measured: the bars left of zero's are empty, zero's bar
        // gained exactly the values they held, and the bars right of it are unchanged.
        let negatives = before.scalars.filter { $0 < 0 }.count
        let left = counts[..<zeroBin].reduce(0, +)
        // Negative values inside zero's own bar stay in it: they are counted apart, so the two
        // numbers the sentences give add up. (With no bar left of zero's, all of them are there.)
        let alreadyInZerosBar = negatives - Int(left)
        func values(_ n: Int) -> String { "\(n) negative value\(n == 1 ? "" : "s")" }
        let leftBars = zeroBin == 1 ? "the bar left of zero's bar" : "the \(zeroBin) bars left of zero's bar"
        cell.show(.barChart(BarChart(caption: negatives == 0 ? "after ReLU: the same bars (the map had no negative values)"
                                         : left == 0 ? "after ReLU: the same bars (the \(values(negatives)), now 0, \(negatives == 1 ? "was" : "were") in the bar holding zero already)"
                                         : "after ReLU: the \(values(negatives)) \(negatives == 1 ? "is" : "are") gone, piled into the bar holding zero",
                                     // The bar holding zero is marked where it grew; unchanged, it is a bar like the others.
                                     labels: labels, values: countsAfter, highlighted: left > 0 ? [zeroBin] : [])))
        let sentence = negatives == 0 ? "ReLU changed no bar: the map had no negative values."
            : left == 0 ? "ReLU set the \(values(negatives)) to 0, "
                + (negatives == 1 ? "in the bar holding zero already" : "all of them in the bar holding zero already") + ": no bar changed."
            : "ReLU emptied \(leftBars), adding \(zeroBin == 1 ? "its" : "their") \(Int(left)) value\(left == 1 ? "" : "s") to the bar holding zero"
                + (alreadyInZerosBar > 0 ? " (which held the other \(values(alreadyInZerosBar)) already)" : "")
                + (countsAfter.count > zeroBin + 1 ? "; every other bar is unchanged." : ".")
        try cell.claim(countsAfter[..<zeroBin].allSatisfy { $0 == 0 } && countsAfter[zeroBin] == counts[zeroBin] + left
                           && countsAfter[(zeroBin + 1)...] == counts[(zeroBin + 1)...],
                       sentence,
                       otherwise: "after ReLU the bars left of zero's hold \(Int(countsAfter[..<zeroBin].reduce(0, +))) values and zero's bar "
                       + "\(Int(countsAfter[zeroBin])), not 0 and \(Int(counts[zeroBin] + left))")
    }
}
