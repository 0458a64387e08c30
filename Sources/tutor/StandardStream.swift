import ArgumentParser
import Book
import Foundation

/// Standard output and standard error, written with `write(2)` so that a failed write is an
/// error we see, not a crash (Foundation's `FileHandle.write(_:)` traps on one) nor a silent loss
/// (`print` drops it in the C library's buffer).
///
/// A stream that failed once stays failed: later writes are skipped, and the first failure is
/// kept so the command can end with it (`Tutor.main`). Writers that cannot throw (the status
/// line, drawn from inside a build) use `writeOrRemember`.
final class StandardStream: @unchecked Sendable {
    static let output = StandardStream(descriptor: STDOUT_FILENO, name: "standard output")
    static let error = StandardStream(descriptor: STDERR_FILENO, name: "standard error")

    let descriptor: Int32
    let name: String
    private let lock = NSLock()
    private var firstFailure: WriteFailure?

    private init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Writes all of `text`, or throws why not. Control characters from what a user wrote (a
    /// chapter's title, a file's name) are shown, not sent to the terminal (`TerminalSafeText`),
    /// and so is a line break or tab in a folder a user named (`Excerpt.noteTyped`).
    func write(_ text: String) throws(WriteFailure) {
        lock.lock()
        defer { lock.unlock() }
        if let firstFailure { throw firstFailure }
        var bytes = Array(TerminalSafeText.of(Excerpt.typedComponentsShown(text)).utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let failure = WriteFailure(stream: name, code: errno)
                firstFailure = failure
                throw failure
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Writes `text`; a failure is kept for `failure` instead of thrown.
    func writeOrRemember(_ text: String) {
        try? write(text)
    }

    /// The first write that failed, if one did.
    var failure: WriteFailure? { lock.withLock { firstFailure } }

    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Prints `diagnostics` to standard error; returns the exit code that fails the command.
    static func fail(_ diagnostics: [Diagnostic], code: ExitCode = .failure) -> ExitCode {
        for diagnostic in diagnostics { error.writeOrRemember(Excerpt.printable(diagnostic.description) + "\n") }
        return code
    }

    /// The stream the message about a failure of this one goes to.
    var other: StandardStream { self === Self.output ? Self.error : Self.output }

    /// Makes sure descriptors 0, 1 and 2 are open, before anything else opens a file.
    ///
    /// Started with one of them closed (`tutor build >&-`), the next file opened would take its
    /// number, and what was meant for the terminal would be written into a page of the book.
    /// `/dev/null` opened read-only holds the number: reads see the end of input, and writes fail
    /// with EBADF exactly as they would on the closed descriptor, so the failure is still reported.
    static func reserveStandardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let placeholder = open("/dev/null", O_RDONLY)
            if placeholder >= 0 && placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }
}

/// Writes a line to standard error; a failure is reported when the command ends.
func printError(_ message: String) {
    StandardStream.error.writeOrRemember(Excerpt.printable(message) + "\n")
}

/// Writes a line to standard output, shown printable as `printError` shows it (it may quote a path).
func printOutput(_ message: String) throws(WriteFailure) {
    try StandardStream.output.write(Excerpt.printable(message) + "\n")
}

/// `write(2)`, named apart from `StandardStream.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
