import CNN
import Foundation

/// What to tell someone whose MNIST files are missing: where to put them, under which names, and
/// the two ways of pointing elsewhere. Shared by `tutor data` and `tutor train`.
enum DataInstructions {
    static func whereToPut(_ directory: URL) -> String {
        var lines = ["Put these four files in \(directory.path) (gzip-compressed, or not and without .gz):"]
        lines += MNISTFile.allCases.map { "  \($0.compressedName)" }
        lines.append("or use a directory that has them: --data DIR, or \(DataLocation.environmentVariable)=DIR.")
        return lines.joined(separator: "\n")
    }
}
