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
        try StandardStream.output.write((settings.title ?? Lessons.bookTitle) + "\n\n")
        try StandardStream.output.write(ChapterListing.text(directory, registry: Lessons.registry))
        if !directory.diagnostics.isEmpty { throw StandardStream.fail(directory.diagnostics) }
    }
}
