import Foundation

/// The data sources of one build, by name: what a step's `CellContext.data` holds.
public struct DataSources: Sendable {
    public let all: [DataSource]
    private let byName: [String: DataSource]

    public init(_ sources: [DataSource]) {
        var byName: [String: DataSource] = [:]
        for source in sources {
            precondition(byName[source.name] == nil, "two data sources are named '\(source.name)'")
            byName[source.name] = source
        }
        self.all = sources
        self.byName = byName
    }

    /// No data at all: for books whose steps only compute.
    public static let none = DataSources([])

    public subscript(name: String) -> DataSource? { byName[name] }

    /// The folder of source `name`. A step that reads a source the app never supplied is a bug in
    /// the wiring, reported at the cell.
    public func folder(_ name: String) throws(StepError) -> URL {
        guard let source = byName[name] else {
            throw .programming("it reads data source '\(name)', which this build does not supply "
                               + "(it supplies: \(all.map(\.name).sorted().joined(separator: ", ")))")
        }
        return source.folder
    }
}
