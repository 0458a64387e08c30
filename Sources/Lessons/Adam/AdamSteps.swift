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

        // The formula in Double, beside the library's Float update of the same weight. The library
        // computes as Keras does: bias correction folded into the step size, ε added to √v before
        // it, i.e. θ ← θ − η·√(1 − β2^t)/(1 − β1^t) · m/(√v + ε). `keras` follows that form in
        // Double, to check the library against; it differs from the formula only when |g| is near ε.
        var (m, v, θ, keras) = (0.0, 0.0, 0.0, 0.0)
        var rows: [[String]] = [], sizes: [Double] = [], largestGap = 0.0, formulaGap = 0.0, libraryFirst = 0.0
        var libraryLargest = 0.0  // the library's largest |θ|: 0 if its weight never moved
        let steps = try cell.arguments.integer("steps")
        for t in 1...steps {
            m = β1 * m + (1 - β1) * g
            v = β2 * v + (1 - β2) * g * g
            let (mHat, vHat) = (m / (1 - pow(β1, Double(t))), v / (1 - pow(β2, Double(t))))
            let step = η * mHat / (vHat.squareRoot() + ε)
            θ -= step
            keras -= η * (1 - pow(β2, Double(t))).squareRoot() / (1 - pow(β1, Double(t))) * m / (v.squareRoot() + ε)
            optimizer.update(&weight, [Tensor([Float(g)])])
            let library = Double(weight[0].scalars[0])
            if t == 1 { libraryFirst = abs(library) }
            libraryLargest = max(libraryLargest, abs(library))
            sizes.append(step)
            largestGap = max(largestGap, abs(keras - library))
            formulaGap = max(formulaGap, abs(θ - library))
            rows.append(["\(t)", Format.short(m), Format.short(v), Format.short(mHat), Format.short(vHat),
                         Format.short(step), Format.short(θ), Format.short(library)])
        }
        cell.show(.table(Table(caption: "θ starts at 0; g = \(Format.short(g)) at every step",
                               header: ["t", "m", "v", "m̂", "v̂", "step η·m̂/(√v̂+ε)", "θ (formula)", "θ (library)"],
                               rows: rows)))
        // A g below Float's normal range is rounded (or flushed to 0) before the library sees it:
        // its column then follows another gradient, and the comparisons below say little. Said.
        let gInFloat = Double(Float(g)), smallestNormal = Double(Float.leastNormalMagnitude)
        if g != 0 && abs(gInFloat - g) > 1e-6 * abs(g) {
            cell.show(.text("The library computes in Float, where g = \(Format.short(g)) is \(Format.short(gInFloat))"
                            + (gInFloat == 0 ? ": its weight never moves" : ", \(Format.percent(abs(gInFloat - g) / abs(g), digits: 1)) off")
                            + " (Float's smallest normal number is \(Format.short(smallestNormal))). "
                            + "The formula's column is computed in Double."))
        }
        // At t = 1 bias correction gives m̂ = g and v̂ = g², so the step is η·|g|/(|g| + ε): short
        // of η by the fraction ε/(|g| + ε).
        let firstStep = η * abs(g) / (abs(g) + ε), shortfall = ε / (abs(g) + ε)
        // The library's (Keras') first step: its ε, added to √v before the bias correction, counts
        // as ε/√(1 − β2) ≈ 31.6·ε there.
        let kerasFirst = η * abs(g) / (abs(g) + ε / (1 - β2).squareRoot())
        // How far the library's first step is from Keras' form, as a fraction of it. Float keeps 7
        // digits, unless m = (1 − β1)·g is below its smallest normal number: there it keeps fewer,
        // and below its smallest number none (the weight never moves).
        let firstOff = kerasFirst > 0 ? abs(libraryFirst - kerasFirst) / kerasFirst : libraryFirst
        let mFirst = (1 - β1) * abs(g), subnormal = g != 0 && mFirst < smallestNormal
        let neverMoves = g != 0 && libraryLargest == 0
        let libraryFirstSentence: String
        if gInFloat == 0 {
            libraryFirstSentence = ""  // said above: g is 0 in Float
        } else if firstOff <= 1e-3 {
            libraryFirstSentence = Format.short(kerasFirst) == Format.short(firstStep) ? ""
                : " The library's first step, as Keras', is η·|g|/(|g| + ε/√(1 − β2)) = \(Format.short(kerasFirst)): "
                  + "its ε is added to √v before the bias correction, where it counts as ε/√(1 − β2), about 31.6·ε."
        } else {
            libraryFirstSentence = " The library's own first step is \(Format.short(libraryFirst)), where Keras' form of the formula "
                + "gives \(Format.short(kerasFirst)): in Float, m = (1 − β1)·|g| = \(Format.short(mFirst)) is below the smallest "
                + "normal number, \(Format.short(smallestNormal)), where Float keeps fewer digits"
                + (neverMoves ? ", and rounds to 0: the library's weight never moves." : ".")
        }
        try cell.claim(abs(abs(sizes[0]) - firstStep) <= 1e-9 * η && (firstOff <= 1e-3 || subnormal),
                       "The first step is η·|g|/(|g| + ε) = \(Format.short(firstStep)): "
                       + (shortfall < 0.01 ? "almost exactly η, short of it by the fraction ε/(|g| + ε) = \(Format.short(shortfall))."
                                           : "well short of η, for |g| is not large next to ε = \(Format.short(ε)).")
                       + libraryFirstSentence,
                       otherwise: "the first step is \(sizes[0]) (library \(libraryFirst)), not η·|g|/(|g| + ε) = \(firstStep) "
                       + "(Keras' form \(kerasFirst))")
        // Float keeps 7 digits: allow 10^-4 of the longest distance the weight can travel (η a step).
        let tolerance = 1e-4 * η * Double(steps)
        // The library against the formula, as a fraction of the formula's θ: "to within" only if
        // that fraction is small, however small the numbers.
        let lastFormula = abs(θ), relativeGap = lastFormula > 0 ? formulaGap / lastFormula : formulaGap
        let comparison: String
        if formulaGap == 0 {
            comparison = "The library's θ is exactly the formula's."
        } else if neverMoves {
            comparison = "The library's θ never leaves 0; the formula's reaches \(Format.short(θ))."
        } else if relativeGap <= 1e-4 {
            comparison = "The library's θ is the formula's to within \(Format.short(formulaGap))."
        } else {
            comparison = "The library's θ differs from the formula's by \(Format.short(formulaGap))"
                + " (\(Format.percent(relativeGap, digits: 1)) of the formula's θ): "
                + (subnormal ? "in Float, m = (1 − β1)·|g| = \(Format.short(mFirst)) is below the smallest normal number, where Float keeps fewer digits."
                             : "the library, as Keras, adds ε to √v before the bias correction, which matters when |g| is not large next to ε.")
        }
        try cell.claim(largestGap <= tolerance, comparison,
                       otherwise: "the library's θ differs from Keras' form of the formula by \(Format.short(largestGap)), "
                       + "more than Float rounding (\(Format.short(tolerance)))")
    }
}
