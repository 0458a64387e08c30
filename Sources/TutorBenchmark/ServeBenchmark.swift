import ArgumentParser
import CNN
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `tutor-benchmark serve`: a class on `tutor serve`, over loopback, against the built binary.
///
/// Starts `tutor serve` on a free port over a copy of the chapters (so live reload can be timed
/// on an edit), fills its cache with the chapters' own values, then:
/// 1. `--clients` simulated students each change cheap cells (a digit, a kernel typed as a grid,
///    a pixel position, a list of temperatures) for `--seconds`, waiting `--think` seconds on
///    average between changes as a person does (0: at once, to find the server's capacity): every round trip is
///    timed from the request to the end of its stream, every answer must be a 200 stream that
///    ends in `done`, and the server's resident memory is sampled each second;
/// 2. with the full MNIST, a new setting of chapter 6's training cell, timed to its first
///    progress line (each run picks a batch size no run has used);
/// 3. a chapter file saved, timed to the `changed` event on `/api/events`.
/// Only 127.0.0.1 is contacted; every phase has a fixed end.
struct ServeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Load-test tutor serve on loopback: 30 students changing cheap cells, chapter 6's first progress line, live reload.")

    @Option(help: "The tutor binary (default: the one built beside this benchmark).")
    var tutor: String?

    @Option(help: "Simulated students.")
    var clients = 30

    @Option(help: "Seconds the students keep changing cells.")
    var seconds = 60

    @Option(help: "The chapters to serve (copied; the copy is edited to time live reload).")
    var chapters = "chapters"

    @Option(help: "The full MNIST directory (default: $TUTOR_DATA); without it chapter 6 is not timed.")
    var data: String?

    @Option(help: "Mean seconds a student takes between two changes (a person moving a control); 0 sends the next at once.")
    var think = 1.0

    @Option(help: "Seed of the students' choices.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...500).contains(clients) else { throw ValidationError("--clients: give 1 to 500") }
        guard (1...3600).contains(seconds) else { throw ValidationError("--seconds: give 1 to 3600") }
    }

    func run() throws {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let binary = tutor.map { URL(fileURLWithPath: $0, relativeTo: here) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("tutor")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-serve-benchmark-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: chapters, relativeTo: here), to: work.appendingPathComponent("chapters"))
        let mnist = data ?? ProcessInfo.processInfo.environment["TUTOR_DATA"]
        let server = try ServedBinary(binary: binary, arguments: [
            "serve", "--port", "0", "--chapters", work.appendingPathComponent("chapters").path, "--out", work.appendingPathComponent("output").path,
            "--sample", here.appendingPathComponent("data/sample").path,
        ] + (mnist.map { ["--data", $0] } ?? []))
        defer { server.stop() }
        print("tutor serve at 127.0.0.1:\(server.port), pid \(server.pid), \(ProcessInfo.processInfo.activeProcessorCount) cores: \(Self.processorName)")

        // The chapters' own values first, as after `tutor build`: the class then explores from there.
        let warm = Date()
        for page in ["01-convolution.html", "02-relu.html", "03-softmax.html", "04-cross-entropy.html", "05-adam.html"] {
            let answer = try Loopback.get(port: server.port, "/api/run/\(page)?from=1", timeout: 300)
            guard answer.status == 200, answer.body.contains("event: done") else { throw ValidationError("\(page) did not compute: \(answer.status)") }
        }
        print(String(format: "own values of chapters 1-5 computed in %.1f s; memory %.0f MB", Date().timeIntervalSince(warm), server.residentMegabytes))

        try students(server)
        if let mnist, !mnist.isEmpty { try firstTrainingLine(server) } else { print("chapter 6: no MNIST (--data or TUTOR_DATA), not timed") }
        try liveReload(server, chapter: work.appendingPathComponent("chapters/01-convolution.md"))
    }

    /// Phase 1: the class.
    private func students(_ server: ServedBinary) throws {
        let stop = Date().addingTimeInterval(Double(seconds))
        let results = LockedList()
        var threads: [Thread] = []
        for student in 0..<clients {
            let thread = Thread { [seed, think] in
                var random = Xoshiro256StarStar(seed: seed &* 1_000_003 &+ UInt64(student))
                while Date() < stop {
                    // Half to one and a half times the mean: students do not move in step.
                    if think > 0 { Thread.sleep(forTimeInterval: think * (0.5 + Double(random.nextInt(below: 1000)) / 1000)) }
                    guard Date() < stop else { break }
                    let path = Self.cheapChange(&random)
                    let started = Date()
                    let answer = try? Loopback.get(port: server.port, path, timeout: 30)
                    let ok = answer.map { $0.status == 200 && $0.body.hasSuffix("event: done\ndata: {}\n\n") } ?? false
                    results.add(Date().timeIntervalSince(started), ok: ok, path: path, status: answer?.status ?? 0)
                }
            }
            thread.start()
            threads.append(thread)
        }
        var peak = server.residentMegabytes
        while Date() < stop.addingTimeInterval(31) && results.finished < clients {
            Thread.sleep(forTimeInterval: 1)
            peak = max(peak, server.residentMegabytes)
            if Date() > stop { results.countFinished(threads) }
        }
        let (times, errors, firstError) = results.summary
        guard !times.isEmpty else { throw ValidationError("no request finished") }
        let sorted = times.sorted()
        let at = { (q: Double) in sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))] * 1000 }
        print(String(format: "%d students, %.1f s between changes on average, %d s: %d round trips (%.0f/s), %d errors; median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; server memory peak %.0f MB",
                     clients, think, seconds, times.count, Double(times.count) / Double(seconds), errors, at(0.5), at(0.9), at(0.99), sorted.last! * 1000, peak))
        if let firstError { print("  first error: \(firstError)") }
        let verdict = at(0.5) < 50 && at(0.99) < 250 && errors == 0 && peak < 300
        print("targets (median < 50 ms, p99 < 250 ms, no error, memory < 300 MB): \(verdict ? "met" : "NOT met")")
    }

    /// One student's next change: a cheap cell of chapters 1-3, with a value from a wide range so
    /// that most are new to the cache.
    static func cheapChange(_ random: inout Xoshiro256StarStar) -> String {
        switch random.nextInt(below: 5) {
        case 0:
            return "/api/run/01-convolution.html?1.digit=\(random.nextInt(below: 10))&1.top=\(random.nextInt(below: 20))&1.left=\(random.nextInt(below: 20))"
        case 1:
            let grid = (0..<3).map { _ in "[" + (0..<3).map { _ in String(Int(random.nextInt(below: 9)) - 4) }.joined(separator: ",") + "]" }.joined(separator: ",")
            return "/api/run/01-convolution.html?4.kernel=" + Self.encode("[\(grid)]") + "&4.row=\(random.nextInt(below: 26))&4.column=\(random.nextInt(below: 26))"
        case 2:
            let kernels = ["sobelX", "sobelY", "sharpen", "outline", "boxBlur", "identity"]
            return "/api/run/02-relu.html?1.kernel=\(kernels[random.nextInt(below: kernels.count)])&1.digit=\(random.nextInt(below: 10))"
        case 3:
            let temperatures = (0..<4).map { _ in String(format: "%.1f", 0.1 + Double(random.nextInt(below: 100)) / 10) }.joined(separator: ",")
            return "/api/run/03-softmax.html?4.temperatures=" + Self.encode("[\(temperatures)]")
        default:
            return "/api/run/03-softmax.html?2.index=\(400 + random.nextInt(below: 100))"
        }
    }

    /// Phase 2: chapter 6's training cell with values no run has used, to its first progress line.
    private func firstTrainingLine(_ server: ServedBinary) throws {
        var times: [Double] = []
        var random = Xoshiro256StarStar(seed: UInt64(Date().timeIntervalSince1970))
        for _ in 0..<3 {
            let path = "/api/run/06-mnist.html?1.epochs=1&1.batchSize=\(100 + random.nextInt(below: 400))"
            let first = try Loopback.timeToFirst("event: progress", port: server.port, path: path, timeout: 120)
            times.append(first)
            // Let it finish, so the next one is not waiting in line behind it.
            _ = try Loopback.get(port: server.port, path, timeout: 300)
        }
        print(String(format: "chapter 6, a new training setting: first progress line after %@ s (target 0.5 s)",
                     times.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
    }

    /// Phase 3: a chapter saved, to the `changed` event every open page receives.
    private func liveReload(_ server: ServedBinary, chapter: URL) throws {
        var times: [Double] = []
        for n in 0..<5 {
            let seconds = try Loopback.timeToFirst("\"page\":\"01-convolution.html\"", port: server.port, path: "/api/events", timeout: 10) {
                Thread.sleep(forTimeInterval: 0.2)
                let text = (try? String(contentsOf: chapter, encoding: .utf8)) ?? ""
                try? (text + "\nEdit \(n).\n").write(to: chapter, atomically: true, encoding: .utf8)
            }
            times.append(seconds - 0.2)
        }
        print(String(format: "live reload: a saved chapter reached the open pages after %@ s (target 1 s)",
                     times.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    static var processorName: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return info.split(separator: "\n").first { $0.hasPrefix("model name") }.map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) } ?? "unknown processor"
    }
}

/// `tutor serve` started as a child process, on the port it says.
final class ServedBinary: @unchecked Sendable {
    let process = Process()
    let port: Int
    var pid: Int32 { process.processIdentifier }

    init(binary: URL, arguments: [String]) throws {
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var said = ""
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !said.contains("\n") {
            let data = handle.availableData
            if data.isEmpty { break }
            said += String(decoding: data, as: UTF8.self)
        }
        guard let range = said.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression), let port = Int(said[range].split(separator: ":")[1]) else {
            process.terminate()
            throw ValidationError("tutor serve did not say where it listens: \(said)")
        }
        self.port = port
    }

    /// VmRSS from /proc, read to the end (a /proc file says it is empty).
    var residentMegabytes: Double {
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/status") else { return 0 }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }

    func stop() {
        kill(pid, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A plain HTTP/1.1 GET to 127.0.0.1 over a socket, read to the end (`Connection: close`).
enum Loopback {
    struct Answer { var status: Int; var body: String }

    static func get(port: Int, _ path: String, timeout: Double) throws -> Answer {
        var bytes: [UInt8] = []
        try exchange(port: port, path: path, timeout: timeout) { bytes += $0; return true }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator }) else { return Answer(status: 0, body: "") }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let status = head.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        let body = Array(bytes[(end + 4)...])
        return Answer(status: status, body: String(decoding: head.lowercased().contains("transfer-encoding: chunked") ? Self.dechunked(body) : body, as: UTF8.self))
    }

    /// Seconds from sending the request (after `afterSending`) to the first time `marker` arrives.
    static func timeToFirst(_ marker: String, port: Int, path: String, timeout: Double, afterSending: () -> Void = {}) throws -> Double {
        var text = ""
        var started = Date()
        var found: Double?
        try exchange(port: port, path: path, timeout: timeout, sent: { started = Date(); afterSending() }) { piece in
            text += String(decoding: piece, as: UTF8.self)
            if text.contains(marker) { found = Date().timeIntervalSince(started); return false }
            return true
        }
        guard let found else { throw ValidationError("\(path): no \(marker) within \(timeout) s") }
        return found
    }

    /// Sends the request; gives what arrives to `received` until it returns false or the server closes.
    private static func exchange(port: Int, path: String, timeout: Double, sent: () -> Void = {}, received: ([UInt8]) -> Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("socket: errno \(errno)") }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { throw ValidationError("connect to 127.0.0.1:\(port): errno \(errno)") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        sent()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return }
            if !received(Array(buffer[0..<count])) { return }
        }
    }

    /// The body of a chunked answer, joined.
    static func dechunked(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var at = 0
        while let lineEnd = (at..<max(at, body.count - 1)).first(where: { body[$0] == 13 && body[$0 + 1] == 10 }),
              let size = Int(String(decoding: body[at..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "", radix: 16), size > 0 {
            let start = lineEnd + 2
            let stop = min(body.count, start + size)
            out += body[start..<stop]
            at = stop + 2
        }
        return out
    }
}

/// Round-trip times from many threads.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Double] = []
    private var errors = 0
    private var firstError: String?
    private(set) var finished = 0

    func add(_ seconds: Double, ok: Bool, path: String, status: Int) {
        lock.lock()
        defer { lock.unlock() }
        times.append(seconds)
        if !ok {
            errors += 1
            if firstError == nil { firstError = "\(status) for \(path)" }
        }
    }

    func countFinished(_ threads: [Thread]) {
        lock.lock()
        finished = threads.filter(\.isFinished).count
        lock.unlock()
    }

    var summary: ([Double], Int, String?) {
        lock.lock()
        defer { lock.unlock() }
        return (times, errors, firstError)
    }
}
