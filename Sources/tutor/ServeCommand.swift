#if TUTOR_SERVE
import ArgumentParser
import Book
import Classroom
import Foundation
import Lessons

/// `tutor serve`: the book live in the browser, for a class. Every parameter of every cell is a
/// control; a chapter file saved shows up in the open pages; `/present/N` presents chapter N.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the book live: every parameter editable in the browser, chapters reloaded as they are saved.",
        discussion: """
            Listens on 127.0.0.1 (this computer only) unless --host says otherwise; with --host 0.0.0.0 \
            it prints the addresses students on the same network can open. Results are shared with \
            tutor build through OUT/.cache, so a built book serves at once. Ctrl-C stops it.
            """)

    @OptionGroup var book: BookOptions

    @Option(parsing: .unconditional, help: "The port to listen on (0: any free port).")
    var port = 8000

    @Option(help: "The address to listen on: 127.0.0.1 for this computer only, 0.0.0.0 for every network it is on.")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "How many long steps (trainings) run at once; the others wait in line.")
    var longRuns = 1

    @Option(name: .customLong("allow-host"), help: ArgumentHelp(
        "A name readers may open the server by besides its addresses and localhost (repeatable), such as teacher.local.",
        discussion: "Other names are refused, so a web page elsewhere cannot reach the book through a name of its own (DNS rebinding).",
        valueName: "name"))
    var allowedHosts: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "How much this session may add to OUT/.cache, as 500M or 2G (0: keep nothing new).",
        discussion: "Past it, the results it added and used least lately are deleted; what tutor build saved is never touched.",
        valueName: "size"))
    var cacheLimit = ByteCount(bytes: ClassroomOptions.defaultCacheLimit).text

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port: give 0 to 65535") }
        guard !host.isEmpty else { throw ValidationError("--host is empty; give an address such as 127.0.0.1") }
        guard (1...16).contains(longRuns) else { throw ValidationError("--long-runs \(longRuns): give 1 to 16") }
        _ = try ByteCount.parse(cacheLimit)
        if book.noCache { throw ValidationError("tutor serve reads the saved results it needs; --no-cache is for tutor build") }
        // A name as a Host header gives it: letters, numerals, '-' and '.' (a '*' would match no
        // request, and a port or a path is not part of a name).
        for name in allowedHosts where name.isEmpty || name.hasPrefix(".") || name.hasSuffix(".") || name.contains("..")
            || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) {
            throw ValidationError("--allow-host '\(Excerpt.of(name))' is not a host name: give a name such as teacher.local, "
                                  + "of letters, numerals, '-' and '.', without a port or a wildcard")
        }
    }

    func run() throws {
        // `--host 0` is `--host 0.0.0.0` to the system: every check and message below sees it so.
        let host = ServeAddresses.canonical(self.host)
        let settings = try book.loadSettings()
        let built = book.buildOptions(settings)
        // A folder with no chapter at all is a mistake at the start (a wrong --chapters), not a
        // page to show: said now. Once serving, a chapter that breaks is shown on its page.
        let loaded = book.loadChapters()
        if loaded.chapters.isEmpty { throw StandardStream.fail(loaded.diagnostics) }
        // The server keeps every result in OUT/.cache: a folder it cannot write would lose them
        // all without a word (a cache write that fails is skipped), so it is refused as by build.
        do {
            try OutputFolder.check(built, forWriting: true)
        } catch {
            throw StandardStream.fail([error])
        }
        let sources = book.chaptersURL.deletingLastPathComponent().appendingPathComponent("Sources")
        var options = ClassroomOptions(
            registry: Lessons.registry, chapters: built.chapters, chaptersDisplayPath: built.chaptersDisplayPath, data: built.data,
            cacheDirectory: built.cacheDirectory, seed: built.seed, bookTitle: built.bookTitle, host: host, port: port,
            longRunsAtOnce: longRuns, stepSources: FileManager.default.fileExists(atPath: sources.path) ? sources : nil,
            allowedHosts: allowedHosts, cacheLimit: try ByteCount.parse(cacheLimit).bytes)
        // Dead links and missing pictures: the pages still serve, the teacher's terminal says where.
        options.onBookProblems = { problems in
            for problem in problems { printError(problem.description) }
        }
        let classroom = Classroom(options: options)
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                try await classroom.run { port in
                    StandardStream.output.writeOrRemember(ServeAddresses.announcement(host: host, port: port))
                }
            } catch {
                outcome.error = error
            }
            finished.signal()
        }
        finished.wait()
        // The cache checked before listening, and refused: said as `tutor build` says it.
        if let diagnostic = outcome.error as? Diagnostic { throw StandardStream.fail([diagnostic]) }
        if let error = outcome.error {
            printError("tutor: error: cannot listen on \(host) port \(port): \(ServeAddresses.describe(error))")
            throw ExitCode.failure
        }
        StandardStream.output.writeOrRemember("Stopped.\n")
    }
}

/// A size in bytes, written as a number with an optional K, M or G (powers of 1024): `500M`.
struct ByteCount {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    /// `500M`, `2G`, `64K`, `1000` (bytes), a `B` after any; the error says what is wrong.
    static func parse(_ argument: String) throws -> ByteCount {
        let text = argument.uppercased().hasSuffix("B") ? String(argument.dropLast()) : argument
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let unit = text.last.flatMap { units[Character($0.uppercased())] }
        let numerals = unit == nil ? text : String(text.dropLast())
        let tooLarge = ValidationError("--cache-limit \(Excerpt.of(argument)) is more bytes than this computer can count")
        guard let number = Int(numerals), number >= 0 else {
            if !numerals.isEmpty, numerals.allSatisfy({ $0.isASCII && $0.isNumber }) { throw tooLarge }
            throw ValidationError("--cache-limit \(Excerpt.of(argument)) is not a size: give a whole number of bytes, or of K, M or G, such as 500M or 2G"
                                  + (numerals.contains(".") ? " (no fractions: 1536M, not 1.5G)" : ""))
        }
        let (product, overflow) = number.multipliedReportingOverflow(by: unit ?? 1)
        guard !overflow else { throw tooLarge }
        return ByteCount(bytes: product)
    }

    /// `1G`, `500M`: as a person writes it.
    var text: String {
        for (unit, size) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes > 0 && bytes % size == 0 { return "\(bytes / size)\(unit)" }
        return "\(bytes)"
    }
}

/// How the server ended: written by its task before it signals, read after the wait.
private final class Outcome: @unchecked Sendable {
    var error: Error?
}
#endif
