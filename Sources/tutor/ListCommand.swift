import ArgumentParser
import Book
import Lessons

/// `tutor list`: the chapters, their numbers and titles, and each chapter's steps.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the chapters and the steps of each.")

    @Option(help: "The directory of chapter files (NN-slug.md).")
    var chapters = "chapters"

    @Flag(help: "List every registered step and its parameters instead.")
    var steps = false

    func validate() throws {
        try BookOptions.requireNonEmpty(chapters, "--chapters")
    }

    func run() throws {
        if steps {
            try StandardStream.output.write(ChapterListing.steps(Lessons.registry))
            return
        }
        let settings = try BookOptions.loadSettings(chapters)
        let directory = BookOptions.loadChapters(chapters)
        // What loaded is listed, unknown steps marked; then the problems, in the words and places
        // `tutor check` gives them, and a failing exit, as `check`, `run` and `build` would.
        if !directory.chapters.isEmpty {
            try StandardStream.output.write((settings.title ?? Lessons.bookTitle) + "\n\n")
            try StandardStream.output.write(ChapterListing.text(directory, registry: Lessons.registry))
        }
        let problems = directory.diagnostics
            + directory.chapters.flatMap { BookCheck.blockingProblems(in: $0, registry: Lessons.registry) }
        if !problems.isEmpty { throw StandardStream.fail(problems) }
    }
}
