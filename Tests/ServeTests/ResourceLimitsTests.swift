import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What one client, or many, can make the server hold: memory for a reader who never reads, and
/// files for a flood of connections. Both stay bounded, and the server answers afterwards.
@Suite struct ResourceLimitsTests {
    /// A long training for a reader who never reads (a tiny receive buffer, nothing read): the
    /// server keeps only the latest progress line and chart for them, not every event. Before,
    /// it held them all, about 25 MB more every second.
    @Test func aReaderWhoNeverReadsCostsBoundedMemory() async throws {
        let served = try await ServedProject.start(chapters: ["06-mnist.md"])
        defer { served.stop() }
        let path = "/api/run/06-mnist.html?from=1&1.epochs=100&1.batchSize=1&1.filters=1&1.validationSplit=0.01"
        let stalled = try OpenStream(port: served.port, path: path, receiveBuffer: 4096)
        defer { stalled.close() }
        // The data loaded and the training well under way, then 8 s more of it.
        try await Task.sleep(for: .seconds(4))
        let before = served.residentBytes
        try await Task.sleep(for: .seconds(8))
        let grown = served.residentBytes - before
        #expect(before > 0 && grown < 40 << 20, "the server grew by \(grown >> 20) MB in 8 s for a reader who reads nothing")
        stalled.close()
        let page = try await served.probe.get("/06-mnist.html", timeout: 30)
        #expect(page.status == 200)
    }

    /// 300 connections that send nothing, to a server allowed 256 open files: it takes no more
    /// than its limit of connections (64 here, half its files less 64), keeps files for the rest
    /// of its work, and answers at once when they close. Before, it took connections until no
    /// file was left, and the chapter watcher failed with them.
    @Test func aFloodOfConnectionsLeavesTheServerFilesToWorkWith() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"], fileLimit: 256)
        defer { served.stop() }
        #expect(try await served.probe.get("/").status == 200)
        let idle = served.openFiles
        var sockets: [Int32] = []
        defer { sockets.forEach { _ = close($0) } }
        for _ in 0..<300 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            // Not waiting for each connection: past the server's limit they wait in its queue.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(served.port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            sockets.append(fd)
        }
        try await Task.sleep(for: .seconds(2))
        let held = served.openFiles
        #expect(held <= idle + 64 + 8, "the server holds \(held) files (\(idle) idle) for 300 connections")
        sockets.forEach { _ = close($0) }
        sockets = []
        let page = try await served.probe.get("/01-convolution.html", timeout: 20)
        #expect(page.status == 200)
    }
}
