import Book

extension DataNeed {
    /// Measured (x, y) samples, a CSV file per series.
    static let measurements = DataNeed("measurements")
}
