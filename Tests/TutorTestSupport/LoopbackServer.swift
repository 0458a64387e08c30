import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP server written in Python, on 127.0.0.1 and a port the system picks, for tests of
/// downloads (CI has no network). Stopped by `stop()`.
///
/// The port is the system's, reported by the server once it listens, never one picked at random
/// (which another test's server may hold): the server writes it to a file, renamed into place
/// when whole. On a machine loaded by the rest of the suite Python may take long to start, so
/// the wait is generous, and a server that never starts is an error that says so.
public struct LoopbackServer {
    let process: Process
    /// `http://127.0.0.1:PORT/`.
    public let base: String

    /// Runs `script`, Python that defines `make_server()`, returning an `http.server` server bound
    /// to `('127.0.0.1', 0)`; `arguments` are its `sys.argv[1...]`.
    public init(script: String, arguments: [String], timeout: TimeInterval = 120) throws {
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("loopback-port-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: portFile) }
        let program = script + """

            import os as _os
            _server = make_server()
            _path = _os.environ['LOOPBACK_PORT_FILE']
            with open(_path + '.partial', 'w') as _file:
                _file.write(str(_server.server_address[1]))
            _os.rename(_path + '.partial', _path)
            _server.serve_forever()
            """
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", program] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["LOOPBACK_PORT_FILE": portFile.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, process.isRunning, !FileManager.default.fileExists(atPath: portFile.path) { usleep(20_000) }
        guard let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) else {
            let running = process.isRunning
            if running { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw ServerDidNotStart(reason: running ? "it did not listen within \(Int(timeout)) s" : "Python exited with status \(process.terminationStatus)")
        }
        base = "http://127.0.0.1:\(port)/"
    }

    public struct ServerDidNotStart: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "the loopback test server did not start: \(reason)" }
    }

    public func stop() {
        // SIGKILL: the test runner blocks SIGTERM, and its children inherit that.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
