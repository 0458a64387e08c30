import Foundation
import TutorTestSupport
import Testing

/// A throwaway project folder: `chapters/`, `data/sample` (linked to the repository's), `output/`.
struct Project {
    let root: URL

    /// Two small chapters whose steps need no training and no full MNIST.
    static let firstChapter = """
        # First

        Prose with math: $x^2 + 1$.

        ```swift step=kernels
        ```

        ```swift step=adamSteps gradient=0.5 steps=2
        ```
        """

    static let secondChapter = """
        # Second

        ```swift step=lossCurve points=20
        ```
        """

    init(chapters: [String: String] = ["01-first.md": Project.firstChapter, "02-second.md": Project.secondChapter]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-e2e-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: root.appendingPathComponent("data/sample"),
                                  withDestinationURL: repositoryRoot.appendingPathComponent("data/sample"))
        for (name, text) in chapters { try write(text, to: "chapters/" + name) }
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    func write(_ data: Data, to path: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url(path))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Every file under `path` and its bytes, to prove a failed command changed nothing.
    func snapshot(_ path: String = "output") -> [String: Data] {
        let base = url(path)
        var files: [String: Data] = [:]
        for relative in (try? FileManager.default.subpathsOfDirectory(atPath: base.path)) ?? [] {
            var isDirectory: ObjCBool = false
            let full = base.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: full.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try? Data(contentsOf: full)
            }
        }
        return files
    }
}

/// Expects a failed command with a message naming what went wrong, no crash, an untouched `output/`,
/// and nothing half-written (`*.partial`, temporary files) left anywhere in the project.
func expectCleanFailure(_ result: Finished, mentions fragments: [String], before: [String: Data], after: [String: Data],
                        project: Project? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    // One status for every error, a mistake on the command line too (ArgumentParser's own is 64).
    #expect(result.status == 1, "exit status \(result.status), not 1; output: \(result.all)", sourceLocation: sourceLocation)
    #expect(!result.killedBySignal && result.status < 128,
            "crashed (signal or status \(result.status)):\n\(result.all.prefix(4000))", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(result.all.contains(fragment), "message lacks “\(fragment)”:\n\(result.all.prefix(4000))", sourceLocation: sourceLocation)
    }
    for crashSign in ["Fatal error", "Illegal instruction", "Segmentation fault", "Stack dump", "NSCocoaErrorDomain"] {
        #expect(!result.all.contains(crashSign), "crash or raw error (\(crashSign)):\n\(result.all.prefix(4000))", sourceLocation: sourceLocation)
    }
    let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
    #expect(changed.isEmpty, "output/ changed: \(changed.sorted())", sourceLocation: sourceLocation)
    if let project {
        let leftovers = project.halfWrittenFiles()
        #expect(leftovers.isEmpty, "half-written files left: \(leftovers)", sourceLocation: sourceLocation)
    }
}

extension Project {
    /// Files a write in progress would leave: `*.partial` and `.tmp` names anywhere under the project.
    func halfWrittenFiles() -> [String] {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: root.path)) ?? []
        return paths.filter { path in
            let name = (path as NSString).lastPathComponent
            return name.hasSuffix(".partial") || name.hasSuffix(".tmp") || name.contains(".partial.")
        }.sorted()
    }
}

/// The bytes of a picture file as far as the book looks (`PictureSignature`): PNG's signature,
/// then `rest`.
func pictureBytes(_ rest: String = "picture") -> Data {
    Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(rest.utf8)
}
