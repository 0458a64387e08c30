import Book
import Foundation
import Lessons
import Testing

/// The step list is generated from the sources (issue 9): a step is registered by being defined.
@Suite struct StepListTests {
    /// `static let NAME = StepDefinition(` in a source text, found without the generator's lexer,
    /// so the two are independent checks of each other.
    static func declaredSteps(in source: String) -> [String] {
        let pattern = try! Regex(#"static\s+let\s+(\w+)\s*=\s*StepDefinition\("#)
        return code(source).matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) }
    }

    /// The source without its comment lines (Lessons.swift's documentation quotes the form).
    static func code(_ source: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
    }

    @Test func everyStepDefinitionInTheLessonsSourcesIsRegistered() throws {
        let registry = Lessons.registry
        var declared = 0
        for (fileID, source) in registry.sources {
            let names = Self.declaredSteps(in: source)
            declared += names.count
            // Every call of StepDefinition( in the file is one of these declarations.
            #expect(Self.code(source).components(separatedBy: "StepDefinition(").count - 1 == names.count, "\(fileID)")
            let registered = registry.steps.filter { $0.fileID == fileID }
            #expect(registered.count == names.count, "\(fileID) declares \(names) but registers \(registered.map(\.name))")
        }
        #expect(declared == registry.steps.count)
        #expect(declared > 20)
    }
}
