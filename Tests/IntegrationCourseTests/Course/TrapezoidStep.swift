import Book
import Foundation

enum IntegrationCourse {
    /// `step=trapezoid f=sin n=8 a=0 b=1`: the trapezoid estimate of ∫ₐᵇ f, against the exact value.
    static let trapezoid = StepDefinition("trapezoid", summary: "Estimates an integral with n trapezoids.",
        parameters: [
            .custom("f", Integrand(), default: .identifier("sin"), help: "the function to integrate"),
            .integer("n", default: 4, in: 1...100_000, help: "how many trapezoids"),
            .number("a", default: 0, in: -10...10), .number("b", default: 1, in: -10...10),
        ],
        makes: ["last"],
        validate: { arguments in
            guard try arguments.number("a") < arguments.number("b") else {
                throw StepError.invalidArguments("a must be less than b", parameter: "b")
            }
        }) { cell in
        let name = try cell.arguments.string("f")
        let (f, antiderivative) = try Integrand.named(name)
        let n = try cell.arguments.integer("n"), a = try cell.arguments.number("a"), b = try cell.arguments.number("b")
        let xs = (0...n).map { a + (b - a) * Double($0) / Double(n) }
        let estimate = Trapezoid.integrate(xs: xs, ys: xs.map(f))
        let exact = antiderivative(b) - antiderivative(a)
        cell.show(.table(Table(caption: "\(name) from \(a) to \(b)", header: ["n", "estimate", "exact", "error"],
                               rows: [["\(n)", format(estimate), format(exact), format(abs(estimate - exact))]])))
        try cell.state.set("last", estimate)
    }

    /// `step=samples series=NAME`: the trapezoid rule over measured points read from the
    /// course's `measurements` data source.
    static let samples = StepDefinition("samples", summary: "Integrates measured samples from a CSV file.",
        parameters: [.string("series", default: "square")],
        data: .measurements) { cell in
        let series = try cell.arguments.string("series")
        let file = try cell.data.folder("measurements").appendingPathComponent("\(series).csv")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw StepError.failed("cannot read \(file.path)")
        }
        var xs: [Double] = [], ys: [Double] = []
        for (index, line) in text.split(separator: "\n").enumerated() where index > 0 {
            let fields = line.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 2 else { throw StepError.failed("\(file.path):\(index + 1): expected x,y") }
            xs.append(fields[0]); ys.append(fields[1])
        }
        guard xs.count >= 2 else { throw StepError.failed("\(file.path) holds fewer than two samples") }
        cell.show(.text("\(xs.count) samples of \(series): ∫ ≈ \(format(Trapezoid.integrate(xs: xs, ys: ys)))"))
    }

    static let steps = [trapezoid, samples]

    static func format(_ value: Double) -> String { String(format: "%.10f", value) }
}
