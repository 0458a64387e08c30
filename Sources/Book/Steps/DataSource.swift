import Foundation

/// A folder of data a course's steps read, named by the course (`StepDefinition(data: ...)`) and
/// located by the app that builds the book (a command-line option, an environment variable).
///
/// The runner knows nothing of what is inside: it fingerprints the folder for the cache key of
/// every cell whose step reads it, keeps the build from writing into it, and — when the course
/// gives `advice` — checks before any cell runs that it is there.
public struct DataSource: Sendable {
    /// The name steps use for it ("samples").
    public let name: String
    /// What it holds, as a sentence names it: "step 'x' reads \(contents), but ...".
    public let contents: String
    /// How the output-folder check names it ("the samples folder").
    public let folderName: String
    /// Where it is, as the app resolved it.
    public let folder: URL
    /// How to name another folder ("pass --samples DIR to name the folder that holds them"); when
    /// given, a build refuses to start if the folder is missing. Nil for data a step explains
    /// itself when it is missing (a download, say).
    public let advice: String?
    /// Where the folder was named, when a message should say so ("the folder 'sample' names in
    /// chapters/book.toml:3:10"): nil for a command-line option, the environment or the default.
    public let origin: String?
    /// The fingerprint of the folder for the cache key: by default `DataFingerprint.of(directory:)`.
    public let fingerprint: @Sendable (URL) -> String
    /// What is missing inside an existing folder, in words that follow its path ("holds no
    /// images.gz"), or nil if nothing is: the course's own look at its files, as cheap as listing them.
    public let contentsProblem: @Sendable (URL) -> String?

    public init(_ name: String, contents: String, folderName: String? = nil, folder: URL, advice: String? = nil,
                origin: String? = nil,
                fingerprint: @escaping @Sendable (URL) -> String = { DataFingerprint.of(directory: $0) },
                contentsProblem: @escaping @Sendable (URL) -> String? = { _ in nil }) {
        self.name = name
        self.contents = contents
        self.folderName = folderName ?? "\(contents) folder"
        self.folder = folder
        self.advice = advice
        self.origin = origin
        self.fingerprint = fingerprint
        self.contentsProblem = contentsProblem
    }

    /// Why the folder cannot be read ("does not exist", "is not a folder", or what `contentsProblem`
    /// finds missing), or nil if it can.
    public var problem: String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? contentsProblem(folder) : "is not a folder"
        }
        // A link that leads nowhere is there: "does not exist" would have the teacher make it.
        if let broken = BrokenLink.problem(at: folder.path) { return "is " + broken }
        return "does not exist"
    }
}

extension DataSource {
    /// The folder's path for a message, with where it was named if that was not the command line:
    /// "../samples (the folder 'sample' names in chapters/book.toml:3:10)".
    public var pathAndOrigin: String {
        folder.path + (origin.map { " (\($0))" } ?? "")
    }
}
