import CNN
import Foundation
import Glibc
import TutorTestSupport
import Testing

/// `MNISTDownload` against a mirror this test serves on 127.0.0.1 (CI has no network): a good file
/// arrives under its final name; a wrong, missing, endless or oversized one leaves nothing behind
/// and never replaces a good file already there.
@Suite(.serialized) struct MNISTDownloadTests {
    /// A small HTTP server on 127.0.0.1: `files/NAME` serves NAME from a folder, `endless/NAME`
    /// streams up to 10 GB of zeros with no length announced, `announced/NAME` says it will send
    /// 10 GB and starts to; anything else is a 404. Stopped by `stop()`.
    private struct Mirror {
        static let script = """
            import http.server, os, sys
            folder = sys.argv[1]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    kind, _, name = self.path.strip('/').partition('/')
                    path = os.path.join(folder, os.path.basename(name))
                    if kind == 'files' and os.path.isfile(path):
                        body = open(path, 'rb').read()
                        self.send_response(200)
                        self.send_header('Content-Length', str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    elif kind in ('endless', 'announced'):
                        self.send_response(200)
                        if kind == 'announced':
                            self.send_header('Content-Length', str(10 * 1024 ** 3))
                        self.end_headers()
                        chunk = b'\\0' * 65536
                        try:
                            for _ in range(10 * 1024 ** 3 // 65536):
                                self.wfile.write(chunk)
                        except OSError:
                            pass  # the client hung up: what the test wants
                    else:
                        self.send_error(404)
                def log_message(self, *arguments):
                    pass
            def make_server():
                return http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
            """

        let server: LoopbackServer

        init(serving folder: URL) throws {
            server = try LoopbackServer(script: Self.script, arguments: [folder.path])
        }

        func url(_ kind: String) -> String { server.base + kind + "/" }

        func stop() { server.stop() }
    }

    /// A mirror folder holding the real test-set labels (10 KB).
    private func mirrorFolder(in root: URL) throws -> URL {
        let source = try mnistDirectory()
        let folder = root.appendingPathComponent("mirror")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = MNISTFile.testLabels.compressedName
        try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        return folder
    }

    private func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func aGoodFileArrivesUnderItsFinalNameAndNothingElseIsLeft() throws {
        try withTemporaryDirectory { root in
            let mirror = try Mirror(serving: try mirrorFolder(in: root))
            defer { mirror.stop() }
            let target = root.appendingPathComponent("data")

            let url = try MNISTDownload.fetch(.testLabels, from: mirror.url("files"), into: target)

            #expect(url == target.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
            #expect(contents(target) == ["t10k-labels-idx1-ubyte.gz"])
            try MNISTFile.testLabels.verify(url)
        }
    }

    @Test func aFileWithTheWrongContentIsRefusedAndAGoodOneAlreadyThereIsKept() throws {
        try withTemporaryDirectory { root in
            let folder = try mirrorFolder(in: root)
            let good = try Data(contentsOf: folder.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
            // Valid gzip, wrong content: the training labels where the test labels should be.
            let name = MNISTFile.testLabels.compressedName
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            try FileManager.default.copyItem(at: try mnistDirectory().appendingPathComponent(MNISTFile.trainLabels.compressedName),
                                            to: folder.appendingPathComponent(name))
            let mirror = try Mirror(serving: folder)
            defer { mirror.stop() }
            let target = root.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            try good.write(to: target.appendingPathComponent(name))

            #expect(throws: DataError.self) { try MNISTDownload.fetch(.testLabels, from: mirror.url("files"), into: target) }

            #expect(contents(target) == [name], "a temporary file was left")
            #expect(try Data(contentsOf: target.appendingPathComponent(name)) == good, "the good file was replaced")
        }
    }

    @Test func aMissingFileIsAnHTTPErrorThatLeavesNothing() throws {
        try withTemporaryDirectory { root in
            let mirror = try Mirror(serving: try mirrorFolder(in: root))
            defer { mirror.stop() }
            let target = root.appendingPathComponent("data")

            #expect(throws: MNISTDownload.Failure.httpStatus(url: mirror.url("files") + "train-images-idx3-ubyte.gz", status: 404)) {
                try MNISTDownload.fetch(.trainImages, from: mirror.url("files"), into: target)
            }
            #expect(contents(target).isEmpty)
        }
    }

    @Test func aMirrorThatSendsWithoutEndIsCutOffAtTheLimit() throws {
        try withTemporaryDirectory { root in
            let mirror = try Mirror(serving: try mirrorFolder(in: root))
            defer { mirror.stop() }
            let target = root.appendingPathComponent("data")
            // A 4 MiB limit against a 10 GB stream: the same code path as the real 64 MiB limit, and
            // quick under AddressSanitizer too. Refusing with `tooLarge` proves the stream was cut off.
            let limits = MNISTDownload.Limits(maximumBytes: 4 << 20)

            #expect(throws: MNISTDownload.Failure.tooLarge(url: mirror.url("endless") + "train-images-idx3-ubyte.gz",
                                                           limit: limits.maximumBytes)) {
                try MNISTDownload.fetch(.trainImages, from: mirror.url("endless"), into: target, limits: limits)
            }
            #expect(contents(target).isEmpty, "a partial file was left")
        }
    }

    @Test func aMirrorThatAnnouncesTooLargeABodyIsRefusedBeforeItArrives() throws {
        try withTemporaryDirectory { root in
            let mirror = try Mirror(serving: try mirrorFolder(in: root))
            defer { mirror.stop() }
            let target = root.appendingPathComponent("data")
            let limits = MNISTDownload.Limits(maximumBytes: 1 << 20)

            #expect(throws: MNISTDownload.Failure.tooLarge(url: mirror.url("announced") + "t10k-labels-idx1-ubyte.gz",
                                                           limit: 1 << 20)) {
                try MNISTDownload.fetch(.testLabels, from: mirror.url("announced"), into: target, limits: limits)
            }
            #expect(contents(target).isEmpty)
        }
    }

    @Test func aMirrorThatIsNotHTTPIsRefusedBeforeAnythingIsWritten() throws {
        try withTemporaryDirectory { root in
            let target = root.appendingPathComponent("data")
            for mirror in ["file:///etc/", "http://127.0.0.1:1/no-slash", "not a url/"] {
                #expect(throws: MNISTDownload.Failure.badMirror(mirror)) {
                    try MNISTDownload.fetch(.testLabels, from: mirror, into: target)
                }
            }
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }
}
