import ArgumentParser
import Book
import Lessons

/// `tutor build`: runs every chapter's cells and writes the book as HTML.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run every chapter's cells and write the book (index.html, one page per chapter).")

    @OptionGroup var book: BookOptions

    func run() throws {
        let options = BuildOptions(chapters: book.chaptersURL, chaptersDisplayPath: book.chapters, output: book.outputURL,
                                   data: book.dataDirectories, useCache: !book.noCache)
        let status = StatusLine(isTerminal: BookTerminal.standardErrorIsTerminal, width: TerminalCapabilities.columns(),
                                write: BookTerminal.error)
        let summary = BookBuilder(registry: Lessons.registry, options: options).build(report: status.handle)
        status.finish()
        BookTerminal.output("\(summary); open \(book.out)/index.html\n")
        if !summary.succeeded { throw ExitCode.failure }
    }
}
