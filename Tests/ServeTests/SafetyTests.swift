import Foundation
import Testing

/// Only the book and its cell API are served: no path outside the book, no directory listing,
/// no request body, every malformed request a 4xx with a message, never a 5xx, never a crash.
@Suite struct SafetyTests {
    /// Texts that would show a file from outside the book had one been read.
    static let secrets = ["swift-tools-version", "root:x:", "```swift step=", "tutor-cell-cache", "#!/usr/bin/env"]

    @Test(arguments: [
        "/../Package.swift", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2FPackage.swift",
        "/images/../../Package.swift", "/images/..%2f..%2fPackage.swift", "/images/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "//etc/passwd", "/etc/passwd", "/chapters/01-convolution.md", "/01-convolution.md", "/output/.cache/",
        "/.cache/cells", "/images/", "/images", "/api/", "/api/run/", "/api/run/..%2fchapters%2f01-convolution.md",
        "/api/run/%2e%2e%2f%2e%2e%2fPackage.swift", "/live.js/../Package.swift", "/style.css%00.html", "/%00",
        "/01-convolution.html/../../Package.swift", "/\u{1F600}.html", "/present/../../etc/passwd",
        // Page names are %-decoded: a decoded `/` or `..` still names no page.
        "/%2e%2e%2fchapters%2f01-convolution.html", "/..%2F..%2Fetc%2Fpasswd%00.html", "/%2E%2E%2FPackage.swift%23.html",
        "/api/run/%2e%2e%2f01-convolution.html", "/%252e%252e%252fPackage.swift.html", "/%F0%9F%98%80.html", "/%ff.html",
    ])
    func noPathReachesAFileOutsideTheBook(_ path: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        try "# secret\n```swift step=nothing\n```\n#!/usr/bin/env swift-tools-version".write(to: served.url("Package.swift"), atomically: true, encoding: .utf8)
        let answer = try await served.probe.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect((400..<500).contains(answer.status) || (answer.status == 200 && path == "/01-convolution.html/../../Package.swift" && false),
                "\(path): \(answer.status)")
        for secret in Self.secrets { #expect(!answer.body.contains(secret), "\(path) gave away \(secret)") }
        // And the server is still there.
        #expect(try await served.probe.get("/").status == 200)
    }

    @Test func anAbsoluteFormAddressIsNoWayOut() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        for target in ["http://127.0.0.1/../../etc/passwd", "http://127.0.0.1/%2e%2e/Package.swift", "file:///etc/passwd", "*"] {
            let answer = try await served.probe.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(answer.status == 0 || (400..<500).contains(answer.status), "\(target): \(answer.status)")
            #expect(!answer.body.contains("root:x:"))
        }
        #expect(try await served.probe.get("/").status == 200)
    }

    /// An absolute address names the server it is for, in place of the Host header (RFC 9112
    /// §3.2.2): another name there is refused as it would be in the Host header.
    @Test func anAbsoluteAddressNamingAnotherServerIsRefused() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        for target in ["http://evil.example/", "HTTP://evil.example/01-convolution.html", "http://127.0.0.1@evil.example/",
                       "http://127.0.0.2.nip.io/", "http://127.0.0.1:1/", "http://[::1]:1/", "http://evil.example?x"] {
            let answer = try await served.probe.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(answer.status == 403, "\(target): \(answer.status)")
        }
        for target in ["http://127.0.0.1/", "http://localhost/01-convolution.html", "http://[::1]/", "http://evil.example@127.0.0.1/"] {
            let answer = try await served.probe.send("GET \(target) HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            #expect(answer.status == 200, "\(target): \(answer.status)")
        }
        #expect(try await served.probe.get("/").status == 200)
    }

    @Test func aBodyIsRefusedWithoutBeingRead() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        // 8 MB posted: refused at once, the connection closed, nothing of it kept.
        let body = Data(repeating: UInt8(ascii: "a"), count: 8 << 20)
        let started = Date()
        let post = try await served.probe.send("POST /api/run/01-convolution.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n",
                                               extra: body, timeout: 20)
        #expect(post.status == 405)
        #expect(Date().timeIntervalSince(started) < 30)
        let get = try await served.probe.send("GET /01-convolution.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\nConnection: close\r\n\r\n",
                                        extra: Data(repeating: 0, count: 100))
        #expect(get.status == 413)
        let chunked = try await served.probe.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(chunked.status == 413)
        for method in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
            let answer = try await served.probe.send("\(method) / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(answer.status == 405 && answer.headers["allow"] == "GET, HEAD", "\(method)")
        }
        #expect(try await served.probe.get("/").status == 200)
    }

    @Test func headIsGetWithoutTheBody() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        for path in ["/01-convolution.html", "/", "/style.css", "/live.js", "/nothing.html", "/api/run/01-convolution.html?99.row=1"] {
            let head = try await served.probe.send("HEAD \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let get = try await served.probe.get(path)
            #expect(head.status == get.status && head.body.isEmpty && head.headers["content-type"] == get.headers["content-type"], "\(path)")
            // RFC 9110 §8.6: a HEAD answer's Content-Length, if any, is GET's.
            #expect(head.headers["content-length"] == nil || head.headers["content-length"] == "\(get.body.utf8.count)",
                    "\(path): HEAD says \(head.headers["content-length"] ?? "-"), GET sent \(get.body.utf8.count) bytes")
        }
        #expect(try await served.probe.send("HEAD /01-convolution.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .headers["content-length"] != nil)
        // HEAD of a run computes nothing: the same values asked with GET are computed then.
        let head = try await served.probe.send("HEAD /api/run/01-convolution.html?4.row=4 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(CacheTests.cached(4, try await served.probe.get("/api/run/01-convolution.html?4.row=4")) == false)
    }

    /// DNS rebinding: a page of another site reaching the server under that site's name.
    @Test(arguments: [
        ("attacker.example", 403), ("attacker.example:PORT", 403), ("127.0.0.1.attacker.example", 403), ("localhost.attacker.example", 403),
        ("10.0.0.1:PORT", 403), ("192.168.1.20", 403), ("127.0.0.1:1", 403), ("localhost:1", 403), ("[::2]", 403),
        ("", 400), ("127.0.0.1:", 400), ("127.0.0.1:x", 400), ("[::1", 400), ("a b", 400), ("NONE", 400), ("TWICE", 400),
    ])
    func aRequestForAnotherHostIsRefused(_ host: String, status: Int) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let line = switch host {
        case "NONE": ""
        case "TWICE": "Host: 127.0.0.1\r\nHost: attacker.example\r\n"
        default: "Host: \(host.replacingOccurrences(of: "PORT", with: "\(served.port)"))\r\n"
        }
        for path in ["/01-convolution.html", "/api/run/01-convolution.html?4.row=3"] {
            let answer = try await served.probe.send("GET \(path) HTTP/1.1\r\n\(line)Connection: close\r\n\r\n")
            #expect(answer.status == status, "Host \(host) \(path): \(answer.status) \(answer.body.prefix(200))")
            #expect(!answer.body.contains("live-controls") && !answer.body.contains("event:"))
        }
        #expect(try await served.probe.get("/").status == 200)
    }

    @Test(arguments: ["localhost", "localhost:PORT", "LOCALHOST:PORT", "127.0.0.1", "127.0.0.1:PORT", "[::1]", "[::1]:PORT", "127.0.0.2:PORT"])
    func theServersOwnNamesAreAnswered(_ host: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let named = host.replacingOccurrences(of: "PORT", with: "\(served.port)")
        let answer = try await served.probe.send("GET /01-convolution.html HTTP/1.1\r\nHost: \(named)\r\nConnection: close\r\n\r\n")
        #expect(answer.status == 200, "Host \(named): \(answer.status) \(answer.body.prefix(200))")
    }

    /// A page elsewhere may link to the book, but not make it compute.
    @Test func theCellAPIAnswersOnlyTheBooksOwnPages() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let own = "127.0.0.1:\(served.port)"
        for headers in ["Origin: http://attacker.example", "Origin: null", "Origin: http://localhost:\(served.port)", "Origin: https://\(own)",
                        "Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: same-site", "Origin: http://\(own)\r\nSec-Fetch-Site: cross-site"] {
            // `//api/...` would be the API too, to the router: it is refused before, as an address with an empty part.
            for path in ["/api/run/01-convolution.html?4.row=2", "/api/events", "//api/run/01-convolution.html?4.row=2", "///api/events"] {
                let answer = try await served.probe.send("GET \(path) HTTP/1.1\r\nHost: \(own)\r\n\(headers)\r\nConnection: close\r\n\r\n")
                let message = answer.json?["message"] as? String ?? ""
                #expect(path.hasPrefix("//") ? answer.status == 404 && message.contains("empty part")
                                             : answer.status == 403 && message.contains("own pages"), "\(headers) \(path): \(answer.status)")
            }
        }
        // Nothing was computed for them.
        let ownPage = try await served.probe.send("GET /api/run/01-convolution.html?4.row=2 HTTP/1.1\r\nHost: \(own)\r\nOrigin: http://\(own)\r\n"
                                                  + "Sec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n")
        #expect(ownPage.status == 200 && CacheTests.cached(4, ownPage) == false)
        // The pages stay open to links from other sites.
        let linked = try await served.probe.send("GET /01-convolution.html HTTP/1.1\r\nHost: \(own)\r\nSec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n")
        #expect(linked.status == 200)
    }

    @Test func aLongAddressIsRefused() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.get("/api/run/01-convolution.html?4.row=" + String(repeating: "9", count: 40_000))
        #expect((400..<500).contains(answer.status) || answer.status == 0, "\(answer.status)")
        #expect(try await served.probe.get("/").status == 200)
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "GET /%%% HTTP/1.1\r\nHost: x\r\n\r\n", "\r\n\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", String(repeating: "A", count: 100_000) + "\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-A: b\r\n", count: 5_000) + "\r\n",
        "GET /\u{0} HTTP/1.1\r\nHost: x\r\n\r\n", "GET /\u{7f} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "b", count: 200_000) + "\r\n\r\n",
    ])
    func aBrokenRequestIsAnsweredOrClosedAndTheServerGoesOn(_ request: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.send(request, timeout: 20)
        #expect(answer.status == 0 || (400..<500).contains(answer.status), "\(request.prefix(40)): \(answer.status)")
        // A refusal says why, in words (a request NIO cannot read as HTTP included).
        #expect(answer.status == 0 || !answer.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "\(request.prefix(40)): \(answer.status) with an empty body")
        // With the headers every answer of the server has.
        #expect(answer.status == 0 || (answer.headers["content-security-policy"] != nil && answer.headers["x-content-type-options"] == "nosniff"),
                "\(request.prefix(40)): \(answer.headers)")
        #expect(try await served.probe.get("/").status == 200)
    }

    /// An absolute address of a scheme other than http asks for another kind of server: a 400
    /// that names it, not the page at its path. A body after it is not taken for a request.
    @Test(arguments: ["ftp://localhost/", "https://127.0.0.1/01-convolution.html", "FILE://localhost/etc/passwd", "ws://127.0.0.1/api/events"])
    func anAbsoluteAddressOfAnotherSchemeIsRefused(_ target: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 18\r\n\r\nGET / HTTP/1.1\r\n\r\n")
        #expect(answer.status == 400 && answer.body.contains("over http") && answer.body.contains(target), "\(target): \(answer.status) \(answer.body)")
        #expect(answer.headers["content-security-policy"] != nil && answer.headers["connection"] == "close")
        #expect(try await served.probe.send("GET HTTP://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").status == 200)
    }

    /// The router skips empty parts of a path, so `/01-convolution.html/` was the page, its relative
    /// links (`style.css`, pictures, other chapters) all dead under it: such an address is a 404
    /// that says what to type.
    @Test(arguments: ["/01-convolution.html/", "//01-convolution.html", "/01-convolution.html//", "///"])
    func anAddressWithAnEmptyPartIsNotThePage(_ path: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.get(path)
        #expect(answer.status == 404, "\(path): \(answer.status)")
        #expect(answer.body.contains("empty part") && answer.body.contains("try /" + (path == "///" ? "." : "01-convolution.html.")),
                "\(answer.body)")
        #expect(try await served.probe.get("/01-convolution.html").status == 200)
    }

    /// An address no route takes is a 404 that says so in words, as JSON under /api/: the
    /// addresses "try /images" leads to included.
    @Test(arguments: ["/images", "/present", "/api", "/api/run", "/nothing/here", "/images/", "/present/"])
    func anAddressNoRouteTakesIsA404InWords(_ path: String) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let answer = try await served.probe.get(path)
        #expect(answer.status == 404, "\(path): \(answer.status)")
        let message = path.hasPrefix("/api") ? answer.json?["message"] as? String : answer.body
        // An address with an empty part offers no address that would be a 404 too.
        #expect(path.hasSuffix("/") ? message?.contains("empty part") == true && message?.contains("try") == false && message?.contains("contents are at /") == true
                    : message?.contains("There is no page or file at \(path) in this book: its contents are at /.") == true, "\(path): \(answer.body)")
    }

    /// An HTTP/1.0 request without keep-alive, and any request answered with an error, end with
    /// the connection closed, as the answer's `Connection: close` says: a client that reads to the
    /// end of the connection gets its answer at once, not when the server's idle timer fires.
    @Test(arguments: [("GET /01-convolution.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 200),
                      ("GET / HTTP/1.0\r\n\r\n", 400),
                      ("GET /no-such-page.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404)])
    func theConnectionClosesWhenTheAnswerSaysSo(_ request: String, status: Int) async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        let start = Date()
        let answer = try await served.probe.send(request, timeout: 20)
        #expect(answer.status == status && answer.headers["connection"] == "close", "\(answer.status) \(answer.headers)")
        #expect(Date().timeIntervalSince(start) < 10, "the connection stayed open after the answer")
        // A keep-alive request still keeps its connection: two answers on one.
        let two = try await served.probe.send("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /01-convolution.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                             timeout: 20)
        #expect(two.status == 200 && two.body.contains("HTTP/1.1 200"), "\(two.status)")
    }

    @Test func listensOnLoopbackOnly() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md"])
        defer { served.stop() }
        // The default options bind 127.0.0.1: the port is not open on any other address of this machine.
        // Read to the end: a /proc file says it is empty, so a read by its size gets nothing.
        let table = String(decoding: try #require(FileHandle(forReadingAtPath: "/proc/net/tcp")).readDataToEndOfFile(), as: UTF8.self)
        let bound = table.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 3, fields[3] == "0A" else { return nil }  // LISTEN
            let local = fields[1].split(separator: ":")
            return Int(local[1], radix: 16) == served.port ? String(local[0]) : nil
        }
        #expect(bound == ["0100007F"], "listening on \(bound)")
    }
}
