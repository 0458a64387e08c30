import Foundation
import Hashing

/// The four files of the MNIST database, under their canonical names, with the SHA-256 of their
/// uncompressed content (the .gz bytes differ between mirrors; the content does not).
public enum MNISTFile: String, CaseIterable, Sendable {
    case trainImages = "train-images-idx3-ubyte"
    case trainLabels = "train-labels-idx1-ubyte"
    case testImages = "t10k-images-idx3-ubyte"
    case testLabels = "t10k-labels-idx1-ubyte"

    /// The gzip-compressed name, as the mirrors serve it.
    public var compressedName: String { rawValue + ".gz" }

    /// The names accepted in a data directory, in the order they are looked for.
    public var acceptedNames: [String] { [compressedName, rawValue] }

    /// SHA-256 of the uncompressed file.
    public var sha256: String {
        switch self {
        case .trainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
        case .trainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
        case .testImages: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
        case .testLabels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
        }
    }

    /// The file in `directory` under one of its accepted names, if there is one. A symbolic link
    /// counts even if it leads nowhere: reading it then says so, where "no such file" would not.
    public func locate(in directory: URL) -> URL? {
        acceptedNames.lazy
            .map { directory.appendingPathComponent($0) }
            .first { var info = stat(); return lstat($0.path, &info) == 0 }
    }

    /// A file under another accepted name beside the one `locate` finds, which is never read (the
    /// uncompressed file, when the gzip one is there too): for a warning, since which of two copies
    /// is read decides what a run trains on.
    public func ignoredCopy(in directory: URL) -> URL? {
        guard let found = locate(in: directory) else { return nil }
        return acceptedNames.lazy
            .map { directory.appendingPathComponent($0) }
            .first { var info = stat(); return $0 != found && lstat($0.path, &info) == 0 }
    }

    /// The file in `directory`, or `DataError.missingFile` (`unreadable` if `directory` is not a folder).
    public func url(in directory: URL) throws(DataError) -> URL {
        try DataDirectory.check(directory)
        guard let url = locate(in: directory) else {
            throw .missingFile(directory: directory.path, names: acceptedNames)
        }
        return url
    }

    /// The IDX magic number of the file: images or labels.
    public var magic: UInt32 {
        switch self {
        case .trainImages, .testImages: IDX.imagesMagic
        case .trainLabels, .testLabels: IDX.labelsMagic
        }
    }

    /// The shape its IDX header must announce (nil: any number of samples).
    public var shape: [Int?] {
        magic == IDX.imagesMagic ? [nil, MNIST.rows, MNIST.columns] : [nil]
    }

    /// Checks the file at `url`: first as an IDX file (so a malformed one is refused with what is
    /// wrong, after reading no more than its header announces), then its uncompressed content
    /// against the published SHA-256.
    public func verify(_ url: URL) throws(DataError) {
        let content = try IDX.read(url, magic: magic, shape: shape)
        let actual = SHA256.hex(content.header, content.values)
        guard actual == sha256 else { throw .checksumMismatch(file: url.path, expected: sha256, actual: actual) }
    }
}
