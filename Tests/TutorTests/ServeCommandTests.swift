#if TUTOR_SERVE
import Foundation
import Testing

/// `tutor serve` as a teacher starts and stops it: where it listens, Ctrl-C, and what it says
/// when it cannot listen. (What it serves is tested in ServeTests, over HTTP.)
@Suite struct ServeCommandTests {
    /// Waits for the server to say where it listens; returns its port.
    private func port(of running: Running, timeout: Double = 30) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let said = (try? String(contentsOf: running.stdout, encoding: .utf8)) ?? ""
            if let range = said.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                return Int(said[range].dropFirst("http://127.0.0.1:".count).dropLast())!
            }
            usleep(50_000)
        }
        throw ProbeFailure(description: "tutor serve did not say where it listens")
    }

    @Test func listensOnLoopbackAndStopsCleanlyOnControlC() throws {
        let project = try Project()
        let running = try start(["serve", "--port", "0"], in: project.root)
        let port = try port(of: running)
        #expect(port > 0)
        // A page, through a socket of this test.
        let page = try rawGet(port: port, path: "/01-first.html")
        #expect(page.hasPrefix("HTTP/1.1 200") && page.contains("Content-Security-Policy"))
        // A run, so the cache has been written to (and any handler of its own installed).
        let run = try rawGet(port: port, path: "/api/run/01-first.html?from=1")
        #expect(run.contains("event: done"))
        #expect(FileManager.default.fileExists(atPath: project.url("output/.cache/cells").path))
        running.interrupt()
        let finished = running.wait(timeout: 10)
        #expect(finished.status == 0 && !finished.killedBySignal, "\(finished.all)")
        #expect(finished.stdout.contains("Only this computer can open it"))
        #expect(finished.stdout.hasSuffix("Stopped.\n"))
        // Nothing half-written was left in the cache.
        let cache = project.url("output/.cache")
        let files = FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        #expect(!files.contains { $0.lastPathComponent.contains(".partial") })
    }

    /// The C resolver reads `0`, `0x0` and `0.0` as 0.0.0.0, and `127.1` as 127.0.0.1: what the
    /// server says about who can reach it follows what it listens on, not how the address is spelt.
    @Test(arguments: [("0", true), ("0x0", true), ("0.0", true), ("127.1", false), ("0x7f000001", false)])
    func saysWhoCanReachItWhateverTheSpellingOfTheAddress(host: String, everyNetwork: Bool) throws {
        let project = try Project()
        let running = try start(["serve", "--host", host, "--port", "0"], in: project.root)
        _ = try port(of: running)
        running.interrupt()
        let finished = running.wait(timeout: 10)
        #expect(finished.status == 0, "\(host): \(finished.all)")
        if everyNetwork {
            #expect(finished.stdout.contains("Students on the same network can open") || finished.stdout.contains("Listening on every network"),
                    "\(host): \(finished.all)")
            #expect(!finished.stdout.contains("Only this computer"), "\(host): \(finished.all)")
        } else {
            #expect(finished.stdout.contains("Only this computer can open it"), "\(host): \(finished.all)")
        }
    }

    @Test func saysWhyItCannotListen() throws {
        let project = try Project()
        let first = try start(["serve", "--port", "0"], in: project.root)
        let port = try port(of: first)
        let second = try finished(["serve", "--port", "\(port)"], in: project.root)
        #expect(second.status == 1)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1 port \(port): the port is in use"))
        first.interrupt()
        _ = first.wait(timeout: 10)
        for (arguments, message) in [(["--port", "70000"], "--port 70000 is not a port"), (["--host", ""], "--host is empty"),
                                     (["--no-cache"], "--no-cache is for tutor build"), (["--long-runs", "0"], "--long-runs 0"),
                                     (["--host", "nosuch.invalid", "--port", "0"], "no such address")] {
            let finished = try finished(["serve"] + arguments, in: project.root)
            #expect(finished.status != 0 && finished.stderr.contains(message), "\(arguments): \(finished.all)")
        }
        let noChapters = try finished(["serve", "--chapters", "nowhere", "--port", "0"], in: project.root)
        #expect(noChapters.status == 1 && noChapters.stderr.contains("nowhere: error: there is no chapters directory here"))
        // An output folder whose cache cannot be written is refused at the start, as by build.
        try "a file, not a folder".write(to: project.url("taken"), atomically: true, encoding: .utf8)
        for (out, message) in [("taken/book", "--out taken/book: error: cannot make the output folder"),
                               ("chapters", "--out chapters: error:")] {
            let refused = try finished(["serve", "--out", out, "--port", "0"], in: project.root)
            #expect(refused.status == 1 && refused.stderr.contains(message), "\(out): \(refused.all)")
            #expect(!refused.stdout.contains("Serving the book"), "\(out): \(refused.all)")
        }
    }

    private func finished(_ arguments: [String], in directory: URL) throws -> Finished {
        try start(arguments, in: directory).wait(timeout: 30)
    }

    private func rawGet(port: Int, path: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var wait = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { throw ProbeFailure(description: "cannot connect to port \(port)") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

struct ProbeFailure: Error, CustomStringConvertible {
    var description: String
}
#endif
