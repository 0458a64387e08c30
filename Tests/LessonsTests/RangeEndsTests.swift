import Book
import CNN
import Foundation
import Lessons
import Testing

/// A value that `tutor check` accepts must not crash the step: every step that reads only the
/// shipped sample runs with each of its numbers at each end of its declared range (the others at
/// their defaults). It may refuse a combination with a `StepError` (a clear message at the cell),
/// never stop the program. (A learning rate of 0 was once in range and failed the optimizer's
/// precondition.)
@Suite struct RangeEndsTests {
    /// Each parameter at each end of its range, one at a time.
    static func ends(of step: StepDefinition) -> [[String: ParameterValue]] {
        step.parameters.flatMap { spec -> [[String: ParameterValue]] in
            switch spec.type {
            case .integer(let range?):
                return [range.lowerBound, range.upperBound].map { [spec.name: .integer($0)] }
            case .number(let range?):
                return [range.lowerBound, range.upperBound].map { [spec.name: .number($0)] }
            case .numberList(let rule):
                let each = rule.each ?? -1...1
                return [(rule.count.lowerBound, each.lowerBound), (rule.count.upperBound, each.upperBound)].map {
                    [spec.name: .list(Array(repeating: .number($0.1), count: $0.0))]
                }
            default:
                return []
            }
        }
    }

    static let sampleSteps = Lessons.registry.steps.filter { !$0.data.sources.contains("mnist") }

    @Test(arguments: sampleSteps.map(\.name))
    func everyNumberRunsAtBothEndsOfItsRange(stepName: String) throws {
        let definition = step(stepName)
        for overrides in Self.ends(of: definition) {
            let arguments = Arguments(Dictionary(uniqueKeysWithValues: definition.parameters.map { ($0.name, $0.defaultValue) })
                .merging(overrides) { $1 })
            do {
                try definition.validate(arguments)
                _ = try run(definition, overrides)
            } catch let error as StepError {
                // A refusal in words is allowed; it must say something.
                #expect(!"\(error)".isEmpty, "\(stepName) \(overrides)")
            }
        }
    }
}
