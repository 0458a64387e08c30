import Foundation
import Glibc
import TutorTestSupport
import Testing

/// `tutor data` fetching missing files, against a mirror on this machine's loopback (CI has no
/// network): good files arrive and pass their checksums; a corrupt one is refused and not kept.
@Suite(.serialized) struct DataDownloadTests {
    /// A static file server for `directory` on 127.0.0.1, stopped by `stop()`.
    struct Mirror {
        let server: LoopbackServer
        var url: String { server.base }

        init(serving directory: URL) throws {
            server = try LoopbackServer(script: """
                import functools, http.server, sys
                class Quiet(http.server.SimpleHTTPRequestHandler):
                    def log_message(self, *arguments):
                        pass
                def make_server():
                    return http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=sys.argv[1]))
                """, arguments: [directory.path])
        }

        func stop() { server.stop() }
    }

    /// A mirror folder holding the four real files, copied from TUTOR_DATA.
    private func mirrorFolder(in project: Project) throws -> URL {
        let source = URL(fileURLWithPath: try mnistDirectory())
        let folder = project.url("mirror")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    @Test func missingFilesAreDownloadedAndChecked() throws {
        let project = try Project()
        defer { project.remove() }
        let mirror = try Mirror(serving: try mirrorFolder(in: project))
        defer { mirror.stop() }

        let result = try tutor("data", "--data", "fetched", "--mirror", mirror.url, in: project.root)
        #expect(result.status == 0, "\(result.all)")
        #expect(result.stdout.components(separatedBy: "fetched  ").count - 1 == 4, "\(result.stdout)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: project.url("fetched").path).sorted()
        #expect(kept == ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"])
    }

    @Test func aCorruptDownloadIsRefusedAndNotKept() throws {
        let project = try Project()
        defer { project.remove() }
        let folder = try mirrorFolder(in: project)
        // Valid gzip, wrong content: the labels of the test set where the training labels should be.
        let labels = folder.appendingPathComponent("train-labels-idx1-ubyte.gz")
        try FileManager.default.removeItem(at: labels)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("t10k-labels-idx1-ubyte.gz"), to: labels)
        let mirror = try Mirror(serving: folder)
        defer { mirror.stop() }

        let result = try tutor("data", "--data", "fetched", "--mirror", mirror.url, in: project.root)
        #expect(result.status != 0, "\(result.all)")
        #expect(result.stderr.contains("train-labels-idx1-ubyte"), "\(result.stderr)")
        #expect(result.stderr.contains("65a50cbbf4e906d7"), "the expected checksum is named: \(result.stderr)")
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: project.url("fetched").path)) ?? []
        #expect(!kept.contains { $0.contains("train-labels") }, "a corrupt download was kept: \(kept)")
    }

    @Test func aMirrorThatSendsMoreThanAnyMNISTFileIsCutOffAndNothingIsKept() throws {
        let project = try Project()
        defer { project.remove() }
        let folder = try mirrorFolder(in: project)
        // 70 MiB (sparse, so cheap to make): more than the 64 MiB a download accepts.
        let huge = folder.appendingPathComponent("train-images-idx3-ubyte.gz")
        try FileManager.default.removeItem(at: huge)
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 70 << 20)
        try handle.close()
        let mirror = try Mirror(serving: folder)
        defer { mirror.stop() }

        let result = try tutor("data", "--data", "fetched", "--mirror", mirror.url, in: project.root)
        expectCleanFailure(result, mentions: ["could not download train-images-idx3-ubyte.gz", "more than 67108864 bytes"],
                           before: [:], after: [:], project: project)
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: project.url("fetched").path)) ?? []
        #expect(!kept.contains { $0.contains("train-images") }, "an oversized download was kept: \(kept)")
    }

    @Test func aMirrorThatIsNotAnHTTPFolderIsRefused() throws {
        let project = try Project()
        defer { project.remove() }
        let result = try tutor("data", "--data", "fetched", "--mirror", "file:///etc/", in: project.root)
        expectCleanFailure(result, mentions: ["bad mirror URL 'file:///etc/'"], before: [:], after: [:], project: project)
        #expect(!FileManager.default.fileExists(atPath: project.url("fetched").path))
    }
}
