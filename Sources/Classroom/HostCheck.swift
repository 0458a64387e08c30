import Book
import Foundation
import Hummingbird
#if canImport(Glibc)
import Glibc
#endif

/// Which requests are the book's own. Two ways a web page elsewhere could use a server on the
/// teacher's computer, both refused:
///
/// - DNS rebinding: a name the attacker controls (`attacker.example`) first points at their
///   server, then at 127.0.0.1. The browser then takes this server's pages for that site's own,
///   and its script may read them and run cells. Such requests name the attacker's site in
///   `Host`, so only this server's own names are answered: on loopback `localhost`, 127.x.x.x and
///   `[::1]`; listening on a network, any IP address (an address is no name an attacker can
///   point), `localhost`, the name given to `--host`, and the names given to `--allow-host`. A
///   port, if given, must be the one listened on.
/// - Cross-site requests: a page elsewhere cannot read the answers, but it can make the server
///   compute (`<img src="http://127.0.0.1:8000/api/run/...">`). The cell API answers only the
///   server's own pages: an `Origin` other than the server's own, or a `Sec-Fetch-Site` other
///   than `same-origin` or `none` (typed in the address bar), is refused. Its handlers ask
///   (`crossSiteRefusal`), not a test of the path, which `//api/run/...` would pass round.
///   Pages stay open to links from anywhere.
public struct HostCheck: Sendable {
    /// Names answered, in lower case (`localhost` always).
    let names: Set<String>
    /// Listening on loopback only: then only loopback addresses are answered.
    let loopbackOnly: Bool
    /// The port listened on, once known (`--port 0` asks the system for one).
    let port: Locked<Int>

    init(host: String, port: Int, allowedNames: [String]) {
        let bound = host.lowercased()
        loopbackOnly = bound == "localhost" || Self.address(bound).map(Self.isLoopback) ?? false
        var names: Set<String> = ["localhost"]
        if Self.address(bound) == nil { names.insert(bound) }
        names.formUnion(allowedNames.map { $0.lowercased() })
        self.names = names
        self.port = Locked(port)
    }

    /// Why `request` is refused, if it names another server: a status and a message in words.
    func hostRefusal(of request: Request) -> (status: HTTPResponse.Status, message: String)? {
        // Hummingbird gives the first Host header as the request's authority; a second stays a field.
        guard let host = request.head.authority else {
            return (.badRequest, "A request to this server names it in a Host header (HTTP/1.1 requires one); this one has none.")
        }
        guard request.headers[.init("Host")!] == nil else {
            return (.badRequest, "This request has two Host headers: which server it is for cannot be known.")
        }
        guard let (name, givenPort) = Self.split(host) else {
            return (.badRequest, "The Host header \(Excerpt.of(host)) is not an address and port.")
        }
        let port = self.port.value
        guard accepts(name), givenPort == nil || givenPort == port else {
            return (.forbidden, "This server answers to \(ownNames(port: port)), not to \(Excerpt.of(host)): a page of another site "
                        + "must not reach the book under its own name (DNS rebinding). Give another name with --allow-host.")
        }
        return nil
    }

    /// Why a call of the cell API is refused, if it comes from another site (`hostRefusal` passed).
    func crossSiteRefusal(of request: Request) -> HTTPError? {
        if let site = request.headers[.init("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            return HTTPError(.forbidden, message: "The cell API answers the book's own pages only; this request came from another site (Sec-Fetch-Site: \(Excerpt.of(site))).")
        }
        if let origin = request.headers[.origin], origin.lowercased() != "http://" + (request.head.authority ?? "").lowercased() {
            return HTTPError(.forbidden, message: "The cell API answers the book's own pages only; this request came from \(Excerpt.of(origin)).")
        }
        return nil
    }

    /// Whether `name` (from `split`: lower case, an IPv6 address without brackets) is this server's.
    func accepts(_ name: String) -> Bool {
        if let address = Self.address(name) { return !loopbackOnly || Self.isLoopback(address) }
        return names.contains(name)
    }

    private func ownNames(port: Int) -> String {
        let all = names.sorted() + (loopbackOnly ? ["127.0.0.1", "[::1]"] : ["its IP addresses"])
        return all.dropLast().joined(separator: ", ") + " or " + all.last! + " (port \(port))"
    }

    /// `name`, `name:port`, `[v6]` or `[v6]:port`, in lower case; nil if none of those.
    static func split(_ authority: String) -> (name: String, port: Int?)? {
        let text = authority.lowercased()
        var name: Substring, rest: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            name = text[text.index(after: text.startIndex)..<close]
            rest = text[text.index(after: close)...]
            guard address(String(name))?.count == 16 else { return nil }
        } else {
            let colon = text.firstIndex(of: ":") ?? text.endIndex
            (name, rest) = (text[..<colon], text[colon...])
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else { return nil }
        if rest.isEmpty { return (String(name), nil) }
        let digits = rest.dropFirst()
        guard rest.first == ":", (1...5).contains(digits.count), digits.allSatisfy(\.isASCIIDigit),
              let port = Int(digits), port <= 65535 else { return nil }
        return (String(name), port)
    }

    /// The bytes of `text` as an IPv4 (4) or IPv6 (16) address, nil if it is not one.
    static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// 127.0.0.0/8, ::1, or 127.x.x.x written as IPv6 (::ffff:127.0.0.1). (Also what `tutor
    /// serve` says about who can reach it.)
    public static func isLoopback(_ address: [UInt8]) -> Bool {
        if address.count == 4 { return address[0] == 127 }
        if address == [UInt8](repeating: 0, count: 15) + [1] { return true }
        return address.prefix(12) == ArraySlice([UInt8](repeating: 0, count: 10) + [0xff, 0xff]) && address[12] == 127
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
