/// An inclusive range of an option's values, printed "from 1 to 1000".
struct Bound<Value: Comparable & Sendable>: Sendable, CustomStringConvertible {
    var lower: Value
    var upper: Value
    init(_ lower: Value, _ upper: Value) { (self.lower, self.upper) = (lower, upper) }
    /// False for NaN, which compares false with everything.
    func contains(_ value: Value) -> Bool { value >= lower && value <= upper }
    var description: String { "from \(lower) to \(upper)" }
}
