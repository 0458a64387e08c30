import Foundation
import Testing

/// Chapters an outside tester wrote to break the parser: deep nesting, cells Markdown would drop,
/// front matter in other encodings, special files, near-miss names. Each is tried with both
/// `tutor build` and `tutor check`: a located message, a non-zero exit, no crash, `output/` as it was.
@Suite struct BadChapterInputTests {
    /// Builds the good project, replaces chapter 1 with `chapter`, then runs `build` and `check`.
    private func expectBothFail(_ chapter: Data, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectBothFail(mentioning: fragments, sourceLocation: sourceLocation) { try $0.write(chapter, to: "chapters/01-first.md") }
    }

    private func expectBothFail(_ chapter: String, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectBothFail(Data(chapter.utf8), mentioning: fragments, sourceLocation: sourceLocation)
    }

    private func expectBothFail(mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
                                _ change: (Project) throws -> Void) throws {
        let project = try Project()
        defer { project.remove() }
        let good = try tutor("build", in: project.root)
        try #require(good.status == 0, "the good project must build first: \(good.all)", sourceLocation: sourceLocation)
        let before = project.snapshot()
        try change(project)
        for command in ["build", "check"] {
            let bad = try tutor(command, in: project.root, timeout: 120)
            expectCleanFailure(bad, mentions: fragments, before: before, after: project.snapshot(), project: project, sourceLocation: sourceLocation)
            // A 1 MB name in the chapter must not become a 1 MB line on the terminal.
            #expect(bad.all.split(separator: "\n").allSatisfy { $0.count < 2000 }, "an overlong line from \(command)", sourceLocation: sourceLocation)
        }
    }

    private static let head = "# First\n\n"

    // MARK: Unbounded recursion

    @Test func tenThousandNestedFractionsInInlineMath() throws {
        let tex = String(repeating: "\\frac{", count: 10_000) + "x" + String(repeating: "}{y}", count: 10_000)
        try expectBothFail(Self.head + "See $" + tex + "$.\n", mentioning: ["chapters/01-first.md:3:", "nests more than"])
    }

    @Test func aHundredThousandNestedBracesInDisplayMath() throws {
        let tex = String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000)
        try expectBothFail(Self.head + "```math\n" + tex + "\n```\n", mentioning: ["chapters/01-first.md:4:51", "nests more than"])
    }

    @Test func aHundredThousandNestedQuotes() throws {
        try expectBothFail(Self.head + String(repeating: ">", count: 100_000) + " deep\n", mentioning: ["chapters/01-first.md:3:", "nest more than"])
    }

    @Test func aHundredThousandNestedListMarkers() throws {
        try expectBothFail(Self.head + String(repeating: "- ", count: 100_000) + "deep\n", mentioning: ["chapters/01-first.md:3:", "nest more than"])
    }

    @Test func aThousandListsNestedByIndentation() throws {
        let lists = (0..<1000).map { String(repeating: " ", count: 2 * $0) + "- item\n" }.joined()
        try expectBothFail(Self.head + lists, mentioning: ["chapters/01-first.md:", "nest more than"])
    }

    @Test func fiftyThousandNestedEmphases() throws {
        let text = String(repeating: "*a ", count: 50_000) + "x" + String(repeating: " a*", count: 50_000)
        try expectBothFail(Self.head + text + "\n", mentioning: ["chapters/01-first.md:3:", "nest more than"])
    }

    @Test func aHundredThousandNestedListsInAnInfoString() throws {
        try expectBothFail(Self.head + "```swift step=kernels x=" + String(repeating: "[", count: 100_000) + "\n```\n",
                           mentioning: ["chapters/01-first.md:3:", "nest at most"])
    }

    // MARK: Cells that would vanish

    @Test func aCellInsideAQuote() throws {
        try expectBothFail(Self.head + "> ```swift step=kernels\n> ```\n", mentioning: ["chapters/01-first.md:3:3", "inside a quote"])
    }

    @Test func aCellInAListItemIndentedWithATab() throws {
        try expectBothFail(Self.head + "-\t```swift step=kernels\n\t```\n", mentioning: ["chapters/01-first.md:3:3", "list item"])
    }

    @Test func aTildeCellInsideANestedQuote() throws {
        try expectBothFail(Self.head + "> > ~~~swift step=kernels\n> > ~~~\n", mentioning: ["chapters/01-first.md:3:5", "inside a quote"])
    }

    @Test func aCellInsideAnHTMLBlock() throws {
        try expectBothFail(Self.head + "<div>\n```swift step=kernels\n```\n</div>\n", mentioning: ["chapters/01-first.md:4:1", "HTML block"])
    }

    @Test func aCellIndentedIntoAnIndentedCodeBlock() throws {
        try expectBothFail(Self.head + "    ```swift step=kernels\n    ```\n", mentioning: ["chapters/01-first.md:3:5", "indented code block"])
    }

    @Test func stepFollowedByAZeroWidthSpace() throws {
        try expectBothFail(Self.head + "```swift step\u{200B}=kernels\n```\n", mentioning: ["chapters/01-first.md:3:14", "U+200B"])
    }

    @Test func aNoBreakSpaceBetweenSwiftAndStep() throws {
        try expectBothFail(Self.head + "```swift\u{A0}step=kernels\n```\n", mentioning: ["chapters/01-first.md:3:9", "U+00A0"])
    }

    @Test func aByteOrderMarkBeforeAFenceMidChapter() throws {
        try expectBothFail(Self.head + "Prose.\n\n\u{FEFF}```swift step=kernels\n", mentioning: ["chapters/01-first.md:5:2", "U+FEFF"])
    }

    @Test func anUppercaseLanguage() throws {
        try expectBothFail(Self.head + "```Swift step=kernels\n```\n", mentioning: ["chapters/01-first.md:3:4", "lower case"])
    }

    @Test func parametersSeparatedByCommas() throws {
        try expectBothFail(Self.head + "```swift,step=kernels\n```\n", mentioning: ["chapters/01-first.md:3:9", "not ','"])
    }

    @Test func aClosingFenceForgottenMidChapter() throws {
        let chapter = Self.head + "```swift step=kernels\n\n## Later section\n\nProse.\n\n```swift step=adamSteps gradient=0.5 steps=2\n```\n\nEnd.\n"
        try expectBothFail(chapter, mentioning: ["chapters/01-first.md:3:1", "still open at line 9"])
    }

    // MARK: Front matter and encodings

    @Test func aFrontMatterKeyGivenTwice() throws {
        try expectBothFail("---\nseed: 1\nseed: 2\n---\n" + Self.head, mentioning: ["chapters/01-first.md:3:1", "given twice (first on line 2)"])
    }

    @Test func frontMatterWithWindowsLineEndingsIsRead() throws {
        // A bad value reported at its place proves the front matter was read, not printed as a heading.
        try expectBothFail("---\r\nseed: x\r\n---\r\n# First\r\n", mentioning: ["chapters/01-first.md:2:7", "seed is a whole number"])
    }

    @Test func frontMatterAfterAByteOrderMarkIsRead() throws {
        try expectBothFail("\u{FEFF}---\nraw-html: maybe\n---\n" + Self.head, mentioning: ["chapters/01-first.md:2:11", "true or false"])
    }

    @Test func anUnclosedFrontMatter() throws {
        try expectBothFail("---\nseed: 1\n" + Self.head, mentioning: ["chapters/01-first.md:1:1", "never closed"])
    }

    @Test func aMegabyteUnknownFrontMatterKeyIsQuotedShort() throws {
        try expectBothFail("---\n" + String(repeating: "k", count: 1_000_000) + ": v\n---\n" + Self.head,
                           mentioning: ["chapters/01-first.md:2:1", "unknown front matter key 'kkkk", "…"])
    }

    @Test func aMegabyteParameterNameIsQuotedShort() throws {
        try expectBothFail(Self.head + "```swift step=kernels " + String(repeating: "k", count: 1_000_000) + "\n```\n",
                           mentioning: ["chapters/01-first.md:3:", "…' needs '='"])
    }

    /// An unknown step's name, an unknown parameter's and an unclosed fence of 100,000 characters
    /// are quoted short too (each name was cut at the parser's 1,000 characters, and printed so).
    @Test func longStepNamesParameterNamesAndFencesAreQuotedShort() throws {
        let long = String(repeating: "z", count: 100_000)
        try expectBothFail(Self.head + "```swift step=" + long + "\n```\n", mentioning: ["chapters/01-first.md:3:", "unknown step 'zzz", "…'"])
        try expectBothFail(Self.head + "```swift step=kernels " + long + "=1\n```\n",
                           mentioning: ["chapters/01-first.md:3:", "has no parameter 'zzz", "…'"])
        try expectBothFail(Self.head + String(repeating: "`", count: 100_000) + "swift step=kernels\n",
                           mentioning: ["chapters/01-first.md:3:1", "this ```…(100000 backticks) fence is never closed"])
    }

    @Test func aUTF16FileWithAByteOrderMark() throws {
        var data = Data([0xFF, 0xFE])
        for unit in Self.head.utf16 { data += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try expectBothFail(data, mentioning: ["chapters/01-first.md:1:1", "UTF-16", "save it as UTF-8"])
    }

    @Test func aNULByte() throws {
        try expectBothFail(Data("# First\n\nCafé".utf8) + Data([0]) + Data("\n".utf8), mentioning: ["chapters/01-first.md:3:5", "NUL"])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        // C a f é ␠ 😀 ␠ $ \ : the command starts at character 9 (byte 13).
        try expectBothFail(Self.head + "Café 😀 $\\nosuch$\n", mentioning: ["chapters/01-first.md:3:9:", "unknown command \\nosuch"])
    }

    @Test func aChapterSavedWithWindowsOrOldMacLineEndingsBuildsTheSamePages() throws {
        let chapter = "---\nseed: 3\n---\n" + Project.firstChapter + "\n\n| a | b |\n|---|---|\n| 1 | $x$ |\n\n> A quote.\n"
        var pages: [String: [String]] = [:]
        for (name, ending) in [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r"), ("BOM+CRLF", "\r\n")] {
            let text = (name.hasPrefix("BOM") ? "\u{FEFF}" : "") + chapter.replacingOccurrences(of: "\n", with: ending)
            let project = try Project(chapters: ["01-first.md": text])
            defer { project.remove() }
            let result = try tutor("build", in: project.root)
            try #require(result.status == 0, "\(name): \(result.all)")
            pages[name] = try ["01-first.html", "index.html"].map { try String(contentsOf: project.url("output/" + $0), encoding: .utf8) }
        }
        #expect(pages["LF"]?[0].contains("seed: 3") == false, "the front matter is read, not shown")
        for name in ["CRLF", "CR", "BOM+CRLF"] {
            #expect(pages[name] == pages["LF"], "\(name) differs from LF")
        }
    }

    // MARK: Special files and names

    @Test func aFIFOIsNotARegularFileAndDoesNotBlock() throws {
        try expectBothFail(mentioning: ["chapters/03-pipe.md", "FIFO", "not a regular file"]) { project in
            try #require(mkfifo(project.url("chapters/03-pipe.md").path, 0o644) == 0)
        }
    }

    @Test func aSymlinkLoopIsCalledOne() throws {
        try expectBothFail(mentioning: ["chapters/03-loop.md", "symlink loop"]) { project in
            try FileManager.default.createSymbolicLink(atPath: project.url("chapters/03-loop.md").path, withDestinationPath: "03-loop.md")
        }
    }

    @Test func aDanglingSymlinkNamesItsTarget() throws {
        try expectBothFail(mentioning: ["chapters/03-gone.md", "symbolic link to '/nonexistent/chapter.md'"]) { project in
            try FileManager.default.createSymbolicLink(atPath: project.url("chapters/03-gone.md").path, withDestinationPath: "/nonexistent/chapter.md")
        }
    }

    /// A link to a chapter file the book does not have, or to a section a chapter does not have,
    /// would be dead on the page: check and build refuse it where it is written, before any cell runs.
    @Test func aLinkToAChapterOrSectionThatIsNotThereIsRefusedWhereItIsWritten() throws {
        let chapter = Self.head + "See [the second](02-second.md), [its cell](02-second.md#cell-1), [this cell](#cell-1),\n"
            + "[the web](https://example.com/99-x.md) and [a page](02-second.html).\n\n"
            + "Then [gone](99-nope.md) and\n[no such part](02-second.md#no-such-part) and [here](#nowhere).\n"
            + "[a](99-nope.md?x) [b](%39%39-nope.md) [c](99-q.html) [d](./02-second.md?x#nope) [e](02-second.html#cell-1).\n\n"
            + "```swift step=lossCurve points=20\n```\n"
        try expectBothFail(chapter, mentioning: [
            "chapters/01-first.md:6:6: error: this links to '99-nope.md', which is not a chapter of this book; its chapters are 01-first.md, 02-second.md",
            "chapters/01-first.md:7:1: error: this links to '#no-such-part' in 02-second.md, which has no section or cell of that name",
            "chapters/01-first.md:7:47: error: this links to '#nowhere' in this chapter",
            // However the link is written: with a query, %-escaped, as the page, through `./`.
            "chapters/01-first.md:8:1: error: this links to '99-nope.md', which is not a chapter of this book",
            "chapters/01-first.md:8:19: error: this links to '%39%39-nope.md', which is not a chapter of this book",
            "chapters/01-first.md:8:39: error: this links to '99-q.html', which is not a chapter of this book",
            "chapters/01-first.md:8:54: error: this links to '#nope' in 02-second.md, which has no section or cell of that name",
        ])
    }

    /// What build refuses in a chapter's links and pictures, `tutor run` warns of, each at the same
    /// place in the same words: a rehearsal with `run` learns what the build will stop on.
    @Test func runWarnsOfEveryLinkAndPictureTheBuildRefuses() throws {
        let project = try Project(chapters: [
            "01-first.md": Self.head + "See [x](nofile.md), ![p](fig/missing.png), [z](05-nochapter.md) and [w](sub/notes.pdf).\n\n"
                + "```swift step=lossCurve points=20\n```\n",
        ])
        defer { project.remove() }
        let check = try tutor("check", in: project.root)
        let errors = check.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init)
        #expect(check.status == 1 && errors.count == 4, "\(check.all)")
        let run = try tutor("run", "1", in: project.root)
        #expect(run.status == 0, "\(run.all)")
        for error in errors {
            let warning = error.replacingOccurrences(of: ": error: ", with: ": warning: ")
            #expect(run.stderr.contains(warning), "run does not say: \(warning)\n\(run.all)")
        }
    }

    /// A chapter that build refuses is not drawn, but the warnings drawing would give (an address
    /// left out of the page) are said with its errors, as check says them all.
    @Test func aRefusedChapterStillHasItsWarningsSaid() throws {
        let project = try Project(chapters: [
            "01-first.md": "---\nraw-html: true\n---\n# First\n\n<img src=\"x.png\">\n\n<a href=\"javascript:alert(1)\">a</a>\n",
            "02-second.md": Project.secondChapter,
        ])
        defer { project.remove() }
        let build = try tutor("build", in: project.root)
        #expect(build.status == 1 && build.stderr.contains("chapters/01-first.md:6:11: error: this picture 'x.png' is not there")
                    && build.stderr.contains("chapters/01-first.md:8:10: warning: this link's address 'javascript:alert(1)' is left out of the page"),
                "\(build.all)")
    }

    /// A cell that needs what no earlier cell makes is refused by run before anything runs, in
    /// the words of check and build, with every other problem of the chapter.
    @Test func runRefusesACellThatNeedsWhatNoEarlierCellMakesAsCheckDoes() throws {
        let project = try Project(chapters: ["01-first.md": Self.head + "```swift step=softmaxTemperature temperatures=[]\n```\n"])
        defer { project.remove() }
        let check = try tutor("check", in: project.root)
        let run = try tutor("run", "1", in: project.root)
        let errors = { (result: Finished) in result.stderr.split(separator: "\n").filter { $0.contains(": error: ") } }
        #expect(check.status == 1 && errors(check).count == 3 && run.status == 1 && errors(run) == errors(check), "\(check.all)\n\(run.all)")
    }

    /// A picture that is a symbolic link to nothing is said to be one, not given a hint about case.
    @Test func aPictureThatIsALinkToNothingIsSaidToBeOne() throws {
        let project = try Project(chapters: ["01-first.md": Self.head + "![a](a.png)\n"])
        defer { project.remove() }
        try FileManager.default.createSymbolicLink(atPath: project.url("chapters/a.png").path, withDestinationPath: "gone.png")
        let check = try tutor("check", in: project.root)
        #expect(check.status == 1 && check.stderr.contains("chapters/01-first.md:3:1: error: this picture 'a.png' is not there: there is no file chapters/a.png; "
                                                           + "it is a symbolic link to 'gone.png', which does not exist")
                    && !check.stderr.contains("differs only in case"), "\(check.all)")
    }

    @Test func linksToChaptersAndSectionsThatAreThereBuild() throws {
        let project = try Project(chapters: [
            "01-first.md": "# First\n\n## Why it works\n\nSee [why](#why-it-works), [next](02-second.md#the-end) and [cell](02-second.md#cell-1).\n",
            "02-second.md": Project.secondChapter + "\n\n## The end\n\nBack to [the start](01-first.md), [again](./01-first.md?v=2#why-it-works).\n",
        ])
        defer { project.remove() }
        let result = try tutor("build", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        let page = String(decoding: project.snapshot()["01-first.html"] ?? Data(), as: UTF8.self)
        #expect(page.contains("href=\"02-second.html#the-end\""), "\(page.prefix(3000))")
        let second = String(decoding: project.snapshot()["02-second.html"] ?? Data(), as: UTF8.self)
        #expect(second.contains("href=\"01-first.html#why-it-works\""), "a chapter link written through ./ with a query goes to the page")
    }

    /// A picture a chapter shows from a file of its own is copied into the book at the same path,
    /// so the page shows it wherever the book is opened; a rebuild leaves the copy alone.
    @Test func aPictureBesideTheChaptersIsCopiedIntoTheBook() throws {
        let project = try Project(chapters: [
            "01-first.md": "# First\n\n![The network](figures/net%20work.png) and ![again](./figures/../figures/net%20work.png#x),\n"
                + "[from the web](https://example.com/a.png), ![inline](data:image/png;base64,iVBORw0KGgo=).\n\n"
                + "[The slides](slides/week%201.pdf), [the licence](../LICENSE), [next](02-second.md), [here](#first).\n\n"
                // 230 bytes: a name the file system takes, though its temporary copy's name must be shorter.
                + "![A long name](figures/" + String(repeating: "a", count: 226) + ".png)\n",
            "02-second.md": Project.secondChapter,
        ])
        defer { project.remove() }
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        try project.write(png, to: "chapters/figures/net work.png")
        try project.write("%PDF-1.4 slides", to: "chapters/slides/week 1.pdf")
        try project.write(png, to: "chapters/figures/" + String(repeating: "a", count: 226) + ".png")
        try project.write("The licence", to: "LICENSE")
        let check = try tutor("check", in: project.root)
        #expect(check.status == 0, "\(check.all)")
        let result = try tutor("build", in: project.root)
        #expect(result.status == 0, "\(result.all)")
        let book = project.snapshot()
        #expect(book["figures/net work.png"] == png, "\(book.keys.sorted())")
        #expect(book["slides/week 1.pdf"] == Data("%PDF-1.4 slides".utf8), "\(book.keys.sorted())")
        #expect(book["figures/" + String(repeating: "a", count: 226) + ".png"] == png)
        // A file outside the chapters folder is linked as written, and not copied.
        #expect(!book.keys.contains { $0.contains("LICENSE") })
        let page = String(decoding: book["01-first.html"] ?? Data(), as: UTF8.self)
        #expect(page.contains("src=\"figures/net%20work.png\""), "\(page.prefix(3000))")
        // Nothing else of the chapters folder is copied.
        #expect(!book.keys.contains { $0.hasSuffix(".md") || $0.contains("example.com") })
        // A changed picture is copied again; an unchanged one is not rewritten.
        let copied = project.root.appendingPathComponent("output/figures/net work.png")
        let firstWrite = try FileManager.default.attributesOfItem(atPath: copied.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try tutor("build", in: project.root).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: copied.path)[.modificationDate] as? Date == firstWrite)
        try project.write(png + [4], to: "chapters/figures/net work.png")
        #expect(try tutor("build", in: project.root).status == 0)
        #expect(project.snapshot()["figures/net work.png"] == png + [4])
    }

    /// A text file named like a picture, an HTML page saved in its place, or an empty one would
    /// most likely be a broken picture on the page: each is said at the place the chapter shows
    /// it (a warning from `build`, which still copies it; a problem for `check`). A JPEG named
    /// `.png` is a picture (browsers go by the bytes), and nothing is said.
    @Test func aFileThatIsNoPictureIsRefusedWhereItIsShown() throws {
        let project = try Project(chapters: ["01-first.md": "# First\n\n![a](a.png) ![b](b.png)\n\n![c](c.svg) ![d](d.png) ![e](e.jpg)\n"])
        defer { project.remove() }
        try project.write("not a picture", to: "chapters/a.png")
        try project.write("<!DOCTYPE html><html><body>Not found</body></html>", to: "chapters/b.png")
        try project.write("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", to: "chapters/c.svg")
        try project.write(Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2]), to: "chapters/d.png")
        try project.write(Data(), to: "chapters/e.jpg")
        let result = try tutor("check", in: project.root)
        #expect(result.status == 1, "\(result.all)")
        #expect(result.stderr.contains("chapters/01-first.md:3:1: warning: this picture 'a.png' is not a picture: chapters/a.png starts with none of the kinds"),
                "\(result.stderr)")
        #expect(result.stderr.contains("chapters/01-first.md:3:13: warning: this picture 'b.png' is not a picture") && result.stderr.contains("it is an HTML page"),
                "\(result.stderr)")
        #expect(result.stderr.contains("chapters/01-first.md:5:25: warning: this picture 'e.jpg' is empty"), "\(result.stderr)")
        #expect(!result.stderr.contains("'c.svg'") && !result.stderr.contains("'d.png'"), "\(result.stderr)")
        let build = try tutor("build", in: project.root)
        #expect(build.status == 0 && build.stderr.contains("chapters/01-first.md:3:1: warning: this picture 'a.png' is not a picture"), "\(build.all)")
        #expect(project.snapshot()["a.png"] == Data("not a picture".utf8), "copied all the same")
    }

    /// A file no chapter names any more leaves the book, with the folders it leaves empty; a
    /// file the build did not copy, and one a failed chapter's old page still shows, stay.
    @Test func aPictureNoChapterNamesAnyMoreLeavesTheBook() throws {
        let project = try Project(chapters: ["01-first.md": "# First\n\n![a](figures/old/a.png) ![b](figures/b.png)\n",
                                             "02-second.md": "# Second\n\n![c](c.png)\n"])
        defer { project.remove() }
        for name in ["figures/old/a.png", "figures/b.png", "c.png"] { try project.write(pictureBytes(), to: "chapters/" + name) }
        #expect(try tutor("build", in: project.root).status == 0)
        try project.write("mine", to: "output/figures/mine.png")
        // The first chapter drops a.png; the second fails (a step that does not exist), and keeps c.png.
        try project.write("# First\n\n![b](figures/b.png)\n", to: "chapters/01-first.md")
        try project.write("# Second\n\n```swift step=noSuchStep\n```\n", to: "chapters/02-second.md")
        let failed = try tutor("build", in: project.root)
        #expect(failed.status != 0, "\(failed.all)")
        var book = project.snapshot()
        #expect(book["figures/old/a.png"] != nil && book["c.png"] != nil, "a failed build removes nothing: \(book.keys.sorted())")
        try project.write("# Second\n\nNo picture.\n", to: "chapters/02-second.md")
        let built = try tutor("build", in: project.root)
        #expect(built.status == 0, "\(built.all)")
        book = project.snapshot()
        #expect(book["figures/old/a.png"] == nil && book["c.png"] == nil, "\(book.keys.sorted())")
        #expect(!FileManager.default.fileExists(atPath: project.url("output/figures/old").path), "its empty folder goes too")
        #expect(book["figures/b.png"] != nil && book["figures/mine.png"] == Data("mine".utf8), "\(book.keys.sorted())")
        // A file of the reader's own where a new picture would go is refused, never replaced.
        try project.write("mine", to: "output/figures/new.png")
        try project.write(pictureBytes(), to: "chapters/figures/new.png")
        try project.write("# First\n\n![b](figures/b.png) ![n](figures/new.png)\n", to: "chapters/01-first.md")
        let refused = try tutor("build", in: project.root)
        #expect(refused.status != 0 && refused.stderr.contains("chapters/01-first.md:3:21: error: cannot copy figures/new.png into the book: "
                                                                + "output/figures/new.png is a file the book did not write"), "\(refused.all)")
        #expect(project.snapshot()["figures/new.png"] == Data("mine".utf8))
        // Without a record (a cache deleted), a different file is still refused.
        try FileManager.default.removeItem(at: project.url("output/.cache"))
        let noRecord = try tutor("build", in: project.root)
        #expect(noRecord.status != 0 && noRecord.stderr.contains("output/figures/new.png is a file the book did not write"), "\(noRecord.all)")
        #expect(project.snapshot()["figures/new.png"] == Data("mine".utf8))
        // A page of one's own where a new chapter's page goes: refused, never replaced.
        try FileManager.default.removeItem(at: project.url("output/figures/new.png"))
        try project.write("<html>MY OWN PAGE</html>\n", to: "output/03-third.html")
        try project.write("# Third\n\nText.\n", to: "chapters/03-third.md")
        let page = try tutor("build", in: project.root)
        #expect(page.status != 0 && page.stderr.contains("03-third.html is a page the book did not write"), "\(page.all)")
        #expect(project.snapshot()["03-third.html"] == Data("<html>MY OWN PAGE</html>\n".utf8))
        // A link of one's own where a page goes: refused, the link kept (the book never makes one).
        try FileManager.default.removeItem(at: project.url("output/03-third.html"))
        try project.write("<html>MINE</html>\n", to: "mine.html")
        try FileManager.default.createSymbolicLink(atPath: project.url("output/03-third.html").path, withDestinationPath: project.url("mine.html").path)
        let link = try tutor("build", in: project.root)
        #expect(link.status != 0 && link.stderr.contains("03-third.html is a symbolic link, which the book never makes"), "\(link.all)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: project.url("output/03-third.html").path)) == project.url("mine.html").path)
        #expect(try String(contentsOf: project.url("mine.html"), encoding: .utf8) == "<html>MINE</html>\n")
    }

    /// A picture that is not there, or that the book cannot take (outside the chapters folder, a
    /// hidden file, not a picture, a folder, a FIFO), is refused where it is written, by check and
    /// build, before anything runs; nothing is copied.
    @Test func aPictureTheBookCannotShowIsRefusedWhereItIsWritten() throws {
        let chapter = Self.head + "![a](figures/missing.png) ![b](../outside.png) ![c](figures/.hidden.png)\n"
            + "![d](notes/index.html) ![e](figures) ![f](figures/pipe.png) ![g](figures/a/../../../x.png)\n"
            + "[gone](notes/missing.pdf) and [the contents](index.html) and [a folder](notes).\n"
            + "![h](index.html/x.png) ![i](figures/..) ![j](figures/a%2Fb.png) ![k](figures/elsewhere.png) ![l](figures/huge.png)\n"
            + "![m](figures/a/b.png/) [n](api/x.pdf) ![o](Style.CSS/x.png) ![p](99-q.html/x.png)\n"
            + "![q](figures//a/b.png) [r](notes//slides.pdf)\n\n"
            + "```swift step=lossCurve points=20\n```\n"
        try expectBothFail(mentioning: [
            "chapters/01-first.md:3:1: error: this picture 'figures/missing.png' is not there: there is no file chapters/figures/missing.png",
            "chapters/01-first.md:3:27: error: this picture '../outside.png' is outside the chapters folder",
            "chapters/01-first.md:3:48: error: this picture 'figures/.hidden.png' is in a hidden folder or file",
            "chapters/01-first.md:4:1: error: this picture 'notes/index.html' is not a picture file the book copies: name a .avif, .gif, .jpeg, .jpg, .png, .svg or .webp file",
            "chapters/01-first.md:4:24: error: this picture 'figures' is not a picture file",
            "chapters/01-first.md:4:38: error: this picture 'figures/pipe.png' is not a file: chapters/figures/pipe.png is not a regular file",
            "chapters/01-first.md:4:61: error: this picture 'figures/a/../../../x.png' is outside the chapters folder",
            "chapters/01-first.md:5:1: error: the file this links to, 'notes/missing.pdf', is not there: there is no file chapters/notes/missing.pdf",
            "chapters/01-first.md:5:31: error: the file this links to, 'index.html', would take the place of the book's own 'index.html'",
            "chapters/01-first.md:5:62: error: the file this links to, 'notes', is not a file: chapters/notes is a folder",
            "chapters/01-first.md:6:1: error: this picture 'index.html/x.png' would take the place of the book's own 'index.html'",
            "chapters/01-first.md:6:24: error: this picture 'figures/..' names the chapters folder itself, not a file",
            "chapters/01-first.md:6:41: error: this picture 'figures/a%2Fb.png' holds an encoded slash (%2F or %5C)",
            "chapters/01-first.md:6:65: error: this picture 'figures/elsewhere.png' is a link to ",
            "outside the chapters folder: the book copies only the files the folder holds",
            "chapters/01-first.md:6:93: error: this picture 'figures/huge.png' is 65 MB; the book copies files of at most 64 MB",
            "chapters/01-first.md:7:1: error: this picture 'figures/a/b.png/' ends with '/', which names a folder",
            "chapters/01-first.md:7:24: error: the file this links to, 'api/x.pdf', would take the place of tutor serve's own 'api'",
            "chapters/01-first.md:7:39: error: this picture 'Style.CSS/x.png' would take the place of the book's own 'style.css'",
            "chapters/01-first.md:7:61: error: this picture '99-q.html/x.png' would take a chapter page's name ('99-q.html')",
            "chapters/01-first.md:8:1: error: this picture 'figures//a/b.png' holds '//', an empty part no server finds a file by",
            "chapters/01-first.md:8:24: error: the file this links to, 'notes//slides.pdf', holds '//'",
        ]) { project in
            try project.write(chapter, to: "chapters/01-first.md")
            try project.write(Data([1]), to: "chapters/figures/.hidden.png")
            try project.write("<p>a page</p>", to: "chapters/notes/index.html")
            #expect(mkfifo(project.root.appendingPathComponent("chapters/figures/pipe.png").path, 0o644) == 0)
            try project.write(Data([1]), to: "chapters/index.html/x.png")
            try project.write(Data([1]), to: "chapters/figures/a/b.png")
            try project.write(Data([2]), to: "elsewhere.png")
            try FileManager.default.createSymbolicLink(at: project.url("chapters/figures/elsewhere.png"), withDestinationURL: project.url("elsewhere.png"))
            // Sparse: 65 MB that take no room.
            #expect(FileManager.default.createFile(atPath: project.url("chapters/figures/huge.png").path, contents: nil))
            #expect(truncate(project.url("chapters/figures/huge.png").path, 65 << 20) == 0)
        }
    }

    /// The folder's README is notes, as in any repository: not a chapter, not an error.
    @Test func aReadmeBesideTheChaptersIsLeftAlone() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("# Notes for the teacher\n\nNot a chapter.\n", to: "chapters/README.md")
        for command in ["check", "build"] {
            let result = try tutor(command, in: project.root)
            #expect(result.status == 0 && !result.all.contains("README"), "\(command): \(result.all)")
        }
        #expect(!project.snapshot().keys.contains { $0.lowercased().contains("readme") })
    }

    @Test(arguments: [("07-x.MD", "07-x.md"), ("7-x.md", "07-x.md"), ("07_x.md", "07-x.md"), ("07-x.markdown", "07-x.md"), ("07-Intro.md", "07-intro.md"),
                        ("03-ünï.md", "03-uni.md"), ("4_Éléments.md", "04-elements.md")])
    func aNearMissChapterNameIsAnErrorWithTheRightName(name: String, suggestion: String) throws {
        try expectBothFail(mentioning: ["chapters/\(name)", "NN-slug.md", "rename it '\(suggestion)'"]) { project in
            try project.write("# Seven\n\nProse.\n", to: "chapters/" + name)
        }
    }

    /// The right name for `1-b.md` is `01-b.md`, unless `01-first.md` is there: then following
    /// the advice would only trade one error for "chapter number 01 is used by both". The
    /// message names the clash and the first free number after the one meant.
    @Test(arguments: [("1-b.md", "01-first.md", "03-b.md"), ("2_Z.md", "02-second.md", "03-z.md")])
    func aNearMissNameWhoseNumberIsTakenIsToldAFreeOne(name: String, holder: String, suggestion: String) throws {
        try expectBothFail(mentioning: ["chapters/\(name)", "NN-slug.md", "with \(holder)", "such as '\(suggestion)'"]) { project in
            try project.write("# Seven\n\nProse.\n", to: "chapters/" + name)
        }
        let project = try Project()
        defer { project.remove() }
        try project.write("# Seven\n\nProse.\n", to: "chapters/" + name)
        let result = try tutor("check", in: project.root)
        #expect(result.status != 0 && !result.all.contains("rename it '0"), "\(result.all)")
    }
}
