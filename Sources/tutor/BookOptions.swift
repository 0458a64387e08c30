import ArgumentParser
import Book
import CNN
import Foundation

/// Where the book's inputs and outputs are: shared by `build` and `run`.
struct BookOptions: ParsableArguments {
    @Option(help: "The directory of chapter files (NN-slug.md).")
    var chapters = "chapters"

    @Option(help: "Where the book is written; its saved cell results go in OUT/.cache.")
    var out = "output"

    @Option(help: "The full MNIST directory (default: $TUTOR_DATA, then data/mnist).")
    var data: String?

    @Option(help: "The sample digits shipped with the repository.")
    var sample = "data/sample"

    @Flag(help: "Compute every cell again instead of reading saved results.")
    var noCache = false

    var currentDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    var chaptersURL: URL { URL(fileURLWithPath: chapters, relativeTo: currentDirectory).standardizedFileURL }
    var outputURL: URL { URL(fileURLWithPath: out, relativeTo: currentDirectory).standardizedFileURL }

    var dataDirectories: DataDirectories {
        DataDirectories(sample: URL(fileURLWithPath: sample, relativeTo: currentDirectory).standardizedFileURL,
                        mnist: DataLocation.resolve(option: data))
    }

    func loadChapters() -> ChapterDirectory { Self.loadChapters(chapters) }

    /// The chapters of `path`, named in diagnostics as the teacher typed it.
    static func loadChapters(_ path: String) -> ChapterDirectory {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return ChapterDirectory.load(URL(fileURLWithPath: path, relativeTo: here).standardizedFileURL, displayPath: path)
    }
}

/// Printing to the two standard streams.
enum BookTerminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Prints diagnostics to standard error and fails the command.
    static func fail(_ diagnostics: [Diagnostic]) -> ExitCode {
        for diagnostic in diagnostics { error(diagnostic.description + "\n") }
        return ExitCode.failure
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
}
