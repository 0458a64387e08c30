import Book
import CNN
import Foundation

extension Lessons {
    /// SGD, SGD with momentum and Adam in a long narrow valley, drawn as paths.
    static let valley = StepDefinition(
        "valley",
        summary: "Trace SGD, momentum and Adam on f(x, y) = (x² + a·y²)/2",
        parameters: [
            .number("steepness", default: 25, in: 1...1000, help: "a: how much steeper the valley is across than along"),
            .integer("steps", default: 60, in: 1...1000, help: "steps for each optimizer"),
            .number("learningRate", default: 0.01, in: 0.000001...10, help: "η for SGD and momentum"),
            .number("momentum", default: 0.8, in: 0...0.999, help: "μ for SGD with momentum"),
            .number("adamLearningRate", default: 0.1, in: 0.000001...10, help: "η for Adam"),
        ]
    ) { cell in
        let a = try cell.arguments.number("steepness")
        func f(_ x: Double, _ y: Double) -> Double { (x * x + a * y * y) / 2 }
        // ∇f = (x, a·y)
        func gradient(_ point: Tensor) -> Tensor { Tensor([point.scalars[0], Float(a) * point.scalars[1]]) }

        // A path that leaves |x|, |y| ≤ 10^6 has diverged; it stops there, before Float overflows.
        let escape: Float = 1_000_000
        func trajectory(_ name: String, _ optimizer: some Optimizer) throws -> TrajectoryPlot.Path {
            var optimizer = optimizer
            var point = [Tensor([-4.5, 1.5])]
            var points = [TrajectoryPlot.Point(x: -4.5, y: 1.5)]
            for _ in 0..<(try cell.arguments.integer("steps")) {
                optimizer.update(&point, [gradient(point[0])])
                let (x, y) = (point[0].scalars[0], point[0].scalars[1])
                guard x.isFinite, y.isFinite, abs(x) <= escape, abs(y) <= escape else { break }
                points.append(.init(x: Double(x), y: Double(y)))
            }
            return .init(name: name, points: points)
        }
        let η = Float(try cell.arguments.number("learningRate"))
        let paths = [
            try trajectory("SGD", SGD(learningRate: η)),
            try trajectory("momentum", SGD(learningRate: η, momentum: Float(try cell.arguments.number("momentum")))),
            try trajectory("Adam", Adam(learningRate: Float(try cell.arguments.number("adamLearningRate")))),
        ]

        let (width, height) = (150, 60)
        let (xRange, yRange) = (-5.0...5.0, -2.0...2.0)
        // log(1 + f), sampled at the centre of each cell, row 0 at the top (the largest y):
        // the logarithm keeps the shallow floor of the valley visible next to its steep walls.
        var surface: [Double] = []
        for row in 0..<height {
            let y = yRange.upperBound - (Double(row) + 0.5) / Double(height) * (yRange.upperBound - yRange.lowerBound)
            for column in 0..<width {
                let x = xRange.lowerBound + (Double(column) + 0.5) / Double(width) * (xRange.upperBound - xRange.lowerBound)
                surface.append(log1p(f(x, y)))
            }
        }
        cell.show(.trajectories(TrajectoryPlot(caption: "log(1 + f) for f(x, y) = (x² + \(Format.short(a))·y²)/2; start (−4.5, 1.5); lighter is lower",
                                               xRange: xRange, yRange: yRange, width: width, height: height,
                                               surface: surface, paths: paths)))
        let steps = try cell.arguments.integer("steps")
        let ends = paths.map { path in (name: path.name, end: path.points[path.points.count - 1], steps: path.points.count - 1) }
        cell.show(.table(Table(caption: "where each optimizer ended", header: ["optimizer", "steps", "x", "y", "f(x, y)"],
                               rows: ends.map { path in
                                   let (x, y) = Self.shownCoordinates(path.end.x, path.end.y, f)
                                   return [path.name, "\(path.steps)", x, y, Format.short(f(path.end.x, path.end.y))]
                               })))
        var sentences: [String] = []
        // A path of n points after its start stopped because step n + 1 left the square.
        for path in ends where path.steps < steps {
            let kept = path.steps == 0 ? "so its path is its starting point alone" : "so its path stops after step \(path.steps)"
            // The name opens the sentence ("momentum" is written small elsewhere).
            sentences.append("\(path.name.prefix(1).uppercased() + path.name.dropFirst()) diverged: step \(path.steps + 1) took it out of the square |x|, |y| ≤ 10^6, \(kept).")
        }
        let ranked = ends.filter { $0.steps == steps }.map { (name: $0.name, f: f($0.end.x, $0.end.y)) }.sorted { $0.f < $1.f }
        if !ranked.isEmpty {
            sentences.append(Self.ranking(ranked, after: steps))
        }
        // Plain SGD across the valley: y ← (1 − η·a)·y, which shrinks only while |1 − η·a| < 1.
        // The factor as the optimizer applies it, in Float: one SGD step from y = 1.5 (in Double,
        // 1 − η·a could be −2e-16 where Float's step leaves exactly 0, or 0 where it leaves 6e-8).
        var probe = [Tensor([0, 1.5])]
        var sgd = SGD(learningRate: η)
        sgd.update(&probe, [gradient(probe[0])])
        let factor = Double(probe[0].scalars[1]) / 1.5
        // Shown as 1 − η·a, unless Float's rounding puts it in another case (0, ±1, a sign, |·| < 1)
        // than the exact product would: then as the optimizer applies it.
        let formula = 1 - (try cell.arguments.number("learningRate")) * a
        let kind = { (f: Double) in [f < 0, f == 0, abs(f) < 1, abs(f) == 1] }
        let (shownFactor, inFloat) = kind(formula) == kind(factor) ? (formula, "") : (factor, " in Float, as the optimizer computes it")
        // Enough digits that a factor just below 1 does not print as 1.
        let factorText = abs(shownFactor) != 1 && Double(Format.short(shownFactor)).map({ abs($0) == 1 }) == true
            ? "\(shownFactor)" : Format.short(shownFactor)
        sentences.append("Across the valley each SGD step multiplies y by 1 − η·a = \(factorText)\(inFloat): "
                         + Self.acrossTheValley(factor))
        cell.show(.text(sentences.joined(separator: " ")))
    }
}
