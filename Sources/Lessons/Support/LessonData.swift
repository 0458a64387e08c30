import Book
import CNN
import Foundation

/// The data sources the steps read: the sample digits shipped with the repository, and the full
/// MNIST. The app says where each folder is (`tutor`'s `--sample`, `--data`, `TUTOR_DATA`).
extension DataNeed {
    /// The few hundred digits shipped in the repository (`data/sample`).
    public static let sample = DataNeed("sample")
    /// The full MNIST files (`--data`, `TUTOR_DATA`, or `data/mnist`).
    public static let mnist = DataNeed("mnist")
}

extension Lessons {
    /// The book's title, for the pages.
    public static let bookTitle = "Reading digits with a convolutional network"

    /// The book's data sources, in the folders the app resolved.
    ///
    /// A missing sample is refused before any cell runs; a missing MNIST is explained by the
    /// step that reads it (with how to download it), as only chapter 6 needs it.
    public static func dataSources(sample: URL, mnist: URL, sampleOrigin: String? = nil, mnistOrigin: String? = nil) -> DataSources {
        DataSources([
            DataSource("sample", contents: "the sample digits", folder: sample,
                       advice: DataAdvice.otherSampleFolder(origin: sampleOrigin),
                       origin: sampleOrigin,
                       contentsProblem: { folder in
                           MNIST.missingSampleFiles(in: folder).map { "holds no " + $0.joined(separator: " and no ") }
                       }),
            DataSource("mnist", contents: "the MNIST files", folderName: "the MNIST folder", folder: mnist, origin: mnistOrigin),
        ])
    }
}
