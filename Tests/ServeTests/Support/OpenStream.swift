import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request whose answer is read as it comes, and a connection the test can close in the
/// middle: a reader who stops waiting. Reads happen on a thread of their own, as `HTTPProbe`'s.
final class OpenStream: @unchecked Sendable {  // used by one task at a time
    private let fd: Int32
    private(set) var received = ""

    /// - Parameter receiveBuffer: bytes the system may hold for this end unread (`SO_RCVBUF`):
    ///   small, for a reader who stops reading and lets the server's writes back up.
    init(port: Int, path: String, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProbeError("socket: \(errno)") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        do {
            try connectToLoopback(fd, port: port)
        } catch {
            Glibc.close(fd)
            throw error
        }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        _ = request.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until what came holds `text` (true), or the server closes or `timeout` s pass (false).
    func read(until text: String, timeout: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.readBlocking(until: text, timeout: timeout)) }.start()
        }
    }

    private func readBlocking(until text: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !received.contains(text) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, Int32(min(left, 1) * 1000)) >= 0 else { return false }
            guard ready.revents != 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return received.contains(text) }
            received += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return true
    }

    /// The reader goes: the connection is closed at once.
    func close() {
        Glibc.close(fd)
    }
}
