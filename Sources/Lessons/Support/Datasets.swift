import Book
import CNN
import Foundation

/// The digits the steps read, loaded once per process: the 500-digit sample shipped with the
/// repository, and the full MNIST training and test sets.
///
/// Loading the full training set means inflating 47 MB; chapter 6 has several cells that need it,
/// so it is kept in memory rather than read again by each cell.
enum Datasets {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: [String: MNIST] = [:]

    /// The sample shipped in `data/sample` (the first 500 training digits).
    static func sample(_ cell: CellContext) throws -> MNIST { try sample(cell.data) }

    /// The 60,000 training digits.
    static func training(_ cell: CellContext) throws -> MNIST { try training(cell.data) }

    /// The 10,000 test digits.
    static func test(_ cell: CellContext) throws -> MNIST { try test(cell.data) }

    static func sample(_ data: DataSources) throws -> MNIST {
        try load("sample", from: "sample", data) { try MNIST.sample(in: $0) }
    }

    static func training(_ data: DataSources) throws -> MNIST {
        try load("train", from: "mnist", data) { try MNIST.training(in: $0) }
    }

    static func test(_ data: DataSources) throws -> MNIST {
        try load("test", from: "mnist", data) { try MNIST.test(in: $0) }
    }

    // What a step's arguments ask of the data (`StepDefinition.checkData`), by `tutor check`:
    // the same calls as the steps' own, so the check and the run refuse the same values.

    /// `digit=` is a label the sample holds.
    static let sampleHoldsDigit: @Sendable (Arguments, DataSources) throws -> Void = { arguments, data in
        _ = try firstIndex(of: try arguments.integer("digit"), in: try sample(data))
    }

    /// `batchSize=` is at most the sample's count.
    static let sampleHoldsBatch: @Sendable (Arguments, DataSources) throws -> Void = { arguments, data in
        _ = try checked(batchSize: try arguments.integer("batchSize"), in: try sample(data))
    }

    /// The index of the first digit with `label` in `data`.
    /// Throws, saying what the data does hold, when it has no such digit.
    static func firstIndex(of label: Int, in data: MNIST, _ name: String = "the sample") throws -> Int {
        guard let index = (0..<data.count).first(where: { data.label(at: $0) == label }) else {
            let labels = Set(data.labels).sorted().map(String.init).joined(separator: ", ")
            throw StepError.failed("\(name) has no digit \(label): it holds \(describe(data.count)), labels {\(labels)}")
        }
        return index
    }

    /// `index`, checked against the images `data` really holds: a step that shows "#460" shows
    /// an image that exists.
    static func checked(_ index: Int, in data: MNIST, _ name: String = "the sample") throws -> Int {
        guard (0..<data.count).contains(index) else {
            throw StepError.failed("\(name) has no image #\(index): it holds \(describe(data.count))"
                                   + (data.count > 0 ? ", #0 to #\(data.count - 1)" : ""))
        }
        return index
    }

    /// A batch size checked against the images there are to draw batches from.
    static func checked(batchSize: Int, in data: MNIST, _ name: String = "the sample") throws -> Int {
        guard batchSize <= data.count else {
            throw StepError.failed("batchSize=\(batchSize) is more than the \(describe(data.count)) \(name) holds; "
                                   + "give a batch size from 1 to \(data.count)")
        }
        return batchSize
    }

    /// "1 image", "500 images".
    static func describe(_ count: Int) -> String {
        count == 1 ? "1 image" : "\(count) images"
    }

    /// The set `name` from data source `source`, read by `read` the first time it is asked for.
    /// A failure says what the chapter needs and what to do, in the words `tutor check` uses
    /// (`DataAdvice`): where a setting named the folder, it says so.
    private static func load(_ name: String, from source: String, _ data: DataSources, _ read: (URL) throws -> MNIST) throws -> MNIST {
        let directory = try data.folder(source)
        let key = name + "|" + directory.path
        lock.lock()
        defer { lock.unlock() }
        if let data = loaded[key] { return data }
        do {
            let data = try read(directory)
            loaded[key] = data
            return data
        } catch {
            let folder = data[source].map(\.pathAndOrigin) ?? directory.path
            if source == "sample" {
                // `--data` and TUTOR_DATA name the full MNIST, not the sample: advising them here misleads.
                throw StepError.failed("\(error)\nThis chapter needs the sample digits in \(folder); "
                                       + DataAdvice.otherSampleFolder(origin: data[source]?.origin) + ".")
            }
            let advice = data[source].map { DataAdvice.forMNIST($0, filesMissing: !MNISTFile.allCases.allSatisfy { $0.locate(in: directory) != nil }) }
                ?? DataAdvice.otherMNISTFolder(origin: nil)
            throw StepError.failed("\(error)\nThis chapter needs the four MNIST files in \(folder): " + advice + ".")
        }
    }
}
