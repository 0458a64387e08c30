import Foundation
import Testing

/// Bad command lines: each is refused with a message before any work starts.
@Suite struct BadCommandLineTests {
    private func expectRefused(_ arguments: [String], mentioning fragments: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let project = try Project()
        defer { project.remove() }
        let started = Date()
        let result = try start(arguments, in: project.root).wait()
        expectCleanFailure(result, mentions: fragments, before: [:], after: project.snapshot(), project: project, sourceLocation: sourceLocation)
        #expect(Date().timeIntervalSince(started) < 10, "refused only after working", sourceLocation: sourceLocation)
    }

    @Test func anUnknownChapterListsTheChaptersThereAre() throws {
        try expectRefused(["run", "chapter9"], mentioning: ["chapter9", "first", "second"])
    }

    @Test func stepZeroIsRefused() throws {
        try expectRefused(["run", "1", "--step", "0"], mentioning: ["step"])
    }

    @Test func setWithAnUnknownKeyIsRefused() throws {
        try expectRefused(["run", "1", "--set", "nosuch=1"], mentioning: ["nosuch"])
    }

    @Test func setWithABadValueIsRefused() throws {
        try expectRefused(["run", "1", "--set", "steps=many"], mentioning: ["steps"])
    }

    @Test func zeroEpochsIsRefused() throws {
        try expectRefused(["train", "--epochs", "0"], mentioning: ["epochs"])
    }

    @Test func aNegativeBatchSizeIsRefused() throws {
        try expectRefused(["train", "--batch-size", "-1"], mentioning: ["batch-size"])
    }

    @Test func aValidationSplitAboveOneIsRefused() throws {
        try expectRefused(["train", "--validation-split", "1.5"], mentioning: ["validation-split"])
    }
}
