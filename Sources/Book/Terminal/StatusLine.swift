import Foundation

/// The progress of `tutor build` on a terminal: one line, rewritten in place, naming the chapter,
/// the cell and what the step last said. Diagnostics are printed above it as they come.
/// Off a terminal it stays silent except for the diagnostics.
public final class StatusLine: @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private let isTerminal: Bool
    private let width: Int
    private var chapter = ""
    private var cell = ""
    private var shown = false

    /// - Parameter write: where the line goes (standard error, so standard output stays clean).
    public init(isTerminal: Bool, width: Int = 80, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.width = width
        self.write = write
    }

    public func handle(_ event: BuildEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .chapterStarted(let link, let position, let count):
            chapter = "[\(position)/\(count)] \(link.pageName.dropLast(5))"
            cell = ""
            show("")
        case .cellStarted(_, let index, let count, let step):
            cell = "cell \(index)/\(count) \(step)"
            show("")
        case .stepProgress(let message):
            show(message)
        case .cellFinished:
            break
        case .diagnostic(let diagnostic):
            clear()
            write(diagnostic.description + "\n")
        }
    }

    /// Removes the line, before the summary is printed.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        clear()
    }

    private func show(_ message: String) {
        guard isTerminal else { return }
        var line = [chapter, cell, message].filter { !$0.isEmpty }.joined(separator: "  ")
        if line.count > width - 1 { line = String(line.prefix(width - 2)) + "…" }
        write("\r\u{1B}[2K" + line)
        shown = true
    }

    private func clear() {
        guard shown else { return }
        write("\r\u{1B}[2K")
        shown = false
    }
}
