import Book
import Foundation

/// Small steps for the tests, standing in for the Lessons target: they exercise every output
/// kind, every parameter type, and state shared between cells.
enum TestSteps {
    static let kernels = ["identity", "sobelX", "sobelY", "laplacian"]

    static let greet = StepDefinition("greet", summary: "Says hello to a name.",
        parameters: [.string("name", default: "world"), .integer("times", default: 1, in: 1...5)],
        fileID: "Lessons/Greet.swift") { context in
        let name = try context.arguments.string("name")
        let times = try context.arguments.integer("times")
        for _ in 0..<times { context.show(.text("Hello, \(name)!")) }
    }

    static let remember = StepDefinition("remember", summary: "Stores a number for later cells.",
        parameters: [.number("value", default: 1.5)], makes: ["value"], fileID: "Lessons/Remember.swift") { context in
        try context.state.set("value", try context.arguments.number("value"))
        context.show(.text("stored \(try context.arguments.number("value"))"))
    }

    static let recall = StepDefinition("recall", summary: "Shows the number an earlier cell stored.",
        needs: ["value"], fileID: "Lessons/Recall.swift") { context in
        let value = try context.state.get(Double.self, "value")
        context.show(.text("recalled \(value)"))
    }

    static let kernel = StepDefinition("kernel", summary: "Draws a kernel.",
        parameters: [.kernel("kernel", named: kernels, default: "sobelX"), .boolean("negate", default: false)],
        fileID: "Lessons/Kernel.swift") { context in
        var matrix: [[Double]]
        switch try context.arguments.kernel("kernel") {
        case .named("sobelX"): matrix = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
        case .named("sobelY"): matrix = [[-1, -2, -1], [0, 0, 0], [1, 2, 1]]
        case .named("laplacian"): matrix = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]
        case .named: matrix = [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
        case .matrix(let m): matrix = m
        }
        if try context.arguments.boolean("negate") { matrix = matrix.map { $0.map { -$0 } } }
        context.show(.heatmap(Heatmap(caption: "kernel", width: matrix.count, height: matrix.count, values: matrix.flatMap { $0 })))
    }

    static let digit = StepDefinition("digit", summary: "Draws a small synthetic digit.",
        parameters: [.choice("shape", ["bar", "ring"], default: "bar")], fileID: "Lessons/Digit.swift") { context in
        let size = 8
        var pixels = [UInt8](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let ring = abs(Double(x) - 3.5) + abs(Double(y) - 3.5)
                let ink = try context.arguments.string("shape") == "bar" ? (x == 3 || x == 4) : (ring > 2 && ring < 4)
                pixels[y * size + x] = ink ? 0 : 255
            }
        }
        context.show(.image(GrayImage(caption: "a \(try context.arguments.string("shape"))", width: size, height: size, pixels: pixels)))
    }

    static let charts = StepDefinition("charts", summary: "Draws every kind of chart.",
        parameters: [.numbers("rates", default: [0.1, 0.01])], fileID: "Lessons/Charts.swift") { context in
        let rates = try context.arguments.numbers("rates")
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

    /// A bug in a step: it reads a parameter it never declared.
    static let undeclared = StepDefinition("undeclared", summary: "Reads a parameter it does not declare.",
        parameters: [.integer("n", default: 1)], fileID: "Lessons/Undeclared.swift") { context in
        context.show(.text("n is \(try context.arguments.integer("n"))"))
        context.show(.text("m is \(try context.arguments.integer("m"))"))
    }

    /// A verdict: "n is even", shown only when it is.
    static let claim = StepDefinition("claim", summary: "Claims that n is even.",
        parameters: [.integer("n", default: 2)], fileID: "Lessons/Claim.swift") { context in
        let n = try context.arguments.integer("n")
        try context.claim(n % 2 == 0, "\(n) is even.", otherwise: "\(n) is odd")
    }

    /// Divides by its parameter, so `d=0` makes 1/0 = inf and 0/0 = nan.
    static let divide = StepDefinition("divide", summary: "Shows 1/d in text, a table and a chart.",
        parameters: [.number("d", default: 2), .choice("output", ["text", "table", "chart", "map"], default: "text")],
        fileID: "Lessons/Divide.swift") { context in
        let d = try context.arguments.number("d")
        switch try context.arguments.string("output") {
        case "text": context.show(.text("1/d = \(1 / d), 0/d = \(0 / d)"))
        case "table": context.show(.table(Table(header: ["1/d", "0/d"], rows: [["\(1 / d)", "\(0 / d)"]])))
        case "chart": context.show(.lineChart(LineChart(xLabel: "x", yLabel: "y", x: [0, 1], series: [.init(name: "1/d", values: [0, 1 / d])])))
        default: context.show(.gallery([.heatmap(Heatmap(width: 1, height: 1, values: [0 / d]))]))
        }
    }

    /// Rules its parameters' types cannot say: a + b ≤ 10, and a list of 1 to 3 numbers in 0...1.
    static let ruled = StepDefinition("ruled", summary: "Has a rule across its parameters.",
        parameters: [.integer("a", default: 1, in: 0...10), .integer("b", default: 1, in: 0...10),
                     .numbers("weights", default: [0.5], count: 1...3, each: 0...1)],
        fileID: "Lessons/Ruled.swift",
        validate: { arguments in
            let (a, b) = (try arguments.integer("a"), try arguments.integer("b"))
            guard a + b <= 10 else { throw StepError.invalidArguments("a + b must be at most 10, not \(a + b)", parameter: "b") }
        }) { context in
        let (a, b) = (try context.arguments.integer("a"), try context.arguments.integer("b"))
        // The rule, checked again where it matters: a + b ≤ 10 or this step would be wrong.
        precondition(a + b <= 10, "validate did not run before the step")
        context.show(.text("a + b = \(a + b)"))
    }

    static let all = [greet, remember, recall, kernel, digit, charts, fail]
    /// Steps that misbehave on purpose, for the tests of what the runner does about it.
    static let misbehaving = [undeclared, claim, divide, ruled]

    /// Each step's file, as the plugin would embed it.
    static let sources: [String: String] = Dictionary(uniqueKeysWithValues: (all + misbehaving).map { step in
        (step.fileID, "import Book\nimport CNN\n\n/// \(step.summary)\nlet \(step.name) = StepDefinition(\"\(step.name)\") { context in\n    // ...\n}\n")
    })

    static let registry = StepRegistry(steps: all, sources: sources, fingerprint: "test-fingerprint")
    /// `all` and the misbehaving steps.
    static let safetyRegistry = StepRegistry(steps: all + misbehaving, sources: sources, fingerprint: "test-fingerprint")
}
