import Foundation

/// A write to standard output or standard error that failed: a full disk, a closed descriptor,
/// a reader that went away (EPIPE).
struct WriteFailure: Error, CustomStringConvertible {
    var stream: String
    var code: Int32

    /// The reader of a pipe stopped reading (`tutor list | head -1`): it has what it wanted.
    var isBrokenPipe: Bool { code == EPIPE }

    var description: String { "cannot write to \(stream): \(String(cString: strerror(code)))" }
}
