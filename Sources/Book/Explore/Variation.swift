/// A parameter a reader may change on the page, and the values the build computed for it.
///
/// Written in a cell's info string as `vary-NAME=all` (the parameter's declared values: an
/// integer range, the choices, true/false, a course type's domain) or `vary-NAME=[v1, v2, ...]`.
/// The values are checked against the parameter's type and kept in canonical form; the cell's
/// own value is one of them, so the page can open on it.
public struct Variation: Sendable, Hashable {
    /// The parameter's name.
    public var name: String
    /// Every value a reader may pick, in the order the control offers them.
    public var values: [ParameterValue]
    /// The position in `values` of the cell's own value.
    public var ownIndex: Int
    /// The parameter's declaration (its type picks the control, its help labels it).
    public var spec: ParameterSpec

    public var ownValue: ParameterValue { values[ownIndex] }
}

/// What the explorable book may cost. Every limit is a located error when a chapter exceeds it.
public enum ExplorationBudget {
    /// Combinations of values one cell may show (the product of its variations' sizes, and of
    /// the earlier variations its results depend on).
    public static let variantsPerCell = 100
    /// The bytes of one chapter page, with the pictures it links to.
    public static let bytesPerPage = 4_000_000
}

extension Variation {
    /// The values `vary-NAME=all` stands for, or nil when the type has none small enough to list.
    static func declaredValues(of type: ParameterType) -> [ParameterValue]? {
        switch type {
        case .integer(let range?) where range.count <= ExplorationBudget.variantsPerCell:
            return range.map(ParameterValue.integer)
        case .choice(let choices):
            return choices.map(ParameterValue.identifier)
        case .boolean:
            return [.identifier("false"), .identifier("true")]
        case .custom(let custom):
            switch custom.kind.domain {
            case .choices(let names)?: return names.map(ParameterValue.identifier)
            case .integers(let range)? where range.count <= ExplorationBudget.variantsPerCell:
                return range.map(ParameterValue.integer)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Every combination of the variations' values, the first variation changing slowest; each
    /// combination holds one value per variation, in order.
    public static func combinations(_ variations: [Variation]) -> [[ParameterValue]] {
        variations.reduce([[]]) { partial, variation in
            partial.flatMap { prefix in variation.values.map { prefix + [$0] } }
        }
    }

    /// How many combinations `variations` make, without overflowing.
    public static func combinationCount(_ counts: [Int]) -> Int {
        counts.reduce(1) { product, count in
            let (result, overflow) = product.multipliedReportingOverflow(by: count)
            return overflow ? Int.max : result
        }
    }
}
