import Book
import CNN
import Foundation

/// What a teacher can do when a data folder the chapters read is missing or does not read.
///
/// The one place these words are written: `tutor check` says them before a build, the runner
/// when it refuses to start one, and the step that finds the problem while a build runs, so all
/// three give the same advice. A folder named by a setting (book.toml's `sample` or `data`, or
/// TUTOR_DATA) is corrected there, and the command that fetches MNIST names its folder:
/// `tutor data` alone reads neither the chapters' settings nor their folder, and would fetch
/// into another one.
public enum DataAdvice {
    /// How to point the build at another sample folder; `origin` says where the one tried was
    /// named, if not on the command line (see `DataSource.origin`).
    public static func otherSampleFolder(origin: String?) -> String {
        (origin == nil ? "" : "correct the setting, or ") + "pass --sample DIR to name the folder that holds them"
    }

    /// How to point the build at another MNIST folder.
    public static func otherMNISTFolder(origin: String?) -> String {
        origin == nil ? "pass --data DIR (or set \(DataLocation.environmentVariable))" : "correct the setting, or pass --data DIR"
    }

    /// What to do when the MNIST files in `source`'s folder are missing or do not read: fetch or
    /// check them there, or name another folder. (`filesMissing`: some are not there at all.)
    public static func forMNIST(_ source: DataSource, filesMissing: Bool = true) -> String {
        "run `\(fetchCommand(into: source.folder))` to \(filesMissing ? "fetch the files" : "check or fetch the files"), or "
            + otherMNISTFolder(origin: source.origin)
    }

    /// What to say when a training set holds fewer images than its test set (MNIST's hold 60,000
    /// and 10,000): the two are likely swapped, and the run would learn from the smaller one and
    /// be tested on the larger. Nil when the training set is at least as large.
    public static func swappedSets(training: Int, test: Int) -> String? {
        guard training < test else { return nil }
        return "the training file holds fewer images (\(training)) than the test file (\(test)), where MNIST's hold 60000 "
            + "and 10000: if the two are swapped, the network learns from the smaller set. `tutor data` checks the files "
            + "against MNIST's own."
    }

    /// The command that checks the MNIST files in `folder` and fetches any that are missing.
    public static func fetchCommand(into folder: URL) -> String {
        "tutor data --data " + shellQuoted(folder.path)
    }

    /// `path` as a shell reads it back: as it is if it holds only safe characters, else in single
    /// quotes; one with a control character (a tab, a newline) in `$'...'` with that character
    /// escaped, so the command, pasted, names the folder itself (a raw tab would not survive the
    /// message, which shows it as U+0009).
    public static func shellQuoted(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+,:@".unicodeScalars.contains($0)) }
        if safe { return path }
        guard path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var quoted = "$'"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): quoted += "\\\\"
            case UInt8(ascii: "'"): quoted += "\\'"
            case UInt8(ascii: "\t"): quoted += "\\t"
            case UInt8(ascii: "\n"): quoted += "\\n"
            case 0..<0x20, 0x7F...: quoted += "\\x" + String(byte, radix: 16, uppercase: false).leftPaddedHex
            default: quoted.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return quoted + "'"
    }
}

private extension String {
    /// Two hexadecimal places: "9" -> "09".
    var leftPaddedHex: String { count < 2 ? "0" + self : self }
}
