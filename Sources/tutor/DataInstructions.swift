import Book
import CNN
import Foundation

/// What to tell someone whose MNIST files are missing: where to put them, under which names, and
/// the two ways of pointing elsewhere. Shared by `tutor data` and `tutor train`.
enum DataInstructions {
    /// Names the files that are missing, all four or only some (a half-copied folder).
    static func whereToPut(_ directory: URL) -> String {
        let missing = MNISTFile.allCases.filter { $0.locate(in: directory) == nil }
        let files = missing.isEmpty ? MNISTFile.allCases : missing
        let these = files.count == MNISTFile.allCases.count ? "these four files"
            : files.count == 1 ? "this file" : "these \(files.count) files"
        var lines = ["Put \(these) in \(Excerpt.path(directory.path)) (gzip-compressed, or not and without .gz):"]
        lines += files.map { "  \($0.compressedName)" }
        lines.append("or use a directory that has them: --data DIR, or \(DataLocation.environmentVariable)=DIR.")
        return lines.joined(separator: "\n")
    }
}

extension DataInstructions {
    /// A warning for each file of `directory` that is there twice, gzip'd and not: the gzip one is
    /// read, and the other could hold other images without a word said.
    static func ignoredCopies(in directory: URL) -> [String] {
        MNISTFile.allCases.compactMap { file in
            guard let ignored = file.ignoredCopy(in: directory), let read = file.locate(in: directory) else { return nil }
            return "tutor: warning: \(read.path) is read, not \(ignored.lastPathComponent) beside it; "
                + "remove one of the two if they differ"
        }
    }
}
