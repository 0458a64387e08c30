import Book
import CNN
import Foundation

extension Lessons {
    /// Adam's first steps on one weight with a constant gradient, every term written out.
    static let adamSteps = StepDefinition(
        "adamSteps",
        summary: "Work through Adam's first updates on a single weight, term by term",
        parameters: [
            .number("gradient", default: 0.5, in: -1_000_000...1_000_000, help: "the gradient g, the same at every step"),
            .integer("steps", default: 4, in: 1...50, help: "how many steps"),
        ]
    ) { cell in
        let g = try cell.arguments.number("gradient")
        var optimizer = Adam()  // Keras defaults: η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-7
        var weight = [Tensor([0])]
        let (η, β1, β2, ε) = (Double(optimizer.learningRate), Double(optimizer.beta1),
                              Double(optimizer.beta2), Double(optimizer.epsilon))

        // The formula in Double, beside the library's Float update of the same weight.
        var (m, v, θ) = (0.0, 0.0, 0.0)
        var rows: [[String]] = [], sizes: [Double] = [], largestGap = 0.0
        let steps = try cell.arguments.integer("steps")
        for t in 1...steps {
            m = β1 * m + (1 - β1) * g
            v = β2 * v + (1 - β2) * g * g
            let (mHat, vHat) = (m / (1 - pow(β1, Double(t))), v / (1 - pow(β2, Double(t))))
            let step = η * mHat / (vHat.squareRoot() + ε)
            θ -= step
            optimizer.update(&weight, [Tensor([Float(g)])])
            sizes.append(step)
            largestGap = max(largestGap, abs(θ - Double(weight[0].scalars[0])))
            rows.append(["\(t)", Format.short(m), Format.short(v), Format.short(mHat), Format.short(vHat),
                         Format.short(step), Format.short(θ), Format.short(Double(weight[0].scalars[0]))])
        }
        cell.show(.table(Table(caption: "θ starts at 0; g = \(Format.short(g)) at every step",
                               header: ["t", "m", "v", "m̂", "v̂", "step η·m̂/(√v̂+ε)", "θ (formula)", "θ (library)"],
                               rows: rows)))
        // At t = 1 bias correction gives m̂ = g and v̂ = g², so the step is η·g/(|g| + ε).
        let firstStep = η * abs(g) / (abs(g) + ε)
        cell.show(.text("The first step is η·|g|/(|g| + ε) = \(Format.short(firstStep))"
                        + (g == 0 ? ": with no gradient, no step." : ", which is η to within ε/|g| = \(Format.short(ε / abs(g))) of itself.")))
        // The library works in Float: allow a relative 10^-4 of the distance travelled.
        let tolerance = 1e-4 * max(abs(θ), η * 1e-3)
        try cell.claim(abs(abs(sizes[0]) - firstStep) <= 1e-12 && largestGap <= tolerance,
                       "The library's Float update follows the formula at every step (at most \(Format.short(largestGap)) apart).",
                       otherwise: "the library's θ and the formula's differ by \(Format.short(largestGap)), more than \(Format.short(tolerance))")
    }
}
