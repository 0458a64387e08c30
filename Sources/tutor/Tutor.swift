import CNN
import ArgumentParser
import Book
import Foundation

/// `tutor`: builds the book, walks a chapter in the terminal, trains the reference model.
@main
struct Tutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutor",
        abstract: "Build and teach a small book on how a convolutional network reads handwritten digits.",
        subcommands: [
            BuildCommand.self, RunCommand.self, ListCommand.self, CheckCommand.self,
            TrainCommand.self, DataCommand.self, NewCommand.self,
        ] + Tutor.serveCommand
    )

    /// `tutor serve`, when this build has it (see `TUTOR_WITHOUT_SERVE` in Package.swift).
    #if TUTOR_SERVE
    static let serveCommand: [ParsableCommand.Type] = [ServeCommand.self]
    #else
    static let serveCommand: [ParsableCommand.Type] = []
    #endif

    /// `--epochs=` with nothing after the `=`: ArgumentParser would take the next argument as
    /// the value (`--epochs= --json` reads `--json` as the epochs), so it is refused as typed.
    /// Only before a lone `--`, after which every argument is a value.
    static func refuseEmptyAttachedValues(_ arguments: [String]) throws {
        for argument in arguments.prefix(while: { $0 != "--" }) where argument.hasPrefix("--") && argument.hasSuffix("=") {
            let option = String(argument.dropLast())
            guard option.count > 2, !option.dropFirst(2).contains("=") else { continue }
            throw ValidationError("\(option)= has no value after the '='; write \(option)=VALUE or \(option) VALUE")
        }
    }

    /// Every argument as UTF-8 text, or a `ValidationError` naming the first that is not. Swift
    /// reads arguments with each invalid byte replaced by U+FFFD, so a title would show the
    /// replacement and a path would name another file; book.toml's bytes are refused so too.
    static func refuseArgumentsThatAreNotText() throws {
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
            throw ValidationError("argument \(index), '\(Excerpt.of(String(cString: raw)))', is not UTF-8 text "
                                  + "(U+FFFD marks the bytes that are not); tutor reads paths and values as UTF-8")
        }
    }

    static func main() {
        StandardStream.reserveStandardDescriptors()
        // A reader that leaves a pipe early (`tutor list | head -1`) would otherwise kill us with
        // SIGPIPE in the middle of a write; ignored, the write fails with EPIPE and ends the command.
        signal(SIGPIPE, SIG_IGN)
        // A parent that ignores Ctrl-C (a test runner, `nohup`) would pass that on to us (ignored or blocked). Every
        // file tutor writes is written atomically, so stopping at once is safe: restore the default.
        signal(SIGINT, SIG_DFL)
        // Ctrl-\ (SIGQUIT) is a user's way to stop a program at once. Swift's runtime takes it
        // for a crash: it prints "Program crashed" with a backtrace and, on a terminal, waits
        // 30 s for a key, in front of the class. Quitting is not crashing: the default action.
        signal(SIGQUIT, SIG_DFL)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interrupt, nil)

        // ArgumentParser's own `main` prints help and errors with `print`, whose failures are lost
        // in the C library's buffer: parse and run here, and print its messages through StandardStream.
        var status = ExitCode.success
        // What a user supplies that messages may quote as part of a path (see `Excerpt.noteTyped`).
        for typed in CommandLine.arguments.dropFirst() { Excerpt.noteTyped(typed) }
        Excerpt.noteTyped(ProcessInfo.processInfo.environment[DataLocation.environmentVariable] ?? "")
        Excerpt.noteTyped(FileManager.default.currentDirectoryPath)
        do {
            try refuseArgumentsThatAreNotText()
            try refuseEmptyAttachedValues(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(RunCommand.chapterNumbersAsValues(Array(CommandLine.arguments.dropFirst())))
            try requireWorkingDirectory()
            try command.run()
        } catch is WriteFailure {
            status = .failure  // said below, with any failure of the other stream
        } catch {
            // ArgumentParser ends a mistake on the command line with 64 (EX_USAGE); tutor promises one
            // status for every error, 1, so a script tests one number.
            status = exitCode(for: error) == .success ? .success : .failure
            // ArgumentParser begins a refusal with "Error: "; every other error of tutor's with
            // "tutor: error: ", which a script or a teacher's eye looks for: one prefix for all.
            var message = fullMessage(for: error)
            if status == .failure, message.hasPrefix("Error: ") { message = "tutor: error: " + message.dropFirst("Error: ".count) }
            if !message.isEmpty {
                // An error quotes what was typed: shown printable (see `Excerpt.printable`); help is ours.
                if status == .success {
                    StandardStream.output.writeOrRemember(message + "\n")
                } else {
                    StandardStream.error.writeOrRemember(Excerpt.printable(message) + "\n")
                }
            }
        }
        exit(withError: endStatus(status))
    }

    /// Every command resolves paths (its defaults among them) against the current folder; one that
    /// was deleted or moved away leaves no folder to resolve them in, so say so instead.
    static func requireWorkingDirectory() throws {
        guard let path = getcwd(nil, 0) else {
            let reason = errno == ENOENT ? "it was deleted or moved away" : String(cString: strerror(errno))
            printError("tutor: error: the current folder no longer exists (\(reason)); cd into the book's folder and run tutor again")
            throw ExitCode.failure
        }
        free(path)
    }

    /// The status to end with, after saying which standard stream could not be written.
    ///
    /// A write error on either stream fails the command, told on the other stream if it still
    /// works. A broken pipe is the exception to the telling, not to the failing: the reader
    /// stopped on purpose, so saying so is noise, but tutor did not finish what it was asked, and
    /// a script with `set -o pipefail` should know (as it would from `cat`, which SIGPIPE ends).
    static func endStatus(_ status: ExitCode) -> ExitCode {
        var status = status
        for stream in [StandardStream.output, StandardStream.error] {
            guard let failure = stream.failure else { continue }
            if !failure.isBrokenPipe { stream.other.writeOrRemember("tutor: error: \(failure)\(Accomplished.clause)\n") }
            if status == .success { status = .failure }
        }
        return status
    }
}
