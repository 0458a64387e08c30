import Foundation
import Testing

/// Bad step parameters, tried on purpose: `tutor check` refuses exactly what the build would, at
/// the value to blame, and a refused build leaves the book in `output/` as it was.
@Suite struct BadStepTests {
    /// A chapter of cells ```` ```swift INFO ````, the first at line 3, the next at line 6, ...
    private func chapter(_ cells: [String]) -> String {
        "# One\n" + cells.map { "\n```swift \($0)\n```\n" }.joined()
    }

    private func project(cell info: String) throws -> Project {
        try Project(chapters: ["01-one.md": chapter([info])])
    }

    /// The pages a build wrote. The cell cache in `output/.cache` is left out: a failed chapter
    /// keeps the results of the cells before the failing one, which are right whatever happens next.
    private func pages(_ project: Project) -> [String: Data] {
        project.snapshot().filter { !$0.key.hasPrefix(".cache/") }
    }

    /// `tutor check` and `tutor build` both refuse `info`, naming `fragments`; the build after a
    /// good one changes nothing.
    private func expectRefused(_ info: String, goodInfo: String, before earlier: [String] = [], mentioning fragments: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let project = try Project(chapters: ["01-one.md": chapter(earlier + [goodInfo])])
        defer { project.remove() }
        let good = try tutor("build", in: project.root)
        try #require(good.status == 0, "the good cell must build first: \(good.all)", sourceLocation: sourceLocation)
        let before = pages(project)
        try project.write(chapter(earlier + [info]), to: "chapters/01-one.md")
        let check = try tutor("check", in: project.root)
        expectCleanFailure(check, mentions: fragments, before: before, after: pages(project), project: project, sourceLocation: sourceLocation)
        let build = try tutor("build", in: project.root)
        expectCleanFailure(build, mentions: fragments, before: before, after: pages(project), project: project, sourceLocation: sourceLocation)
    }

    @Test func anOutputRowPastTheValidConvolutionIsRefusedByCheckNotFirstByTheBuild() throws {
        // "swift step=onePixel row=" is 24 bytes from column 4: the value is at column 28.
        try expectRefused("step=onePixel row=26", goodInfo: "step=onePixel row=25",
                          mentioning: ["chapters/01-one.md:3:28", "output row 26 does not exist", "3×3 kernel", "rows 0 to 25"])
    }

    @Test func aColumnThatALargerLiteralKernelCannotReachIsRefused() throws {
        let five = "[[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]]"
        try expectRefused("step=onePixel kernel=\(five) column=24", goodInfo: "step=onePixel kernel=\(five) column=23",
                          mentioning: ["chapters/01-one.md:3:", "output column 24 does not exist", "5×5 kernel", "columns 0 to 23"])
    }

    @Test func aTemperatureSoSmallTheLogitsOverflowIsRefusedWhereNaNWasPrinted() throws {
        // Logits divided by 1e-300 are infinite, and softmax of them NaN: once printed as "-nan".
        try expectRefused("step=softmaxTemperature temperatures=[1e-300]", goodInfo: "step=softmaxTemperature temperatures=[0.01]",
                          before: ["step=trainSample epochs=1", "step=softmaxDigit"],
                          mentioning: ["chapters/01-one.md:9:", "parameter 'temperatures' of step 'softmaxTemperature' is a list of 1 to 12 numbers, each from 0.01 to 1000"])
    }

    @Test func noTemperaturesAtAllIsRefused() throws {
        try expectRefused("step=softmaxTemperature temperatures=[]", goodInfo: "step=softmaxTemperature temperatures=[2]",
                          before: ["step=trainSample epochs=1", "step=softmaxDigit"],
                          mentioning: ["chapters/01-one.md:9:", "a list of 1 to 12 numbers"])
    }

    @Test func anEmptyListIsRefusedWhereTheStepNeedsAValue() throws {
        try expectRefused("step=validPadding sizes=[]", goodInfo: "step=validPadding sizes=[3]",
                          mentioning: ["chapters/01-one.md:3:", "parameter 'sizes' of step 'validPadding' is a list of 1 to 14 numbers, each from 1 to 27"])
    }

    @Test func anEvenKernelSizeIsRefusedByTheStepsRule() throws {
        try expectRefused("step=validPadding sizes=[3,4]", goodInfo: "step=validPadding sizes=[3,5]",
                          mentioning: ["chapters/01-one.md:3:", "step 'validPadding'", "odd whole numbers, not 4"])
    }

    @Test func aKernelSizeLargerThanTheDigitIsRefused() throws {
        try expectRefused("step=validPadding sizes=[29]", goodInfo: "step=validPadding sizes=[27]",
                          mentioning: ["chapters/01-one.md:3:", "each from 1 to 27"])
    }

    @Test func aLiteralKernelWithAWeightTooLargeForFloatIsRefused() throws {
        try expectRefused("step=reluMap kernel=[[1e300]]", goodInfo: "step=reluMap kernel=[[2]]",
                          mentioning: ["chapters/01-one.md:3:", "weights from -1000000 to 1000000"])
    }

    @Test func aGradientWhoseSquareWouldOverflowIsRefused() throws {
        try expectRefused("step=adamSteps gradient=1e300", goodInfo: "step=adamSteps gradient=100",
                          mentioning: ["chapters/01-one.md:3:", "parameter 'gradient' of step 'adamSteps' is a number from -1000000 to 1000000"])
    }

    @Test func aCommandLineValueThatBreaksAStepsRuleIsNamedAsTheCommandLine() throws {
        let project = try project(cell: "step=onePixel row=10")
        defer { project.remove() }
        let before = pages(project)
        let result = try tutor("run", "1", "--set", "row=26", in: project.root)
        expectCleanFailure(result, mentions: ["--set row=26", "output row 26 does not exist"], before: before, after: pages(project), project: project)
    }

    @Test func aDivergingOptimizerInTheValleyStopsItsPathAndSaysSoInsteadOfPrintingNaN() throws {
        let project = try project(cell: "step=valley steepness=1000 learningRate=10 steps=100")
        defer { project.remove() }
        let result = try tutor("build", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        let page = try String(contentsOf: project.url("output/01-one.html"), encoding: .utf8)
        // The outputs, not the code: a helper shown with the step's code may well handle NaN.
        let outputs = page.components(separatedBy: "<div class=\"cell-outputs\"").dropFirst()
            .map { $0.components(separatedBy: "</section>")[0] }.joined()
        #expect(outputs.contains("SGD diverged"))
        for word in [">nan<", "-nan", " nan ", ">inf<", "NaN"] { #expect(!outputs.contains(word), "the page shows \(word)") }
    }

    /// Cells before the cell that makes what they need: the build refuses them all before running
    /// any cell, in the words of `tutor check`, and makes nothing in an output folder that was not there.
    @Test func cellsBeforeTheStateTheyNeedAreRefusedBeforeAnythingRuns() throws {
        let project = try Project(chapters: ["01-one.md": chapter(["step=reluHistogram", "step=linearCollapse", "step=reluHistogram bins=4", "step=reluMap"])])
        defer { project.remove() }
        let fragments = ["chapters/01-one.md:3:1: error: step 'reluHistogram' needs", "chapters/01-one.md:9:1: error: step 'reluHistogram' needs",
                         "the cell that makes it comes later (line 12, step 'reluMap')"]
        let check = try tutor("check", in: project.root)
        expectCleanFailure(check, mentions: fragments, before: [:], after: project.snapshot("fresh"), project: project)
        let build = try tutor("build", "--out", "fresh", in: project.root)
        expectCleanFailure(build, mentions: fragments, before: [:], after: project.snapshot("fresh"), project: project)
        #expect(!FileManager.default.fileExists(atPath: project.url("fresh").path), "\(build.all)")
        #expect(!build.all.contains("failed: no '"), "a cell ran: \(build.all)")
    }
}
