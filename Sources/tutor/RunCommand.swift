import ArgumentParser
import Book
import Foundation
import Lessons

/// `tutor run chapter3`: a chapter in the terminal, one step at a time.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Present a chapter in the terminal: prose, code, then results, one step at a time.",
        discussion: """
            Results saved by `tutor build` in OUT/.cache are used, and new ones saved there, when the \
            output folder exists; otherwise every cell runs and nothing is written.
            """)

    @Argument(help: "The chapter: chapter3, 3, its name (softmax), or its title (\"The MNIST run\").")
    var chapter: String

    @Flag(help: "Run straight through without waiting for Enter (the default when input or output is not a terminal).")
    var noPause = false

    // Parsed .unconditional, so that `--step -1` reaches validate() instead of reading as a
    // missing value followed by an option named "-1".
    @Option(parsing: .unconditional, help: "Start at step N (from 1); the steps before it still run, quietly, for what they compute.")
    var step = 1

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Override a parameter for this run, type-checked like the chapter's own: key=value for every step that takes it, N.key=value for step N alone.", valueName: "key=value"))
    var overrides: [String] = []

    @OptionGroup var book: BookOptions

    /// The options of `run` that take a value: the argument after one is that value.
    static let optionsWithValues: Set = ["--step", "--set", "--chapters", "--out", "--data", "--sample", "--seed", "--title"]

    /// `arguments` with a chapter typed as a negative number (`tutor run -1`) moved after a `--`,
    /// where ArgumentParser reads it as the chapter: otherwise it reads "-1" as a short option and
    /// says the chapter is missing. So it gets the answer any other unknown chapter gets, "no
    /// chapter '-1'; the chapters are: ...". Other commands' arguments are returned as they are.
    static func chapterNumbersAsValues(_ arguments: [String]) -> [String] {
        guard arguments.first == "run" else { return arguments }
        let options = arguments.prefix { $0 != "--" }
        var moved: [String] = [], kept: [String] = []
        for (i, argument) in options.enumerated() {
            let isValue = i > 1 && optionsWithValues.contains(options[i - 1])
            let digits = argument.utf8.dropFirst()
            if i > 0, !isValue, argument.hasPrefix("-"), !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) {
                moved.append(argument)
            } else {
                kept.append(argument)
            }
        }
        guard !moved.isEmpty else { return arguments }
        let rest = arguments.dropFirst(options.count)
        return kept + ["--"] + moved + rest.dropFirst()
    }

    /// Longer than any chapter's name; a guard against a pasted file or a runaway variable.
    static let longestChapterName = 100

    func validate() throws {
        guard !chapter.isEmpty else { throw ValidationError("the chapter is empty; name one: chapter3, 3, or its name (softmax)") }
        guard chapter.count <= Self.longestChapterName else {
            throw ValidationError("the chapter name is \(chapter.count) characters long; name one in at most \(Self.longestChapterName): chapter3, 3, or its name (softmax)")
        }
        // A --step out of range, 0 and below included, is the walkthrough's to refuse, in one form
        // ("--step 0: error: chapter2 has 3 steps; --step counts from 1 to 3").
        var seen: [String: String] = [:]
        for text in overrides {
            let override: Override
            // Its own located message (`--set steps=:1:7: error: ...`), not wrapped in ArgumentParser's "Error: ".
            do { override = try Override.parse(text) } catch { throw StandardStream.fail([error]) }
            let key = (override.cell.map { "\($0)." } ?? "") + override.parameter.name
            if let first = seen[key] {
                throw ValidationError("--set gives '\(Excerpt.of(key))' twice (\(Excerpt.of(first)) and \(Excerpt.of(text))); give each parameter once")
            }
            seen[key] = text
        }
    }

    func run() throws {
        let bookSettings = try book.loadSettings()
        let directory = book.loadChapters()
        let found: Chapter
        do {
            found = try directory.chapter(named: chapter)
        } catch {
            // No chapters for a reason already said (no such folder, an unreadable one): "no
            // chapter '1'; the chapters are: none" under it would only repeat it.
            let said = directory.chapters.isEmpty && !directory.diagnostics.isEmpty
            throw StandardStream.fail(directory.diagnostics + (said ? [] : [error]))
        }
        let overrides = try self.overrides.map { try Override.parse($0) }
        let settings = RunSettings(seed: found.options.seed ?? book.seed(bookSettings), data: book.dataSources(bookSettings),
                                   registry: Lessons.registry,
                                   cache: try cache(), readCache: !book.noCache)
        let terminal = TerminalCapabilities.detect()
        if terminal.color != .none { TerminalCapabilities.resetColorsOnStop() }
        // A pause waits for a key the teacher can only press, and whose prompt they can only see,
        // when both ends are the terminal: `tutor run 1 > notes.txt` runs straight through.
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let walkthrough: ChapterWalkthrough
        do {
            walkthrough = try ChapterWalkthrough(chapter: found, registry: Lessons.registry, overrides: overrides, settings: settings,
                                                 presenter: TerminalPresenter(terminal: terminal),
                                                 pause: !noPause && interactive, firstStep: step)
        } catch {
            throw StandardStream.fail(error.all)
        }
        // What `tutor build` would refuse or warn of in this chapter, said before it is presented
        // (a teacher rehearsing with `run` learns of it before the book fails to build), but not
        // in the way: the terminal has no links to follow, nor pictures to miss.
        // And what stops `tutor build` in the chapters folder itself (a badly named file, a number
        // two files use), and the other chapters that do not load: never skipped in silence.
        for problem in directory.diagnostics { printError(problem.asWarning.description) }
        for warning in LinkCheck.presentingWarnings(in: found, book: directory.chapters, alsoChapters: Set(directory.unloaded.map(\.fileName)),
                                                    chaptersFolder: book.chaptersURL,
                                                    registry: Lessons.registry) {
            printError(warning.description)
        }
        let status = StatusLine(isTerminal: StandardStream.error.isTerminal, width: TerminalCapabilities.columns(),
                                write: { StandardStream.error.writeOrRemember($0) })
        defer { status.finish() }
        do {
            try walkthrough.run(write: { text throws(WriteFailure) in try StandardStream.output.write(text) },
                                progress: { status.handle(.stepProgress($0)) })
        } catch let error as Diagnostic {
            status.finish()  // before the message, so the line is not left drawn over it
            throw StandardStream.fail([error])
        }
    }

    /// The book's cache, OUT/.cache, when the output folder exists; otherwise none: presenting a
    /// chapter never makes folders. An output folder a build would refuse is refused here too.
    private func cache() throws -> CellCache? {
        let options = book.buildOptions
        do {
            try OutputFolder.check(options, forWriting: false)
        } catch {
            throw StandardStream.fail([error])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.output.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        let cache = CellCache(directory: options.cacheDirectory)
        // Saved results are read all the same; that new ones are not saved is said, not skipped in silence.
        do {
            try cache.checkWritable(consequence: "the chapter is presented, but its new results are not saved; make it writable to keep them")
        } catch {
            printError(error.asWarning.description)
        }
        return cache
    }
}
