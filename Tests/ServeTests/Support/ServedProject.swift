import Book
import Classroom
import Foundation
import Lessons

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A throwaway copy of the book's chapters (so a test may edit them), served in process on a free
/// loopback port by the real server, with its own cache.
final class ServedProject: @unchecked Sendable {
    let root: URL
    let port: Int
    let task: Task<Void, Error>
    var probe: HTTPProbe { HTTPProbe(port: port) }

    /// - Parameter chapters: the repository's chapter files to copy (all but 6 unless told: 6 needs the full MNIST).
    static func start(chapters: [String] = ["01-convolution.md", "02-relu.md", "03-softmax.md", "04-cross-entropy.md", "05-adam.md"],
                      longRunsAtOnce: Int = 1, quickRunsAtOnce: Int = 4, stepSources: Bool = false) async throws -> ServedProject {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-serve-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        for name in chapters {
            try manager.copyItem(at: repositoryRoot.appendingPathComponent("chapters/\(name)"), to: root.appendingPathComponent("chapters/\(name)"))
        }
        if stepSources {
            // The course's step files as a teacher's checkout has them, to edit while serving.
            try manager.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
            try manager.copyItem(at: repositoryRoot.appendingPathComponent("Sources/Lessons"), to: root.appendingPathComponent("Sources/Lessons"))
        }
        let mnist = ProcessInfo.processInfo.environment["TUTOR_DATA"].map { URL(fileURLWithPath: $0, relativeTo: repositoryRoot).standardizedFileURL }
            ?? root.appendingPathComponent("no-mnist")
        let options = ClassroomOptions(
            registry: Lessons.registry, chapters: root.appendingPathComponent("chapters"), chaptersDisplayPath: "chapters",
            data: Lessons.dataSources(sample: repositoryRoot.appendingPathComponent("data/sample"), mnist: mnist),
            cacheDirectory: root.appendingPathComponent("output/.cache"), host: "127.0.0.1", port: 0,
            longRunsAtOnce: longRunsAtOnce, quickRunsAtOnce: quickRunsAtOnce, pollInterval: .milliseconds(100),
            stepSources: stepSources ? root.appendingPathComponent("Sources") : nil)
        let (ports, told) = AsyncStream<Int>.makeStream()
        let classroom = Classroom(options: options)
        let task = Task {
            defer { told.finish() }
            try await classroom.run(stopOnSignals: false) { port in told.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            _ = await task.result
            throw ProbeError("the server did not start")
        }
        return ServedProject(root: root, port: port, task: task, classroom: classroom)
    }

    let classroom: Classroom

    private init(root: URL, port: Int, task: Task<Void, Error>, classroom: Classroom) {
        self.root = root
        self.port = port
        self.task = task
        self.classroom = classroom
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Stops the server the way Ctrl-C does (gracefully) and waits for it; keeps the folder.
    func stopKeepingFiles() async {
        await classroom.stop()
        _ = await task.result
    }

    /// Stops the server and waits for it; removes the folder.
    func stop() async {
        await stopKeepingFiles()
        try? FileManager.default.removeItem(at: root)
    }
}

extension HTTPProbe {
    /// GET, for a task group of readers (every call already runs off the cooperative threads).
    func getConcurrently(_ path: String, timeout: Double = 120) async throws -> Answer {
        try await get(path, timeout: timeout)
    }
}
