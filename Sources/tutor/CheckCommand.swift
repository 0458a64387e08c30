import ArgumentParser
import Book
import Lessons

/// `tutor check`: the settings file read, every chapter parsed, every step resolved, every
/// parameter type-checked, every fence body compared with its step's source, and the data each
/// step reads found, without running anything. Every problem of every chapter is reported at once.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the book without running it: settings, steps, parameters, code in fences, and data.")

    @Option(help: "The directory of chapter files (NN-slug.md).")
    var chapters = "chapters"

    @Option(help: ArgumentHelp("The sample digits. (default: sample in chapters/book.toml, else data/sample beside the chapters directory)",
                               valueName: "sample"))
    var sample: String?

    @Option(help: ArgumentHelp("The full MNIST directory (default: $TUTOR_DATA, then data in chapters/book.toml, then data/mnist beside the chapters directory).",
                               valueName: "data"))
    var data: String?

    func validate() throws {
        try BookOptions.requireNonEmpty(chapters, "--chapters")
        try BookOptions.requireNonEmpty(sample, "--sample")
    }

    func run() throws {
        let book = try BookOptions.parse(["--chapters", chapters] + (sample.map { ["--sample", $0] } ?? []) + (data.map { ["--data", $0] } ?? []))
        // A bad settings file does not hide the chapters' problems: all are reported together.
        var settings = BookSettings()
        var problems: [Diagnostic] = []
        var settingsRead = true
        do {
            settings = try BookSettings.load(chapters: book.chaptersURL, chaptersDisplayPath: chapters)
        } catch {
            problems += error.all
            settingsRead = false
        }
        let directory = book.loadChapters()
        let report = BookCheck.run(directory, registry: Lessons.registry)
        problems += report.diagnostics
        // Where the file would send the build is unknown until it reads: the folders it may name
        // are then left unchecked, rather than the defaults reported missing in their place (with
        // advice to pass --sample for a folder the file does name).
        let sources = settingsRead ? book.dataSources(settings) : book.dataSourcesNamedHere()
        let dataProblems = DataSourceCheck.problemsBySource(in: directory.chapters, registry: Lessons.registry, data: sources)
        problems += dataProblems.all
        // From the folders the build would read, those that read: what each cell and each variant
        // asks of them (a label the sample holds), the sample's cells checked without the full MNIST.
        if settingsRead {
            problems += BookCheck.dataProblems(in: directory.chapters, registry: Lessons.registry, data: sources,
                                               skipping: dataProblems.unread)
        }
        guard problems.isEmpty else { throw StandardStream.fail(problems) }
        try StandardStream.output.write("checked \(report.chapters) chapter\(report.chapters == 1 ? "" : "s"), "
                                        + "\(report.cells) cell\(report.cells == 1 ? "" : "s"): no problems\n")
    }
}
