import ArgumentParser
import Book
import Lessons

/// `tutor run chapter3`: a chapter in the terminal, one step at a time.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Present a chapter in the terminal: prose, code, then results, one step at a time.")

    @Argument(help: "The chapter: chapter3, 3, or its name (softmax).")
    var chapter: String

    @Flag(help: "Run straight through without waiting for Enter (the default when input is not a terminal).")
    var noPause = false

    @Option(help: "Start at step N; the steps before it still run, quietly, for what they compute.")
    var step = 1

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a parameter for this run, type-checked like the chapter's own.", valueName: "key=value"))
    var overrides: [String] = []

    @OptionGroup var book: BookOptions

    func validate() throws {
        guard step >= 1 else { throw ValidationError("--step counts from 1") }
        for text in overrides {
            do { _ = try Override.parse(text) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let directory = book.loadChapters()
        let found: Chapter
        do {
            found = try directory.chapter(named: chapter)
        } catch {
            throw BookTerminal.fail(directory.diagnostics + [error])
        }
        let overrides = try self.overrides.map { try Override.parse($0) }
        let settings = RunSettings(seed: found.options.seed ?? BuildOptions.defaultSeed, data: book.dataDirectories,
                                   registry: Lessons.registry,
                                   cache: CellCache(directory: book.outputURL.appendingPathComponent(".cache")),
                                   readCache: !book.noCache)
        let walkthrough: ChapterWalkthrough
        do {
            walkthrough = try ChapterWalkthrough(chapter: found, registry: Lessons.registry, overrides: overrides, settings: settings,
                                                 presenter: TerminalPresenter(terminal: .detect()),
                                                 pause: !noPause && BookTerminal.standardInputIsTerminal, firstStep: step)
        } catch {
            throw BookTerminal.fail(error.all)
        }
        let status = StatusLine(isTerminal: BookTerminal.standardErrorIsTerminal, width: TerminalCapabilities.columns(),
                                write: BookTerminal.error)
        do {
            try walkthrough.run(write: BookTerminal.output, progress: { status.handle(.stepProgress($0)) })
            status.finish()
        } catch {
            status.finish()
            throw BookTerminal.fail([error])
        }
    }
}
