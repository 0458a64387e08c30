import ArgumentParser
import Book
import CNN
import Foundation
import Lessons

/// Where the book's inputs and outputs are: shared by `build` and `run`.
///
/// The output folder and the data belong to the book, so by default they are found next to its
/// chapters folder (`<chapters>/../output`, `<chapters>/../data/sample`, `<chapters>/../data/mnist`),
/// not in whatever folder the command happens to be typed in.
struct BookOptions: ParsableArguments {
    @Option(help: "The directory of chapter files (NN-slug.md).")
    var chapters = "chapters"

    @Option(help: ArgumentHelp("Where the book is written; its saved cell results go in OUT/.cache. (default: output, beside the chapters directory)",
                               valueName: "out"))
    var out: String?

    @Option(help: ArgumentHelp("The full MNIST directory (default: $TUTOR_DATA, then data in chapters/book.toml, then data/mnist beside the chapters directory).",
                               valueName: "data"))
    var data: String?

    @Option(help: ArgumentHelp("The sample digits shipped with the repository. (default: sample in chapters/book.toml, else data/sample beside the chapters directory)",
                               valueName: "sample"))
    var sample: String?

    @Flag(help: "Compute every cell again instead of reading saved results (build and run; tutor serve refuses it).")
    var noCache = false

    // `.unconditional`: `--seed -1` is a value to refuse as such, not a missing one (the same for
    // every number an option takes).
    @Option(parsing: .unconditional, help: ArgumentHelp("The seed of chapters whose front matter names none. (default: seed in chapters/book.toml, else 1)",
                                                        valueName: "n"))
    var seed: SeedArgument?

    @Option(help: ArgumentHelp("The book's title on every page. (default: title in chapters/book.toml)", valueName: "text"))
    var title: String?

    // `--out ''` is refused by the build's own output-folder check, which a library user gets too.
    func validate() throws {
        try Self.requireNonEmpty(chapters, "--chapters")
        try Self.requireNonEmpty(sample, "--sample")
        try Self.requireNonEmpty(data, "--data")
        _ = try seed?.validated("--seed")
        // The rules of `title` in book.toml.
        if let title, let problem = BookSettings.problem(withTitle: title) { throw ValidationError("--" + problem) }
    }

    /// An empty path would silently mean the current folder: a variable that was never set.
    static func requireNonEmpty(_ path: String?, _ option: String) throws {
        if path?.isEmpty == true { throw ValidationError("\(option) is empty (an unset variable?); name a folder") }
    }

    /// The book's own folder: the one that holds the chapters folder.
    private var bookRoot: URL { chaptersURL.deletingLastPathComponent() }

    var chaptersURL: URL { Self.resolve(chapters) }

    var outputURL: URL { out.map(Self.resolve) ?? bookRoot.appendingPathComponent("output") }

    /// How messages name the output folder: as typed, or the default as the chapters were typed
    /// (`../book/chapters` gives `../book/output`).
    var outputDisplayPath: String {
        if let out { return out }
        var typed = chapters
        while typed.count > 1 && typed.hasSuffix("/") { typed.removeLast() }
        guard !typed.isEmpty, ![".", ".."].contains((typed as NSString).lastPathComponent) else { return outputURL.path }
        return ((typed as NSString).deletingLastPathComponent as NSString).appendingPathComponent("output")
    }

    var sampleURL: URL { sample.map(Self.resolve) ?? bookRoot.appendingPathComponent("data/sample") }

    /// Whether the full MNIST's folder is named here, by `--data` or `$TUTOR_DATA`, rather than
    /// left to the settings file or the default.
    var mnistNamedHere: Bool {
        !(data ?? "").isEmpty || !(ProcessInfo.processInfo.environment[DataLocation.environmentVariable] ?? "").isEmpty
    }

    /// `--data`, else `$TUTOR_DATA`, else the book's own `data/mnist`.
    var mnistURL: URL {
        mnistNamedHere ? DataLocation.resolve(option: data) : bookRoot.appendingPathComponent(DataLocation.defaultRelativePath)
    }

    /// The book's data sources, in the folders these options name.
    var dataSources: DataSources {
        Lessons.dataSources(sample: sampleURL, mnist: mnistURL)
    }

    /// Where a build writes and what it reads.
    var buildOptions: BuildOptions {
        BuildOptions(chapters: chaptersURL, chaptersDisplayPath: chapters, output: outputURL,
                     outputDisplayPath: outputDisplayPath, data: dataSources, useCache: !noCache,
                     bookTitle: Lessons.bookTitle)
    }

    func loadChapters() -> ChapterDirectory { Self.loadChapters(chapters) }

    /// The chapters of `path`, named in diagnostics as the teacher typed it.
    static func loadChapters(_ path: String) -> ChapterDirectory {
        ChapterDirectory.load(resolve(path), displayPath: path)
    }

    static var currentDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    /// `path` as typed, made absolute against the current directory.
    static func resolve(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
    }
}
