@testable import Book
import Foundation
import Testing

/// A parameter that means something only while another has a given value (`only(when:is:)`):
/// a dense network has no filters. `--set` sets it where it means something and leaves the other
/// cells alone; a cell, or a served page's control for one cell, that sets it where it means
/// nothing is refused, whatever the value (the default too: it would be ignored all the same).
@Suite struct ConditionalParameterTests {
    static let train = StepDefinition("train", summary: "Trains a model.", parameters: [
        .choice("model", ["cnn", "dense"], default: "cnn"),
        .integer("filters", default: 4, in: 1...64).only(when: "model", is: "cnn"),
    ]) { cell in
        let model = try cell.arguments.string("model")
        cell.show(.text(model == "cnn" ? "cnn with \(try cell.arguments.integer("filters")) filters" : "dense"))
    }
    let registry = StepRegistry(steps: [train], sources: [:], fingerprint: "", requiresSources: false)

    /// The cell's arguments, or its problems as printed.
    struct Refused: Error { let problems: [String] }

    func resolve(_ info: String, _ overrides: [Override] = []) -> Result<Arguments, Refused> {
        let fence = Fence(info: info, body: "", location: SourceLocation(path: "ch.md", line: 3, column: 1), infoColumn: 4)
        let cell: Cell
        do {
            cell = Cell(index: 1, fence: fence, info: try InfoString.parse(info))
        } catch {
            return .failure(Refused(problems: [error.message]))
        }
        do {
            return .success(try registry.resolve(cell, overrides: overrides).arguments)
        } catch {
            return .failure(Refused(problems: error.all.map(\.description)))
        }
    }

    func set(_ text: String, forOneCell: Bool = false) throws -> Override {
        var override = try Override.parse(text)
        override.forOneCell = forOneCell
        return override
    }

    @Test func setChangesTheParameterOnlyWhereItMeansSomething() throws {
        let eight = try set("filters=8")
        #expect(try resolve("swift step=train", [eight]).get().integer("filters") == 8)
        #expect(try resolve("swift step=train model=dense", [eight]).get().values["filters"] == ParameterValue.integer(4))
        // The condition as the command line leaves it: set to dense there, no filters are set.
        #expect(try resolve("swift step=train", [eight, try set("model=dense")]).get().values["filters"] == ParameterValue.integer(4))
        #expect(try resolve("swift step=train model=dense", [try set("model=cnn"), eight]).get().integer("filters") == 8)
        // A value that is wrong is wrong wherever it would be set.
        guard case .failure(let refused) = resolve("swift step=train", [try set("filters=99")]) else { Issue.record("filters=99 taken"); return }
        #expect(refused.problems.count == 1 && refused.problems[0].contains("filters"), "\(refused)")
    }

    @Test func aCellThatWritesItWhereItMeansNothingIsRefusedAtTheName() throws {
        for info in ["swift step=train model=dense filters=8", "swift step=train model=dense filters=4"] {
            guard case .failure(let refused) = resolve(info) else { Issue.record("\(info) taken"); continue }
            #expect(refused.problems == ["ch.md:3:33: error: step 'train': filters means something only when model=cnn, and here model is dense: leave filters out"],
                    "\(refused)")
        }
        guard case .failure(let refused) = resolve("swift step=train filters=8", [try set("model=dense")]) else { Issue.record("taken"); return }
        #expect(refused.problems.count == 1 && refused.problems[0].hasPrefix("ch.md:3:21: error:"), "\(refused)")
    }

    /// A page's control for it, where it means nothing, would change nothing: refused.
    @Test func aControlForItWhereItMeansNothingIsRefused() throws {
        #expect(throws: Never.self) { try resolve("swift step=train vary-filters=[2,4]").get() }
        for info in ["swift step=train model=dense vary-filters=[2,4]", "swift step=train vary-model=[cnn,dense] vary-filters=[2,4]"] {
            guard case .failure(let refused) = resolve(info) else { Issue.record("\(info) taken"); continue }
            #expect(refused.problems.count == 1 && refused.problems[0].contains("the control vary-filters would change nothing")
                    && refused.problems[0].contains("and here model is dense"), "\(refused)")
        }
    }

    /// The argument line a page or the terminal shows leaves it out where it means nothing.
    @Test func theArgumentLineLeavesItOutWhereItMeansNothing() throws {
        func shown(_ info: String) throws -> [String] {
            let fence = Fence(info: info, body: "", location: SourceLocation(path: "ch.md", line: 3, column: 1), infoColumn: 4)
            let resolved = try registry.resolve(Cell(index: 1, fence: fence, info: try InfoString.parse(info)))
            return resolved.argumentsInDeclaredOrder.map { "\($0.name)=\($0.value.sourceText)" }
        }
        #expect(try shown("swift step=train model=dense") == ["model=dense"])
        #expect(try shown("swift step=train") == ["model=cnn", "filters=4"])
    }

    @Test func aValueForOneCellIsRefusedWhereItMeansNothing() throws {
        guard case .failure(let refused) = resolve("swift step=train model=dense", [try set("filters=8", forOneCell: true)]) else {
            Issue.record("taken"); return
        }
        #expect(refused.problems.count == 1 && refused.problems[0].contains("filters means something only when model=cnn"), "\(refused)")
    }
}
