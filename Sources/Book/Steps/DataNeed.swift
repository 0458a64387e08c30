/// The data sources a step reads, by name: part of its cache key, and checked before a build runs.
///
/// A course names its own (`extension DataNeed { static let samples = DataNeed("samples") }`), so
/// a step says `data: .samples`; `[.a, .b]` reads both.
public struct DataNeed: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// Source names, sorted and without repeats.
    public let sources: [String]

    public init(_ sources: String...) { self.sources = Array(Set(sources)).sorted() }
    public init(names: [String]) { self.sources = Array(Set(names)).sorted() }
    public init(arrayLiteral needs: DataNeed...) { self.init(names: needs.flatMap(\.sources)) }

    /// Pure computation.
    public static let none = DataNeed(names: [])
}
