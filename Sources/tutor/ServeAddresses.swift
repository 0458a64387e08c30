#if TUTOR_SERVE
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `tutor serve` says when it listens: where to open the book, and, when it listens on every
/// network (`--host 0.0.0.0`), the addresses students' computers can reach it at.
enum ServeAddresses {
    static func announcement(host: String, port: Int) -> String {
        let everywhere = host == "0.0.0.0" || host == "::"
        let shown = everywhere ? "127.0.0.1" : (host.contains(":") ? "[\(host)]" : host)
        var text = "Serving the book at http://\(shown):\(port)/ (presenter: http://\(shown):\(port)/present/1). Ctrl-C stops.\n"
        if everywhere {
            let addresses = networkAddresses()
            if addresses.isEmpty {
                text += "Listening on every network, but this computer has no network address other than loopback.\n"
            } else {
                text += "Students on the same network can open:\n" + addresses.map { "  http://\($0):\(port)/\n" }.joined()
            }
        } else if host == "127.0.0.1" || host == "localhost" || host == "::1" {
            text += "Only this computer can open it; --host 0.0.0.0 lets students on the same network in.\n"
        }
        return text
    }

    /// What went wrong when listening, in words: NIO's errors name their type first.
    static func describe(_ error: Error) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") { return "the port is in use (another tutor serve?); give another with --port, or 0 for any free one" }
        if text.contains("Permission denied") { return "permission denied (ports below 1024 need root); give one above 1024 with --port" }
        if text.contains("UnknownHost") || text.contains("Name or service not known") { return "no such address; give an IP address such as 127.0.0.1 or 0.0.0.0" }
        if text.contains("Cannot assign requested address") { return "this computer has no such address; give 127.0.0.1, 0.0.0.0 or one of its own" }
        return text
    }

    /// The IPv4 addresses of this computer's network interfaces, loopback left out.
    static func networkAddresses() -> [String] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var addresses: [String] = []
        var cursor = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0, entry.pointee.ifa_flags & UInt32(IFF_UP) != 0 else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            addresses.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return Array(Set(addresses)).sorted()
    }
}
#endif
