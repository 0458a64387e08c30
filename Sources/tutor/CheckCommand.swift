import ArgumentParser
import Book
import Lessons

/// `tutor check`: every chapter parsed, every step resolved, every parameter type-checked and
/// every fence body compared with its step's source, without running anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the chapters without running them: steps, parameters, and code in fences.")

    @Option(help: "The directory of chapter files (NN-slug.md).")
    var chapters = "chapters"

    func validate() throws {
        try BookOptions.requireNonEmpty(chapters, "--chapters")
    }

    func run() throws {
        let directory = BookOptions.loadChapters(chapters)
        let report = BookCheck.run(directory, registry: Lessons.registry)
        guard report.succeeded else { throw StandardStream.fail(report.diagnostics) }
        try StandardStream.output.write("checked \(report.chapters) chapters, \(report.cells) cells: no problems\n")
    }
}
