import Foundation
import Testing

/// `chapters/book.toml` end to end: its title reaches the pages and `tutor list`, its seed and
/// folders are used, the command line wins over it, and a bad file stops every command cleanly
/// at its `path:line:column`.
@Suite struct BookSettingsFileTests {
    /// A chapter whose one cell reads the sample digits.
    private static let sampleChapter = """
        # Digits

        ```swift step=showDigit digit=3
        ```
        """

    /// A chapter whose one cell reads the full MNIST (and needs nothing an earlier cell makes).
    private static let mnistChapter = """
        # Full

        ```swift step=trainMNIST epochs=1
        ```
        """

    @Test func theTitleReachesEveryPageAndTheChapterList() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("title = \"Ink and Kernels\"\n", to: "chapters/book.toml")

        let build = try tutor("build", in: project.root)
        #expect(build.status == 0, "\(build.all)")
        for page in ["index.html", "01-first.html", "02-second.html"] {
            let html = try String(contentsOf: project.url("output/" + page), encoding: .utf8)
            #expect(html.contains("Ink and Kernels"), "\(page) lacks the title")
        }
        let list = try tutor("list", in: project.root)
        #expect(list.status == 0, "\(list.all)")
        #expect(list.stdout.hasPrefix("Ink and Kernels\n"), "\(list.stdout)")
    }

    @Test func theTitleOnTheCommandLineWinsOverTheFile() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("title = \"From the file\"\n", to: "chapters/book.toml")

        let build = try tutor("build", "--title", "From the command line", in: project.root)
        #expect(build.status == 0, "\(build.all)")
        let index = try String(contentsOf: project.url("output/index.html"), encoding: .utf8)
        #expect(index.contains("From the command line"))
        #expect(!index.contains("From the file"))
    }

    @Test func withoutAFileTheDefaultTitleIsUsed() throws {
        let project = try Project()
        defer { project.remove() }
        let list = try tutor("list", in: project.root)
        #expect(list.stdout.hasPrefix("Reading digits with a convolutional network\n"), "\(list.stdout)")
    }

    /// The seed is part of every cell's cache key, so which cells a rebuild runs says which seed it used.
    @Test func theSeedComesFromTheCommandLineThenTheFileAndAChapterSeedWinsForItsChapter() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("seed = 5\n", to: "chapters/book.toml")
        let first = try tutor("build", in: project.root)
        #expect(first.stdout.contains(" 3 cells run, 0 cached"), "\(first.all)")

        // The file now says 9, but --seed 5 wins: every cell is found in the cache.
        try project.write("seed = 9\n", to: "chapters/book.toml")
        let commandLine = try tutor("build", "--seed", "5", in: project.root)
        #expect(commandLine.stdout.contains(" 0 cells run, 3 cached"), "\(commandLine.all)")

        // Seed 9 from the file for chapter 1 (2 cells run); chapter 2 names seed 5 itself (cached).
        try project.write("---\nseed: 5\n---\n" + Project.secondChapter, to: "chapters/02-second.md")
        let file = try tutor("build", in: project.root)
        #expect(file.stdout.contains(" 2 cells run, 1 cached"), "\(file.all)")
    }

    @Test func theSampleFolderIsTakenRelativeToTheChaptersFolderAndTheCommandLineWins() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter])
        defer { project.remove() }
        try FileManager.default.moveItem(at: project.url("data/sample"), to: project.url("digits"))
        try project.write("sample = \"../digits\"\n", to: "chapters/book.toml")
        let moved = try tutor("build", in: project.root)
        #expect(moved.status == 0, "\(moved.all)")

        try project.write("sample = \"../nowhere\"\n", to: "chapters/book.toml")
        let before = project.snapshot()
        let missing = try tutor("build", in: project.root)
        // The folder came from the settings file: the message says where, so that it is corrected there.
        expectCleanFailure(missing, mentions: ["chapters/01-digits.md:3:1: error: step 'showDigit' reads the sample digits",
                                               project.url("nowhere").path + " (the folder 'sample' names in chapters/book.toml:1:10) "
                                                   + "does not exist; correct the setting, or pass --sample DIR"],
                           before: before, after: project.snapshot(), project: project)
        // Named on the command line, it is not said to come from the file.
        let typed = try tutor("build", "--sample", "nowhere", in: project.root)
        #expect(typed.status == 1 && !typed.all.contains("book.toml") && typed.all.contains("does not exist; pass --sample DIR"),
                "\(typed.all)")
        // The same for the `data` key and the full MNIST.
        try project.write("# Full\n\n```swift step=trainMNIST epochs=1\n```\n", to: "chapters/02-full.md")
        try project.write("sample = \"../digits\"\ndata = \"../no-mnist\"\n", to: "chapters/book.toml")
        let data = try start(["check"], in: project.root, environment: ["TUTOR_DATA": ""]).wait()  // empty: unset
        #expect(data.status == 1 && data.all.contains(project.url("no-mnist").path
                                                      + " (the folder 'data' names in chapters/book.toml:2:8) does not exist; run `tutor data --data "
                                                      + project.url("no-mnist").path + "` to fetch the files, or correct the setting"),
                "\(data.all)")
        // A build finds it while the cell runs (the folder is there, the files are not): the step
        // says the same, where the setting named the folder and what to fetch into it.
        try FileManager.default.createDirectory(at: project.url("no-mnist"), withIntermediateDirectories: true)
        let built = try start(["build"], in: project.root, environment: ["TUTOR_DATA": ""]).wait()
        #expect(built.status == 1 && built.all.contains("chapters/02-full.md:3:1: error: step 'trainMNIST' failed")
                    && built.all.contains("in " + project.url("no-mnist").path + " (the folder 'data' names in chapters/book.toml:2:8): run `tutor data --data "
                                          + project.url("no-mnist").path + "` to fetch the files, or correct the setting, or pass --data DIR."),
                "\(built.all)")
        try project.write("# Sample only\n", to: "chapters/02-full.md")

        let commandLine = try tutor("build", "--sample", "digits", in: project.root)
        #expect(commandLine.status == 0, "\(commandLine.all)")
    }

    @Test func aBadSettingsFileStopsEveryCommandAtItsLineAndColumn() throws {
        let project = try Project()
        defer { project.remove() }
        let built = try tutor("build", in: project.root)
        #expect(built.status == 0, "\(built.all)")
        let cases: [(text: String, mentions: [String])] = [
            ("seed = 1\ntitel = \"x\"\n", ["chapters/book.toml:2:1: error: unknown setting 'titel' (did you mean 'title'?)"]),
            ("seed = 1\nseed = 2\n", ["chapters/book.toml:2:1: error: 'seed' is given twice (first on line 1)"]),
            ("seed = many\n", ["chapters/book.toml:1:8: error: 'many' is neither a quoted string"]),
            ("title = \"open\n", ["chapters/book.toml:1:9: error: this string is never closed"]),
            ("sample = 3\n", ["chapters/book.toml:1:10: error: sample is a quoted string"]),
        ]
        for (text, mentions) in cases {
            try project.write(text, to: "chapters/book.toml")
            for command in [["build"], ["list"], ["check"], ["run", "chapter1"]] {
                let before = project.snapshot()
                let result = try tutor(command, in: project.root)
                expectCleanFailure(result, mentions: mentions, before: before, after: project.snapshot(), project: project)
            }
        }
    }

    @Test func aSettingsFileThatIsAFolderOrNotTextIsRefused() throws {
        let project = try Project()
        defer { project.remove() }
        try FileManager.default.createDirectory(at: project.url("chapters/book.toml"), withIntermediateDirectories: true)
        let before = project.snapshot()
        let folder = try tutor("build", in: project.root)
        expectCleanFailure(folder, mentions: ["chapters/book.toml: error: is a folder"], before: before, after: project.snapshot(), project: project)

        try FileManager.default.removeItem(at: project.url("chapters/book.toml"))
        try project.write(Data([0x74, 0x69, 0xFF, 0xFE]), to: "chapters/book.toml")
        let binary = try tutor("build", in: project.root)
        expectCleanFailure(binary, mentions: ["chapters/book.toml:1:3: error: the book settings are not UTF-8 text here"],
                           before: before, after: project.snapshot(), project: project)

        // At the line and column of the first byte that is not, as in a chapter.
        try project.write(Data("# c\n# d\ntitle = \"ok ".utf8) + Data([0xFF]) + Data("\"\n".utf8), to: "chapters/book.toml")
        let third = try tutor("check", in: project.root)
        expectCleanFailure(third, mentions: ["chapters/book.toml:3:13: error: the book settings are not UTF-8 text here"],
                           before: before, after: project.snapshot(), project: project)
    }

    /// A settings file with a mistake is reported; the folders it names are not then reported
    /// missing as the defaults (the sample it names on line 1 is there), while a folder the
    /// command line names is still checked.
    @Test func checkReportsABadSettingsFileWithoutFollowOnDataProblems() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter, "02-full.md": Self.mnistChapter])
        defer { project.remove() }
        try FileManager.default.createDirectory(at: project.url("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: project.url("data/sample"), to: project.url("elsewhere/sample"))
        try project.write("sample = \"../elsewhere/sample\"\nbogus = 1\n", to: "chapters/book.toml")
        let result = try tutor("check", "--data", try mnistDirectory(), in: project.root)
        expectCleanFailure(result, mentions: ["chapters/book.toml:2:1: error: unknown setting 'bogus'"],
                           before: [:], after: [:], project: project)
        #expect(!result.stderr.contains("01-digits.md") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")

        try FileManager.default.createDirectory(at: project.url("empty"), withIntermediateDirectories: true)
        let named = try tutor("check", "--data", "empty", in: project.root)
        expectCleanFailure(named, mentions: ["chapters/book.toml:2:1: error: unknown setting 'bogus'",
                                             "chapters/02-full.md:3:1: error: step 'trainMNIST' reads the full MNIST, but"],
                           before: [:], after: [:], project: project)
        #expect(!named.stderr.contains("01-digits.md"), "\(named.stderr)")
    }

    @Test func checkReportsTheSettingsAndEveryChaptersProblemsTogether() throws {
        let project = try Project(chapters: [
            "01-first.md": "# First\n\n```swift step=kernals\n```\n",
            "02-second.md": "# Second\n\n```swift step=lossCurve points=oops\n```\n",
        ])
        defer { project.remove() }
        try project.write("seed = x\n", to: "chapters/book.toml")
        let result = try tutor("check", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/book.toml:1:8: error:", "chapters/01-first.md:3:", "kernals",
                                              "chapters/02-second.md:3:", "points"],
                           before: [:], after: [:], project: project)
    }

    @Test func checkReportsDataThatIsNotThere() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter, "02-full.md": Self.mnistChapter])
        defer { project.remove() }
        try project.write("sample = \"../nowhere\"\n", to: "chapters/book.toml")
        try FileManager.default.createDirectory(at: project.url("empty"), withIntermediateDirectories: true)
        let result = try tutor("check", "--data", "empty", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/01-digits.md:3:1: error: step 'showDigit' reads the sample digits",
                                              "chapters/02-full.md:3:1: error: step 'trainMNIST' reads the full MNIST, but "
                                                  + project.url("empty").path + " lacks train-images-idx3-ubyte.gz"],
                           before: [:], after: [:], project: project)

        // A folder that is not there, or a file: said so, not "lacks the four files".
        let nowhere = try tutor("check", "--data", "nowhere", in: project.root)
        expectCleanFailure(nowhere, mentions: ["chapters/02-full.md:3:1: error: step 'trainMNIST' reads the full MNIST, but "
                                                + project.url("nowhere").path + " does not exist; run `tutor data --data "
                                                + project.url("nowhere").path + "` to fetch the files"],
                           before: [:], after: [:], project: project)
        try project.write("not a folder", to: "notes.txt")
        let file = try tutor("check", "--data", "notes.txt", in: project.root)
        expectCleanFailure(file, mentions: ["step 'trainMNIST' reads the full MNIST, but", "notes.txt", "not a folder"],
                           before: [:], after: [:], project: project)
        #expect(!nowhere.all.contains("lacks") && !file.all.contains("lacks"), "\(nowhere.all)\n\(file.all)")

        let fixed = try tutor("check", "--sample", "data/sample", "--data", try mnistDirectory(), in: project.root)
        #expect(fixed.status == 0, "\(fixed.all)")
    }

    /// Files that are there but do not read (empty, a label that is not a digit) fail the check
    /// as they would fail the build, not only files that are missing.
    @Test func checkReportsDataThatIsThereButDoesNotRead() throws {
        let project = try Project(chapters: ["01-digits.md": Self.sampleChapter, "02-full.md": Self.mnistChapter])
        defer { project.remove() }
        for file in MNISTNames.all { try project.write(Data(), to: "empty/" + file) }
        // A sample of one image whose label is 77.
        try project.write(Data([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28] + [UInt8](repeating: 0, count: 784)),
                          to: "badsample/sample-images-idx3-ubyte")
        try project.write(Data([0, 0, 8, 1, 0, 0, 0, 1, 77]), to: "badsample/sample-labels-idx1-ubyte")
        let result = try tutor("check", "--sample", "badsample", "--data", "empty", in: project.root)
        expectCleanFailure(result, mentions: ["chapters/01-digits.md:3:1: error: step 'showDigit' reads the sample digits, but its files in ", "badsample cannot be read: ",
                                              "label", "77",
                                              "chapters/02-full.md:3:1: error: step 'trainMNIST' reads the full MNIST, but its files in ", "empty cannot be read: ",
                                              "truncated"],
                           before: [:], after: [:], project: project)
        let build = try tutor("build", "--sample", "badsample", "--data", "empty", in: project.root)
        #expect(build.status == 1, "a build fails on what the check reports: \(build.all)")
    }
}

/// The four MNIST file names, uncompressed.
private enum MNISTNames {
    static let all = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
}

/// `tutor(...)` with the arguments as an array.
private func tutor(_ arguments: [String], in directory: URL) throws -> Finished {
    try start(arguments, in: directory, environment: [:]).wait(timeout: 300)
}
