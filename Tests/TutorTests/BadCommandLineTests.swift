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

    /// ArgumentParser ends these with 64; tutor with 1, as every other error (`expectCleanFailure`).
    @Test(arguments: [
        (["--bogus"], "Unknown option"), (["train", "--epochs", "0"], "--epochs"), (["run", "1", "--set", "digit"], "digit"),
        (["run", "1", "--set", "=3"], "--set"), (["build", "--chapters", ""], "--chapters is empty"),
        (["train", "--seed", "18446744073709551616"], "--seed"), (["new", "step", "Foo"], "Foo"),
    ])
    func aMistakeOnTheCommandLineEndsWithStatusOne(_ arguments: [String], _ mentioning: String) throws {
        // "error: " as every other error of tutor's says it ("tutor: error: ", "file:line:column: error: "),
        // not ArgumentParser's "Error: ".
        try expectRefused(arguments, mentioning: [mentioning, "error: "])
    }

    /// A path or value with ESC, a newline or U+202E in it is echoed as code points: it can neither
    /// restyle the terminal nor split the `path:line:column` line.
    @Test func anErrorEchoesControlCharactersAsCodePoints() throws {
        try expectRefused(["build", "--chapters", "ch\u{1B}[31m\napters"], mentioning: ["chU+001B[31mU+000Aapters: error:"])
        try expectRefused(["run", "chapter\u{202E}9"], mentioning: ["chapterU+202E9"])
        let project = try Project()
        defer { project.remove() }
        let result = try start(["train", "--epochs", "0\u{1B}[2J"], in: project.root).wait()
        #expect(result.status == 1 && !result.all.contains("\u{1B}") && result.all.contains("U+001B"), "\(result.all)")
    }

    /// A newline or tab in a folder a user names reaches messages in many ways (joined to a file
    /// name, inside a data error, in a check of the chapters): every one shows it as a code point,
    /// whichever command, and whether typed, in the environment or in `book.toml`.
    @Test func aLineBreakInANamedFolderIsShownAsACodePointInEveryMessage() throws {
        let project = try Project(chapters: ["01-full.md": "# Full\n\n```swift step=trainMNIST epochs=1\n```\n",
                                             "02-digits.md": "# Digits\n\n```swift step=showDigit\n```\n"])
        defer { project.remove() }
        let missing = project.root.path + "/no\nsuch\tfolder"
        for arguments in [["train", "--epochs", "1", "--data", missing], ["data", "--no-download", "--data", missing],
                          ["check", "--data", missing], ["check", "--sample", missing], ["build", "--sample", missing]] {
            let result = try start(arguments, in: project.root).wait()
            #expect(result.status == 1, "\(arguments): \(result.all)")
            #expect(!result.all.contains("no\nsuch") && !result.all.contains("such\tfolder"), "\(arguments): \(result.all)")
            #expect(result.all.contains("noU+000AsuchU+0009folder"), "\(arguments): \(result.all)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TUTOR_DATA"] = missing
        let fromEnvironment = try start(["check"], in: project.root, environment: environment).wait()
        #expect(fromEnvironment.status == 1 && fromEnvironment.all.contains("noU+000AsuchU+0009folder")
                && !fromEnvironment.all.contains("no\nsuch"), "\(fromEnvironment.all)")
        try project.write("sample = \"odd\\nfolder\"\n", to: "chapters/book.toml")
        let fromSettings = try start(["check"], in: project.root).wait()
        #expect(fromSettings.status == 1 && fromSettings.all.contains("oddU+000Afolder")
                && !fromSettings.all.contains("odd\nfolder"), "\(fromSettings.all)")
    }

    /// An argument whose bytes are not UTF-8 (Swift would read each bad byte as U+FFFD, and a path
    /// so read names another file) is refused, whatever the option, before any work.
    @Test func anArgumentThatIsNotUTF8IsRefused() throws {
        let project = try Project()
        defer { project.remove() }
        for script in [#""$TUTOR" build --title "$(printf 'caf\351')""#, #""$TUTOR" train --data "$(printf '/tmp/\377x')""#,
                       #""$TUTOR" check --chapters "$(printf 'ch\300apters')""#] {
            let result = try shell(script, in: project.root)
            #expect(result.status == 1 && result.stderr.contains("is not UTF-8 text") && result.stderr.contains("tutor: error: argument"),
                    "\(script): \(result.all)")
        }
        #expect(!FileManager.default.fileExists(atPath: project.url("output").path))
    }

    @Test func anUnknownChapterListsTheChaptersThereAre() throws {
        try expectRefused(["run", "chapter9"], mentioning: ["chapter9", "first", "second"])
    }

    /// "-1" would read as a short option, and the refusal would say the chapter is missing; it is
    /// an unknown chapter, wherever it stands among the options, and the value of an option stays its own.
    @Test func aNegativeChapterNumberIsAnUnknownChapter() throws {
        try expectRefused(["run", "-1"], mentioning: ["no chapter '-1'", "first", "second"])
        try expectRefused(["run", "--no-pause", "-20", "--step", "2"], mentioning: ["no chapter '-20'", "first"])
        try expectRefused(["run", "--step", "1", "-4"], mentioning: ["no chapter '-4'"])
        try expectRefused(["run", "1", "--step", "-2"], mentioning: ["--step counts from 1"])
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

    @Test func aNegativeStepSaysStepsCountFromOneNotThatAValueIsMissing() throws {
        try expectRefused(["run", "1", "--step", "-1"], mentioning: ["--step counts from 1"])
        try expectRefused(["run", "1", "--step=-1"], mentioning: ["--step counts from 1"])
    }

    @Test func aStepBeyondTheChapterSaysHowManyStepsItHas() throws {
        try expectRefused(["run", "1", "--step", "99"], mentioning: ["--step 99", "chapter1 has 2 steps", "from 1 to 2"])
    }

    @Test func setGivenTwiceForOneKeyIsRefusedNamingTheKey() throws {
        try expectRefused(["run", "1", "--set", "steps=2", "--set", "steps=3"], mentioning: ["'steps' twice", "steps=2", "steps=3"])
    }

    @Test func setWithAnEmptyKeyIsRefused() throws {
        try expectRefused(["run", "1", "--set", "=3"], mentioning: ["--set =3:1:1: error:"])
    }

    @Test func setWithAnEmptyValueIsRefused() throws {
        try expectRefused(["run", "1", "--set", "steps="], mentioning: ["--set steps=:1:7: error:", "needs a value"])
    }

    @Test func setForAParameterOnlyAnotherChapterHasIsRefused() throws {
        // lossCurve's `points` is a parameter of chapter 2, not of chapter 1.
        try expectRefused(["run", "1", "--set", "points=5"], mentioning: ["no step of chapter1 has a parameter 'points'"])
    }

    @Test func anEmptyChaptersFolderIsRefusedRatherThanReadingTheCurrentFolder() throws {
        for command in ["build", "list", "check", "run"] {
            let arguments = command == "run" ? ["run", "1", "--chapters", ""] : [command, "--chapters", ""]
            try expectRefused(arguments, mentioning: ["--chapters is empty"])
        }
    }

    @Test func anEmptySampleFolderIsRefused() throws {
        try expectRefused(["build", "--sample", ""], mentioning: ["--sample is empty"])
    }

    @Test func anEmptyChapterNameIsRefused() throws {
        try expectRefused(["run", ""], mentioning: ["the chapter is empty"])
    }

    @Test func aHugeChapterNameIsRefused() throws {
        // 21,000 characters: within the 128 KiB the kernel allows one argument.
        let name = String(repeating: "chapter", count: 3_000)
        try expectRefused(["run", name], mentioning: ["21000 characters long"])
    }

    /// Every numeric option of `train`, out of range, NaN or infinite: refused naming the option
    /// and its range, before any data is read.
    @Test(arguments: [
        (["--epochs", "1000000000"], "--epochs must be from 1 to 1000"),
        (["--epochs", "-5"], "--epochs must be from 1 to 1000"),
        (["--batch-size", "0"], "--batch-size must be from 1 to 60000"),
        (["--batch-size", "100000000"], "--batch-size must be from 1 to 60000"),
        (["--validation-split", "nan"], "--validation-split must be from 0.0 to 0.99"),
        (["--validation-split", "inf"], "--validation-split must be from 0.0 to 0.99"),
        (["--validation-split", "-0.5"], "--validation-split must be from 0.0 to 0.99"),
        (["--filters", "0"], "--filters must be from 1 to 256"),
        (["--filters", "1000000"], "--filters must be from 1 to 256"),
        (["--kernel-size", "-3"], "--kernel-size must be from 1 to 27"),
        (["--kernel-size", "4"], "--kernel-size must be odd"),
        (["--seed", "-1"], "--seed must be a whole number from 0 to"),
        // The seeds a book takes (book.toml, front matter, build --seed): up to 2^64 - 1, no further.
        (["--seed", "18446744073709551616"], "--seed must be a whole number from 0 to 18446744073709551615 (got '18446744073709551616')"),
        (["--seed", "1.5"], "--seed must be a whole number from 0 to 18446744073709551615 (got '1.5')"),
        (["--seed", "1e3"], "(got '1e3')"),
        // The rule of book.toml and front matter: no leading zero.
        (["--seed", "007"], "--seed must be a whole number from 0 to 18446744073709551615 (got '007'): it starts with 0, which a whole number here may not (TOML's rule)"),
        (["--learning-rate", "nan"], "--learning-rate must be above 0 and at most 10"),
        (["--learning-rate", "inf"], "--learning-rate must be above 0 and at most 10"),
        (["--learning-rate", "-0.1"], "--learning-rate must be above 0 and at most 10"),
        (["--learning-rate", "1e6"], "--learning-rate must be above 0 and at most 10"),
        (["--learning-rate", "1e-50"], "(got 1e-50, too small for a 32-bit float"),
        // Below a Double's range too: parsed as 0, quoted as typed.
        (["--learning-rate", "1e-400"], "(got 1e-400, too small for a 32-bit float"),
        (["--learning-rate", "0e5"], "(got 0e5)."),
        // Checked as typed: a Float would round it to 10.
        (["--learning-rate", "10.0000001"], "--learning-rate must be above 0 and at most 10.0 (got 10.0000001)"),
        // Nothing after the '=': the next option is not taken for the value.
        (["--epochs=", "--json"], "--epochs= has no value after the '='"),
        (["--learning-rate=", "--json"], "--learning-rate= has no value after the '='"),
    ])
    func aTrainingOptionOutOfItsRangeIsRefused(_ option: [String], _ message: String) throws {
        // A data folder that does not exist: were the option let through, the command would fail
        // later with a different message.
        try expectRefused(["train", "--data", "/nonexistent"] + option, mentioning: [message])
    }

    /// A negative number given to an option is read as its value and refused as such, never
    /// taken for an option of its own ("Missing value for '--seed <n>'").
    static let negativeNumbers: [([String], String)] = {
        var cases = [(["build", "--seed", "-1"], "--seed must be a whole number from 0 to 18446744073709551615 (got '-1')"),
                     (["run", "1", "--seed", "-7"], "--seed must be a whole number from 0 to 18446744073709551615 (got '-7')")]
        #if TUTOR_SERVE  // (the AddressSanitizer build has no `serve`)
        cases += [(["serve", "--port", "-1"], "--port -1 is not a port"),
                  (["serve", "--long-runs", "-2"], "--long-runs"),
                  (["serve", "--cache-limit", "-5"], "--cache-limit")]
        #endif
        return cases
    }()

    @Test(arguments: negativeNumbers)
    func aNegativeNumberIsRefusedAsTheOptionsValue(_ arguments: [String], _ message: String) throws {
        try expectRefused(arguments, mentioning: [message])
    }

    #if TUTOR_SERVE
    /// A size or a host name `serve` cannot use says what is wrong and what it takes.
    @Test(arguments: [
        (["--cache-limit", "1.5G"], "--cache-limit 1.5G is not a size: give a whole number of bytes, or of K, M or G, such as 500M or 2G (no fractions"),
        (["--cache-limit", "5T"], "--cache-limit 5T is not a size: give a whole number"),
        (["--cache-limit", "99999999999999999999G"], "--cache-limit 99999999999999999999G is more bytes than this computer can count"),
        (["--cache-limit", "9999999999G"], "is more bytes than this computer can count"),
        (["--allow-host", "*"], "--allow-host '*' is not a host name"),
        (["--allow-host", "a..b"], "--allow-host 'a..b' is not a host name"),
        (["--allow-host", "x:80"], "without a port"),
    ])
    func aServeOptionItCannotUseSaysWhatItTakes(_ option: [String], _ message: String) throws {
        try expectRefused(["serve"] + option, mentioning: [message])
    }
    #endif

    @Test func aNumberThatIsNotOneNamesTheOptionAndItsRange() throws {
        try expectRefused(["train", "--epochs", "many"], mentioning: ["'many' is invalid for '--epochs <epochs>'", "from 1 to 1000"])
    }
}
