import Book
import Foundation

/// Small steps for the tests, standing in for the Lessons target: they exercise every output
/// kind, every parameter type, and state shared between cells.
enum TestSteps {
    static let kernels = ["identity", "sobelX", "sobelY", "laplacian"]

    static let greet = StepDefinition("greet", summary: "Says hello to a name.",
        parameters: [.string("name", default: "world"), .integer("times", default: 1, in: 1...5)],
        fileID: "Lessons/Greet.swift") { context in
        let name = context.arguments.string("name")
        for _ in 0..<context.arguments.integer("times") { context.show(.text("Hello, \(name)!")) }
    }

    static let remember = StepDefinition("remember", summary: "Stores a number for later cells.",
        parameters: [.number("value", default: 1.5)], fileID: "Lessons/Remember.swift") { context in
        try context.state.set("value", context.arguments.number("value"))
        context.show(.text("stored \(context.arguments.number("value"))"))
    }

    static let recall = StepDefinition("recall", summary: "Shows the number an earlier cell stored.",
        fileID: "Lessons/Recall.swift") { context in
        let value = try context.state.get(Double.self, "value")
        context.show(.text("recalled \(value)"))
    }

    static let kernel = StepDefinition("kernel", summary: "Draws a kernel.",
        parameters: [.kernel("kernel", named: kernels, default: "sobelX"), .boolean("negate", default: false)],
        fileID: "Lessons/Kernel.swift") { context in
        var matrix: [[Double]]
        switch context.arguments.kernel("kernel") {
        case .named("sobelX"): matrix = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
        case .named("sobelY"): matrix = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]
        case .named("laplacian"): matrix = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]
        case .named: matrix = [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
        case .matrix(let m): matrix = m
        }
        if context.arguments.boolean("negate") { matrix = matrix.map { $0.map { -$0 } } }
        context.show(.heatmap(Heatmap(caption: "kernel", width: matrix.count, height: matrix.count, values: matrix.flatMap { $0 })))
    }

    static let digit = StepDefinition("digit", summary: "Draws a small synthetic digit.",
        parameters: [.choice("shape", ["bar", "ring"], default: "bar")], fileID: "Lessons/Digit.swift") { context in
        let size = 8
        var pixels = [UInt8](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let ring = abs(Double(x) - 3.5) + abs(Double(y) - 3.5)
                let ink = context.arguments.string("shape") == "bar" ? (x == 3 || x == 4) : (ring > 2 && ring < 4)
                pixels[y * size + x] = ink ? 0 : 255
            }
        }
        context.show(.image(GrayImage(caption: "a \(context.arguments.string("shape"))", width: size, height: size, pixels: pixels)))
    }

    static let charts = StepDefinition("charts", summary: "Draws every kind of chart.",
        parameters: [.numbers("rates", default: [0.1, 0.01])], fileID: "Lessons/Charts.swift") { context in
        let rates = context.arguments.numbers("rates")
        context.show(.lineChart(LineChart(caption: "loss", xLabel: "epoch", yLabel: "loss", x: [1, 2, 3, 4],
            series: rates.map { rate in .init(name: "lr \(rate)", values: [2.3, 1.2 - rate, 0.7 - rate, 0.5 - rate]) })))
        context.show(.barChart(BarChart(caption: "softmax", labels: (0...9).map(String.init),
            values: [0.01, 0.02, 0.05, 0.6, 0.1, 0.05, 0.05, 0.04, 0.05, 0.03], highlighted: [3])))
        context.show(.table(Table(caption: "rates", header: ["rate", "final loss"], rows: rates.map { ["\($0)", "\(0.5 - $0)"] })))
        context.show(.math("\\frac{\\partial L}{\\partial w} = x"))
        context.show(.preformatted("epoch 1  loss 2.3\nepoch 2  loss 1.2"))
        let surface: [Double] = (0..<16).map { (i: Int) -> Double in
            let x = i % 4, y = i / 4
            return Double(x * x + y * y)
        }
        let path = TrajectoryPlot.Path(name: "sgd", points: [
            TrajectoryPlot.Point(x: -0.8, y: 0.8), TrajectoryPlot.Point(x: -0.3, y: 0.2), TrajectoryPlot.Point(x: 0, y: 0),
        ])
        context.show(.trajectories(TrajectoryPlot(caption: "bowl", xRange: -1...1, yRange: -1...1, width: 4, height: 4,
                                                  surface: surface, paths: [path])))
        context.show(.gallery([
            .image(GrayImage(caption: "dark", width: 2, height: 2, pixels: [0, 64, 128, 255])),
            .heatmap(Heatmap(caption: "map", width: 2, height: 2, values: [-1, 0, 0.5, 1])),
        ]))
    }

    static let fail = StepDefinition("fail", summary: "Always throws.", fileID: "Lessons/Fail.swift") { _ in
        throw StepError.failed("this step always fails")
    }

    static let all = [greet, remember, recall, kernel, digit, charts, fail]

    /// Each step's file, as the plugin would embed it.
    static let sources: [String: String] = Dictionary(uniqueKeysWithValues: all.map { step in
        (step.fileID, "import Book\nimport CNN\n\n/// \(step.summary)\nlet \(step.name) = StepDefinition(\"\(step.name)\") { context in\n    // ...\n}\n")
    })

    static let registry = StepRegistry(steps: all, sources: sources, fingerprint: "test-fingerprint")
}
