import Book
import CNN
import Lessons
import Foundation

/// The book settings file (`chapters/book.toml`) combined with the command line: an option given
/// on the command line wins, then the settings file, then the built-in default.
extension BookOptions {
    /// The settings of the book in `--chapters`, or the command fails with every problem in the file.
    func loadSettings() throws -> BookSettings {
        try Self.loadSettings(chapters)
    }

    static func loadSettings(_ chapters: String) throws -> BookSettings {
        do {
            return try BookSettings.load(chapters: resolve(chapters), chaptersDisplayPath: chapters)
        } catch {
            throw StandardStream.fail(error.all)
        }
    }

    /// `--sample`, else the file's `sample`, else `data/sample` beside the chapters folder;
    /// `--data`, else `$TUTOR_DATA`, else the file's `data`, else `data/mnist` beside the chapters folder.
    func dataSources(_ settings: BookSettings) -> DataSources {
        var sample = sampleURL, mnist = mnistURL
        var sampleOrigin: String?, mnistOrigin: String?
        if self.sample == nil, let folder = settings.sample {
            sample = BookSettings.folder(folder, chapters: chaptersURL)
            sampleOrigin = settings.origin(of: "sample")
        }
        if !mnistNamedHere, let folder = settings.data {
            mnist = BookSettings.folder(folder, chapters: chaptersURL)
            mnistOrigin = settings.origin(of: "data")
        } else if (data ?? "").isEmpty, mnistNamedHere {
            mnistOrigin = "the folder \(DataLocation.environmentVariable) names"
        }
        return Lessons.dataSources(sample: sample, mnist: mnist, sampleOrigin: sampleOrigin, mnistOrigin: mnistOrigin)
    }

    /// Only the sources whose folders the command line or `$TUTOR_DATA` names: what can be checked
    /// while the settings file, which may name the others, does not read.
    func dataSourcesNamedHere() -> DataSources {
        let named = ["sample": sample != nil, "mnist": mnistNamedHere]
        return DataSources(dataSources(BookSettings()).all.filter { named[$0.name] ?? true })
    }

    /// The book's seed: `--seed`, else the file's `seed`, else the default.
    func seed(_ settings: BookSettings) -> UInt64 {
        seed?.value ?? settings.seed ?? BuildOptions.defaultSeed
    }

    /// Where a build writes and what it reads, with the settings file applied.
    func buildOptions(_ settings: BookSettings) -> BuildOptions {
        var options = buildOptions
        options.data = dataSources(settings)
        options.seed = seed(settings)
        options.bookTitle = title ?? settings.title ?? Lessons.bookTitle
        return options
    }
}
