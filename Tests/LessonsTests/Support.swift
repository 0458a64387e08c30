import Book
import CNN
import Foundation
import Lessons
import Testing

/// The repository's root, found from this file's path, so tests run from any directory.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let chaptersDirectory = repositoryRoot.appendingPathComponent("chapters")
let sampleDirectory = repositoryRoot.appendingPathComponent("data/sample")

/// The full MNIST, from `TUTOR_DATA` (CI sets it to ../shared/mnist). A test that needs it fails
/// with this message rather than passing silently.
func mnistDirectory() throws -> URL {
    guard let path = ProcessInfo.processInfo.environment["TUTOR_DATA"], !path.isEmpty else {
        throw MissingData()
    }
    return URL(fileURLWithPath: path)
}

struct MissingData: Error, CustomStringConvertible {
    var description: String { "set TUTOR_DATA to a folder holding the four MNIST files (CI uses ../shared/mnist)" }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-lessons-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs one step with its declared defaults, changed by `overrides`, and returns what it showed.
func run(_ step: StepDefinition, _ overrides: [String: ParameterValue] = [:], state: ChapterState = ChapterState(),
         mnist: URL? = nil, seed: UInt64 = 1) throws -> [Output] {
    var values = Dictionary(uniqueKeysWithValues: step.parameters.map { ($0.name, $0.defaultValue) })
    for (name, value) in overrides {
        precondition(values[name] != nil, "\(step.name) has no parameter \(name)")
        values[name] = value
    }
    let cell = CellContext(arguments: Arguments(values), state: state, seed: seed,
                           data: Lessons.dataSources(sample: sampleDirectory,
                                                 mnist: mnist ?? URL(fileURLWithPath: "/nonexistent/mnist")))
    try step.run(cell)
    return cell.outputs
}

func step(_ name: String) -> StepDefinition {
    guard let step = Lessons.registry.step(named: name) else { preconditionFailure("no step \(name)") }
    return step
}

/// The tables a step showed.
func tables(_ outputs: [Output]) -> [Table] {
    outputs.compactMap { if case .table(let table) = $0 { return table } else { return nil } }
}

/// The text paragraphs a step showed.
func texts(_ outputs: [Output]) -> [String] {
    outputs.compactMap { if case .text(let text) = $0 { return text } else { return nil } }
}
