import ArgumentParser
import Book
import Foundation
import Lessons

/// `tutor build`: runs every chapter's cells and writes the book as HTML.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run every chapter's cells and write the book (index.html, one page per chapter).")

    @OptionGroup var book: BookOptions

    func run() throws {
        let status = StatusLine(isTerminal: StandardStream.error.isTerminal, width: TerminalCapabilities.columns(),
                                write: { StandardStream.error.writeOrRemember($0) })
        let options = book.buildOptions(try book.loadSettings())
        let builder = BookBuilder(registry: Lessons.registry, options: options)
        builder.sayWhatAStopLeaves()
        let summary = builder.build(report: status.handle)
        status.finish()
        if summary.wrotePages {
            Accomplished.note("wrote the book in \(book.outputDisplayPath) (\(summary.chaptersBuilt) \(summary.chaptersBuilt == 1 ? "chapter" : "chapters"))")
        }
        let open = summary.wrotePages ? "; open " + (book.outputDisplayPath as NSString).appendingPathComponent("index.html") : ""
        try StandardStream.output.write("\(summary)\(open)\n")
        if !summary.succeeded { throw ExitCode.failure }
    }
}
