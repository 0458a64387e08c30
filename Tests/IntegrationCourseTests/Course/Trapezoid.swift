import Foundation

/// The trapezoid rule over a grid: the formula the course teaches, written as it reads,
/// h · (y₀/2 + y₁ + … + yₙ₋₁ + yₙ/2) for equal steps, summed pairwise for unequal ones.
enum Trapezoid {
    static func integrate(xs: [Double], ys: [Double]) -> Double {
        var total = 0.0
        for i in 1..<xs.count { total += (xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1]) / 2 }
        return total
    }
}
