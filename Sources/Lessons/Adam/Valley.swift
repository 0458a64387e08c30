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
            .number("learningRate", default: 0.01, in: 0...10, help: "η for SGD and momentum"),
            .number("momentum", default: 0.8, in: 0...0.999, help: "μ for SGD with momentum"),
            .number("adamLearningRate", default: 0.1, in: 0...10, help: "η for Adam"),
        ]
    ) { cell in
        let a = cell.arguments.number("steepness")
        func f(_ x: Double, _ y: Double) -> Double { (x * x + a * y * y) / 2 }
        // ∇f = (x, a·y)
        func gradient(_ point: Tensor) -> Tensor { Tensor([point.scalars[0], Float(a) * point.scalars[1]]) }

        func trajectory(_ name: String, _ optimizer: some Optimizer) -> TrajectoryPlot.Path {
            var optimizer = optimizer
            var point = [Tensor([-4.5, 1.5])]
            var points = [TrajectoryPlot.Point(x: -4.5, y: 1.5)]
            for _ in 0..<cell.arguments.integer("steps") {
                optimizer.update(&point, [gradient(point[0])])
                points.append(.init(x: Double(point[0].scalars[0]), y: Double(point[0].scalars[1])))
            }
            return .init(name: name, points: points)
        }
        let η = Float(cell.arguments.number("learningRate"))
        let paths = [
            trajectory("SGD", SGD(learningRate: η)),
            trajectory("momentum", SGD(learningRate: η, momentum: Float(cell.arguments.number("momentum")))),
            trajectory("Adam", Adam(learningRate: Float(cell.arguments.number("adamLearningRate")))),
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
        cell.show(.table(Table(caption: "where each optimizer ended", header: ["optimizer", "x", "y", "f(x, y)"],
                               rows: paths.map { path in
                                   let end = path.points.last!
                                   return [path.name, Format.short(end.x), Format.short(end.y), Format.short(f(end.x, end.y))]
                               })))
    }
}
