import Book
import CNN
import Foundation

extension Lessons {
    /// The naive softmax overflowing on large logits, and the stable form not.
    static let softmaxOverflow = StepDefinition(
        "softmaxOverflow",
        summary: "Compare the naive and the max-subtracted softmax on scaled-up logits",
        parameters: [.number("scale", default: 100, in: 0.001...1_000_000, help: "factor applied to the logits")],
        needs: ["logits"]
    ) { cell in
        let scale = Float(try cell.arguments.number("scale"))
        let z = try StoredState.logits(cell).map { $0 * scale }

        // Naive: e^z / Σ e^z, in Float, as written in the formula.
        let exponentials = z.map { expf($0) }
        let naive = exponentials.map { $0 / exponentials.reduce(0, +) }
        // Stable: subtract the largest logit first, so the largest exponent is e^0 = 1.
        let stable = softmax(z)

        // The overflow is the lesson, so the page shows it, in words: a page never prints "nan".
        func shown(_ value: Float) -> String {
            value.isNaN ? "undefined" : value.isInfinite ? (value > 0 ? "∞ (overflow)" : "−∞") : Format.short(Double(value))
        }
        cell.show(.table(Table(caption: "logits × \(Format.short(Double(scale))), computed in Float",
                               header: ["class", "z", "naive e^z", "naive p", "stable p"],
                               rows: (0..<z.count).map { k in
                                   ["\(k)", shown(z[k]), shown(exponentials[k]), shown(naive[k]), shown(stable[k])]
                               })))
        let limit = log(Double(Float.greatestFiniteMagnitude))
        cell.show(.text("The largest Float is \(Format.short(Double(Float.greatestFiniteMagnitude))) = e^\(Format.fixed(limit, digits: 2)): "
                        + "e^z of any larger z is infinite."))
        let broken = naive.filter { !$0.isFinite }.count
        let overflowed = exponentials.filter(\.isInfinite).count
        let sum = exponentials.reduce(0, +)
        let naiveSum = Double(naive.filter(\.isFinite).reduce(0, +)), stableSum = Double(stable.reduce(0, +))
        // e^z below the smallest Float (z under about −103.3) becomes 0: not an error, but then
        // "every e^z fits" would be false. Of those, the stable form may still keep a probability.
        let underflowed = z.indices.filter { z[$0].isFinite && exponentials[$0] == 0 }
        let keptByStable = underflowed.filter { stable[$0] > 0 }.count
        let verdict: String
        if broken == 0 && abs(naiveSum - 1) < 1e-5 {
            verdict = underflowed.isEmpty
                ? "At this scale the naive form still works: every e^z fits in a Float, and so does their sum."
                : "At this scale the naive form still works: no e^z overflows, and neither does their sum; "
                    + "\(underflowed.count) of the \(z.count) e^z underflowed to 0, "
                    + (keptByStable == 0 ? "and the stable form rounds \(underflowed.count == 1 ? "its probability" : "their probabilities") to 0 as well."
                                         : "a probability of 0 where the stable form keeps \(keptByStable == underflowed.count ? (keptByStable == 1 ? "it" : "all \(keptByStable)") : "\(keptByStable) of them") above 0.")
        } else if broken > 0 {
            verdict = "The naive form leaves \(broken) of the \(z.count) probabilities undefined: "
                + (overflowed > 0 ? "\(overflowed) of the e^z overflowed to infinity, and ∞/∞ has no value."
                                  : "every e^z underflowed to 0, and 0/0 has no value.")
        } else {
            verdict = "The naive form's probabilities add up to \(Format.fixed(naiveSum, digits: 6)), not 1: "
                + (sum.isInfinite ? "no single e^z overflowed, but their sum did, to infinity."
                                  : "the e^z lost their precision in Float.")
        }
        // Subtracting the maximum keeps every exponent at most 0, whatever the scale.
        try cell.claim(stable.allSatisfy(\.isFinite) && abs(stableSum - 1) < 1e-5,
                       verdict + " The stable form sums to \(Format.fixed(stableSum, digits: 6)).",
                       otherwise: "the stable softmax sums to \(stableSum), not 1")
    }
}
