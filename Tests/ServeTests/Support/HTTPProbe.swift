import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately plain HTTP/1.1 client over a socket, so a test can send exactly the bytes it
/// means (`/../`, a broken request line, a body the server did not ask for) and read exactly
/// what came back, chunked streams included.
struct HTTPProbe {
    struct Answer {
        var status: Int
        var headers: [String: String]  // names lowercased
        var body: String
        /// The server-sent events of a stream: (event, data) in order.
        var events: [(name: String, data: [String: Any])] {
            body.components(separatedBy: "\n\n").compactMap { block in
                var name = "message", data = ""
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data += line.dropFirst(6) }
                }
                guard !data.isEmpty, let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
                return (name, object)
            }
        }
        /// The outputs' HTML of cell `n` in a run's stream.
        func cellHTML(_ n: Int) -> String? {
            events.first { $0.name == "cell" && ($0.data["cell"] as? Int) == n }?.data["html"] as? String
        }
        func cellArguments(_ n: Int) -> String? {
            events.first { $0.name == "cell" && ($0.data["cell"] as? Int) == n }?.data["arguments"] as? String
        }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    }

    let port: Int

    /// `GET path` with `Connection: close`, read to the end.
    func get(_ path: String, timeout: Double = 60) async throws -> Answer {
        try await send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout: timeout)
    }

    /// Sends `request` as is and reads the answer until the server closes the connection.
    /// An answer with no status line (the server closed at once) is status 0.
    ///
    /// The socket is read on a thread of its own: blocking one of Swift's few cooperative
    /// threads would starve the server under test, which runs on them in this same process.
    func send(_ request: String, extra: Data = Data(), timeout: Double = 60) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            // A thread of its own: Dispatch's pool grows slowly, and the tests block many sockets at once.
            Thread {
                continuation.resume(with: Result { Self.parse(try self.exchange(Data(request.utf8) + extra, timeout: timeout)) })
            }.start()
        }
    }

    func exchange(_ bytes: Data, timeout: Double) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProbeError("socket: \(errno)") }
        defer { close(fd) }
        var seconds = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        try connectToLoopback(fd, port: port)
        // Write in pieces, and stop once the server answers: it may refuse a body before the
        // end of it, and then reads no more of it.
        var offset = 0
        while offset < bytes.count {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 0) > 0 { break }
            let piece = min(64 << 10, bytes.count - offset)
            let written = bytes[offset..<(offset + piece)].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { break }
            offset += written
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return received
    }

    static func parse(_ raw: Data) -> Answer {
        guard let end = raw.range(of: Data("\r\n\r\n".utf8)) else { return Answer(status: 0, headers: [:], body: String(decoding: raw, as: UTF8.self)) }
        let head = String(decoding: raw[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = head.first.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(raw[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Answer(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { out.append(rest[start...]); break }
            let stop = rest.index(start, offsetBy: size)
            out.append(rest[start..<stop])
            rest = rest[min(rest.endIndex, rest.index(stop, offsetBy: 2, limitedBy: rest.endIndex) ?? rest.endIndex)...]
        }
        return out
    }
}

struct ProbeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Connects the socket `fd` to 127.0.0.1:`port`: the only address the tests send traffic to.
func connectToLoopback(_ fd: Int32, port: Int) throws {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw ProbeError("connect to 127.0.0.1:\(port): errno \(errno)") }
}
