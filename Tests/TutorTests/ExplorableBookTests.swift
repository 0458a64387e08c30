import Foundation
import Testing

/// The explorable book through the `tutor` binary: bad variations are located errors that write
/// nothing, and a page's variant says what `tutor run --set` prints for the same values.
@Suite struct ExplorableBookTests {
    static let explorable = """
        # First

        ```swift step=onePixel kernel=sobelX digit=7 row=10 column=12 vary-kernel=all vary-digit=[3,7]
        ```
        """

    /// Builds a good project, then writes `info` as its only cell and expects `check` and
    /// `build` to fail at the located message with `output/` untouched.
    private func expectRefused(_ info: String, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let project = try Project(chapters: ["01-first.md": Self.explorable])
        defer { project.remove() }
        let good = try tutor("build", in: project.root)
        try #require(good.status == 0, "the good project must build first: \(good.all)", sourceLocation: sourceLocation)
        let before = project.snapshot()
        try project.write("# First\n\n```swift \(info)\n```\n", to: "chapters/01-first.md")
        for command in ["check", "build"] {
            let bad = try tutor(command, in: project.root)
            expectCleanFailure(bad, mentions: fragments, before: before, after: project.snapshot(), project: project, sourceLocation: sourceLocation)
        }
    }

    @Test func anUnknownParameterToVary() throws {
        try expectRefused("step=onePixel vary-digt=all",
                          mentioning: ["chapters/01-first.md:3:24:", "vary-digt: step 'onePixel' has no parameter 'digt' (did you mean 'digit'?)"])
    }

    @Test func aValueOutsideTheDeclaredType() throws {
        try expectRefused("step=onePixel vary-digit=[7,10]",  // "10" is at 38
                          mentioning: ["chapters/01-first.md:3:38:", "vary-digit: parameter 'digit' of step 'onePixel' is an integer from 0 to 9; found the integer 10"])
    }

    @Test func allForANumberWithoutAShortList() throws {
        try expectRefused("step=valley vary-learningRate=all",
                          mentioning: ["chapters/01-first.md:3:40:", "has no short list of values for 'all'"])
    }

    @Test func aGridOverTheBudget() throws {
        let rows = (0...25).map(String.init).joined(separator: ",")
        try expectRefused("step=onePixel vary-kernel=all vary-row=[\(rows)] vary-digit=[3,7]",
                          mentioning: ["chapters/01-first.md:3:24:", "over the budget of 100 variants per cell"])
    }

    @Test func aCombinationTheStepRefuses() throws {
        // A 5×5 kernel has output rows 0 to 23: row 25 is refused with it, though fine alone.
        let five = "[[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]]"
        try expectRefused("step=onePixel row=10 vary-kernel=[sobelX,\(five)] vary-row=[10,25]",
                          mentioning: ["chapters/01-first.md:3:", "step 'onePixel' refuses its arguments", "output row 25 does not exist"])
    }

    @Test func aRefusedCombinationWithALongValueStillSaysWhy() throws {
        let fifteen = "[" + Array(repeating: "[" + Array(repeating: "1", count: 15).joined(separator: ",") + "]", count: 15).joined(separator: ",") + "]"
        let project = try Project(chapters: ["01-first.md": "# First\n\n```swift step=onePixel row=20 vary-kernel=[sobelX,\(fifteen)]\n```\n"])
        defer { project.remove() }
        let check = try tutor("check", in: project.root)
        #expect(check.status == 1)
        #expect(check.stderr.contains("output row 20 does not exist"), "\(check.all)")
        #expect(check.stderr.split(separator: "\n").allSatisfy { $0.count < 400 }, "\(check.all)")
    }

    @Test func theOwnValueMustBeOffered() throws {
        try expectRefused("step=onePixel digit=7 vary-digit=[1,2]",
                          mentioning: ["chapters/01-first.md:3:43:", "does not offer the cell's own value 7"])
    }

    @Test func aPageOverItsBudgetIsLocatedAtTheCellThatTakesMostRoomAndWritesNoPage() throws {
        // Four cells of 98 variants each, every variant a sum of 225 terms: about 4.5 MB, and
        // under the budget without the largest.
        let cells = (0..<4).map { shift in
            let kernel = "[" + (0..<15).map { i in "[" + (0..<15).map { j in String((i * 15 + j + shift) % 7 - 3) }.joined(separator: ",") + "]" }
                .joined(separator: ",") + "]"
            return "```swift step=onePixel kernel=\(kernel) row=0 column=0 vary-row=[\((0..<14).map(String.init).joined(separator: ","))] "
                + "vary-column=[\((0..<7).map(String.init).joined(separator: ","))]\n```\n"
        }
        let project = try Project(chapters: ["01-first.md": Self.explorable])
        defer { project.remove() }
        try #require(try tutor("build", in: project.root).status == 0)
        // The cells ran, so the cache grew: the pages are what must not change.
        let pages = { project.snapshot().filter { !$0.key.hasPrefix(".cache/") } }
        let before = pages()
        try project.write("# First\n\n" + cells.joined(separator: "\n"), to: "chapters/01-first.md")
        let build = try tutor("build", in: project.root)
        expectCleanFailure(build, mentions: ["chapters/01-first.md:", ":1: error: the page of this chapter would take", "over the budget of 4.0 MB", "this cell's variants take", "offer fewer values"],
                           before: before, after: pages(), project: project)
    }

    @Test func theControlsAndTheCommandLineShowTheSameForTheSameValues() throws {
        let project = try Project(chapters: ["01-first.md": Self.explorable])
        defer { project.remove() }
        let build = try tutor("build", in: project.root)
        try #require(build.status == 0, "\(build.all)")
        let page = try String(contentsOf: project.url("output/01-first.html"), encoding: .utf8)
        let json = try #require(page.firstMatch(of: /<script type="application\/json" id="tutor_explore">(.*?)<\/script>/)?.output.1)
        let data = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let controls = try #require(data["controls"] as? [String: [String: Any]])
        let cell = try #require((data["cells"] as? [String: [String: Any]])?["1"])
        let variants = try #require(cell["variants"] as? [String: String])
        let kernels = try #require(controls["c1.kernel"]?["values"] as? [String])
        let digits = try #require(controls["c1.digit"]?["values"] as? [String])
        #expect(variants.count == kernels.count * digits.count)
        for (key, template) in variants where template != "own" {
            let indices = key.split(separator: ",").compactMap { Int($0) }
            let (kernel, digit) = (kernels[indices[0]], digits[indices[1]])
            // The sentence the page's variant shows, as the terminal prints it.
            let body = try #require(page.firstMatch(of: try Regex("<template id=\"\(template)\">([\\s\\S]*?)</template>"))?.output[1].substring)
            let sentence = try #require(String(body).firstMatch(of: /<p class="output-text">([^<]*)<\/p>/)?.output.1)
            let run = try tutor("run", "chapter1", "--no-pause", "--set", "kernel=\(kernel)", "--set", "digit=\(digit)", in: project.root)
            #expect(run.status == 0, "\(run.all)")
            #expect(run.stdout.contains(String(sentence).replacingOccurrences(of: "&#39;", with: "'")),
                    "kernel=\(kernel) digit=\(digit): the page says \(sentence)")
        }
    }
}
