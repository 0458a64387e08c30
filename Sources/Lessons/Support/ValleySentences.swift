import Book
import CNN
import Foundation

/// The sentences under the `valley` step's picture: where each optimizer ended, and what plain
/// SGD does across the valley. Helpers of their own file, so that the step's file declares only
/// the step and editing it reruns only its cells (`StepReach`).
extension Lessons {
    /// x and y as the table shows them: short, unless f of the short ones would not be the f shown
    /// beside them (a path that moved less than the fourth decimal, `-4.5` and `1.5` beside f =
    /// 38.2486); then with the fewest significant digits that give it, every digit a Float has at most.
    static func shownCoordinates(_ x: Double, _ y: Double, _ f: (Double, Double) -> Double) -> (String, String) {
        let wanted = Format.short(f(x, y))
        let candidates = [(Format.short(x), Format.short(y))]
            + (5...8).map { digits in (String(format: "%.\(digits)g", x), String(format: "%.\(digits)g", y)) }
        for (shownX, shownY) in candidates {
            if let a = Double(shownX), let b = Double(shownY), Format.short(f(a, b)) == wanted { return (shownX, shownY) }
        }
        return ("\(Float(x))", "\(Float(y))")
    }

    /// What multiplying y by `factor` at every step does: a negative factor also flips its sign, so
    /// y then zigzags across the valley's floor (shrinking, staying or growing as |factor| says).
    static func acrossTheValley(_ factor: Double) -> String {
        let size = abs(factor) < 1 ? "shrinks" : abs(factor) == 1 ? "neither shrinks nor grows" : "grows"
        if factor < 0 {
            return "y changes sign at every step, zigzagging across the floor, and its size \(size)"
                + (abs(factor) > 1 ? ": SGD cannot settle." : ".")
        }
        if factor == 0 { return "y shrinks to 0 in one step." }
        return abs(factor) < 1 ? "y shrinks." : abs(factor) == 1 ? "y neither shrinks nor grows." : "y grows, and SGD cannot settle."
    }

    /// "After 60 steps, Adam is lowest (f = 0.0478), then SGD and momentum, tied (3.0312)." Optimizers
    /// whose heights print alike are named together: as tied if they are equal, else as tied to
    /// the digits shown, never as a ranking the numbers beside it cannot show.
    static func ranking(_ ranked: [(name: String, f: Double)], after steps: Int) -> String {
        var groups: [[(name: String, f: Double)]] = []
        for end in ranked {
            if let last = groups.last?.last, Format.short(last.f) == Format.short(end.f) { groups[groups.count - 1].append(end) } else { groups.append([end]) }
        }
        func names(_ group: [(name: String, f: Double)]) -> String {
            group.count == 1 ? group[0].name
                : group.dropLast().map(\.name).joined(separator: ", ") + " and " + group[group.count - 1].name
        }
        func tie(_ group: [(name: String, f: Double)]) -> String {
            group.count == 1 ? "" : group.allSatisfy({ $0.f == group[0].f }) ? ", tied" : ", tied to the digits shown"
        }
        let after = "After \(steps) step\(steps == 1 ? "" : "s"), "
        guard groups.count > 1 else {
            if ranked.count == 1 { return after + "\(ranked[0].name) is at f = \(Format.short(ranked[0].f))." }
            let level = groups[0].allSatisfy({ $0.f == groups[0][0].f }) ? "are level" : "are level to the digits shown"
            return after + "\(names(groups[0])) \(level) (f = \(Format.short(groups[0][0].f)))."
        }
        let first = groups[0]
        return after + names(first) + (first.count == 1 ? " is lowest" : " are lowest\(tie(first))") + " (f = \(Format.short(first[0].f)))"
            + groups.dropFirst().map { ", then \(names($0))\(tie($0)) (\(Format.short($0[0].f)))" }.joined() + "."
    }
}
