@testable import Book
import Foundation
import Testing

/// `tutor check` asks each cell, and each variant of it, whether the data holds what its
/// arguments name (`StepDefinition.checkData`), and says where the value at fault is written.
@Suite struct DataProblemsTests {
    /// A step over a "data set" holding the items 0, 1 and 2, and pairs summing to at most 3.
    static let pick = StepDefinition(
        "pick", summary: "Picks items.",
        parameters: [.integer("a", default: 0, in: 0...9, help: "an item"), .integer("b", default: 0, in: 0...9, help: "another")],
        checkData: { arguments, _ in
            let (a, b) = (try arguments.integer("a"), try arguments.integer("b"))
            guard a <= 2, b <= 2 else { throw StepError.failed("the data has no item \(max(a, b))") }
            guard a + b <= 3 else { throw StepError.failed("the data has no pair \(a), \(b)") }
        }
    ) { _ in }
    static let registry = StepRegistry(steps: [pick], sources: [pick.fileID: "let pick = 1\n"], fingerprint: "x")

    func problems(_ info: String) throws -> [String] {
        let chapter = try Chapter.parse("# A\n\n```swift \(info)\n```\n", path: "chapters/01-a.md", fileName: "01-a.md")
        return BookCheck.dataProblems(in: [chapter], registry: Self.registry, data: .none).map(\.description)
    }

    @Test func theCellsOwnValuesAndEachVariantAreAsked() throws {
        #expect(try problems("step=pick a=1 vary-a=[0,1,2] vary-b=[0,1]").isEmpty)
        #expect(try problems("step=pick a=5") == ["chapters/01-a.md:3:1: error: step 'pick' cannot run on its data: the data has no item 5"])
    }

    @Test func aValueThatFailsAloneIsBlamedAtItsItemAsWritten() throws {
        // Column of `05` in "```swift step=pick a=1 vary-b=[0, 05]".
        #expect(try problems("step=pick a=1 vary-b=[0, 05]") == [
            "chapters/01-a.md:3:35: error: vary-b offers 05, on which step 'pick' cannot run: the data has no item 5; offer only values the data allows",
        ])
    }

    @Test func valuesThatFailOnlyTogetherAreNamedTogether() throws {
        #expect(try problems("step=pick vary-a=[0,2] vary-b=[0,2]") == [
            "chapters/01-a.md:3:20: error: with a=2 b=2 step 'pick' cannot run on its data: the data has no pair 2, 2; offer only values the data allows",
        ])
    }
}
