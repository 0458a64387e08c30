import Book
import CNN
import Foundation
import Testing

/// The server stopped in the middle of a class, and a class of random requests.
@Suite struct ShutdownAndFuzzTests {
    @Test func stoppingUnderLoadEndsEveryStreamAndLeavesTheCacheSound() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md", "03-softmax.md"])
        let probe = served.probe
        let cache = served.url("output/.cache")
        // Readers mid-run (a training among them) and pages listening for changes.
        let readers = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<12 {
                    group.addTask {
                        let path = n % 4 == 0 ? "/api/run/03-softmax.html?1.epochs=\(150 + n)&1.batchSize=2"
                            : n % 4 == 1 ? "/api/events" : "/api/run/01-convolution.html?4.row=\(n)"
                        return (try? await probe.getConcurrently(path, timeout: 30))?.status ?? -1
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
        }
        // Until the quick runs have saved some results (a cache to check), at most 20 s.
        let entriesDeadline = Date().addingTimeInterval(20)
        while Date() < entriesDeadline, ((try? FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("cells").path)) ?? []).count < 3 {
            try await Task.sleep(for: .milliseconds(100))
        }
        let stopping = Date()
        let (status, killed) = served.stopKeepingFiles()
        // The trainings running or waiting do not hold the stop up (they take many seconds each,
        // and longer with every other suite on the two cores; serve_check.py holds an idle stop to 5 s).
        #expect(Date().timeIntervalSince(stopping) < 15, "stopping took \(Date().timeIntervalSince(stopping)) s")
        #expect(status == 0 && !killed, "Ctrl-C ended the server with \(status)\(killed ? " (a signal)" : "")")
        let statuses = try await readers.value
        #expect(!statuses.contains { $0 >= 500 }, "\(statuses)")
        // Nothing half-written in the cache, and every entry there reads back whole.
        let files = FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        #expect(!files.contains { $0.lastPathComponent.hasSuffix(".partial") })
        let entries = files.filter { $0.pathExtension == "cell" }
        #expect(!entries.isEmpty)
        let reader = CellCache(directory: cache)
        for entry in entries {
            let key = entry.deletingPathExtension().lastPathComponent
            #expect(reader.hasEntry(key) && reader.entry(key) != nil, "damaged entry \(entry.lastPathComponent)")
        }
        try? FileManager.default.removeItem(at: served.root)
    }

    /// Random requests against the cell API and the pages: every one answered, none a 5xx.
    @Test func randomRequestsNeverGetA5xx() async throws {
        let served = try await ServedProject.start(chapters: ["01-convolution.md", "02-relu.md"])
        defer { served.stop() }
        var random = Xoshiro256StarStar(seed: 20261201)
        let pages = ["01-convolution.html", "02-relu.html", "index.html", "03-nothing.html", "", "..", "%2e%2e", "images", "x.pgm"]
        let names = ["1.digit", "4.kernel", "4.row", "4.column", "2.x", "1.size", "from", "1.", ".digit", "5.sizes", "1.top", "9.digit", "a.b", ""]
        let values = ["3", "-1", "0", "27", "28", "1e308", "nan", "[[0,1,0],[1,-4,1],[0,1,0]]", "[[1]]", "[", "]", "sobelX", "\"x\"", "",
                      "%00", "%ff", "%", "[[1,2,3],[4,5,6],[7,8]]", "[1,3,5]", "true", String(repeating: "[", count: 40), "1.5", "+2"]
        var seen: [Int: Int] = [:]
        for n in 0..<300 {
            let page = pages[random.nextInt(below: pages.count)]
            var query: [String] = []
            for _ in 0..<random.nextInt(below: 4) { query.append("\(names[random.nextInt(below: names.count)])=\(values[random.nextInt(below: values.count)])") }
            if random.nextInt(below: 5) == 0 { query.append(String((0..<random.nextInt(below: 12)).map { _ in Character(UnicodeScalar(UInt8(33 + random.nextInt(below: 94)))) })) }
            let prefix = ["/api/run/", "/", "/images/", "/present/"][random.nextInt(below: 4)]
            let path = prefix + page + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
            let target = path.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "#", with: "%23")
            let answer = try await served.probe.send("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout: 30)
            seen[answer.status, default: 0] += 1
            #expect(answer.status != 0 && answer.status < 500, "request \(n): GET \(target) -> \(answer.status) \(answer.body.prefix(200))")
        }
        #expect(try await served.probe.get("/").status == 200)
        #expect(seen.keys.contains(200) && seen.keys.contains { (400..<500).contains($0) }, "\(seen)")
    }
}
