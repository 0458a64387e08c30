import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads MNIST files from a mirror, so that a file under its final name is always a whole,
/// checked one.
///
/// Each file streams into a temporary file beside its final name (`.NAME.UUID.partial`), is
/// cut off past `Limits.maximumBytes`, is checked against its published SHA-256, and only then
/// renamed over the final name; rename(2) replaces in one step, so a reader sees the old file or
/// the new one, never half of either. On any failure the temporary file is removed.
public enum MNISTDownload {
    /// The public mirror the book uses by default (Google's copy of LeCun's files).
    public static let mirror = "https://storage.googleapis.com/cvdf-datasets/mnist/"

    /// How much a download may take.
    public struct Limits: Sendable {
        /// The largest body accepted. The biggest file, the training images, is 9.9 MB
        /// compressed (47 MB if a mirror serves it inflated); 64 MiB leaves room for both and
        /// still stops a mirror that sends without end before it fills the disk.
        public var maximumBytes: Int
        /// Seconds a connection may stay silent before it is given up.
        public var idleTimeout: TimeInterval
        /// Seconds the whole file may take, so a mirror that trickles a byte at a time cannot hang us.
        public var totalTimeout: TimeInterval

        public init(maximumBytes: Int = 64 << 20, idleTimeout: TimeInterval = 30, totalTimeout: TimeInterval = 600) {
            self.maximumBytes = maximumBytes
            self.idleTimeout = idleTimeout
            self.totalTimeout = totalTimeout
        }
    }

    /// Why a download failed. Each case names what was asked for.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case badMirror(String)
        case network(url: String, reason: String)
        case httpStatus(url: String, status: Int)
        case tooLarge(url: String, limit: Int)
        case timedOut(url: String, seconds: Int)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case let .badMirror(mirror): "bad mirror URL '\(mirror)' (it must be http:// or https:// and end in /)"
            case let .network(url, reason): "\(url): \(reason)"
            case let .httpStatus(url, status): "\(url): HTTP status \(status)"
            case let .tooLarge(url, limit): "\(url): the mirror sent more than \(limit) bytes; no MNIST file is that large, so it was cut off"
            case let .timedOut(url, seconds): "\(url): not finished after \(seconds) s"
            case let .cannotWrite(path, reason): "\(path): cannot write: \(reason)"
            }
        }
    }

    /// Fetches `file` from `mirror` (a URL ending in /) into `directory` and returns where it now is.
    /// Throws `Failure`, or `DataError` when the bytes that arrived are not the published file.
    public static func fetch(_ file: MNISTFile, from mirror: String = mirror, into directory: URL,
                             limits: Limits = Limits()) throws -> URL {
        guard mirror.hasSuffix("/"), let source = URL(string: mirror + file.compressedName),
              ["http", "https"].contains(source.scheme?.lowercased() ?? "") else { throw Failure.badMirror(mirror) }
        // The folders this call makes, deepest first: removed again (if still empty) when the
        // download fails, so a failed `tutor data --data new/sub` leaves nothing behind.
        var made: [URL] = []
        var missing = directory.standardizedFileURL
        while !FileManager.default.fileExists(atPath: missing.path) && missing.path != "/" {
            made.append(missing)
            missing = missing.deletingLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            made.forEach { rmdir($0.path) }
            throw Failure.cannotWrite(path: directory.path, reason: describe(error))
        }
        let final = directory.appendingPathComponent(file.compressedName)
        let temporary = directory.appendingPathComponent(".\(file.compressedName).\(UUID().uuidString).partial")
        do {
            defer { try? FileManager.default.removeItem(at: temporary) }  // after the rename, there is nothing left to remove
            try download(source, to: temporary, limits: limits)
            try file.verify(temporary)
            guard rename(temporary.path, final.path) == 0 else {
                throw Failure.cannotWrite(path: final.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            made.forEach { rmdir($0.path) }  // rmdir removes only an empty folder
            throw error
        }
        return final
    }

    /// Streams the body of a GET of `url` into a new file at `path`, within `limits`.
    static func download(_ url: URL, to path: URL, limits: Limits) throws {
        guard FileManager.default.createFile(atPath: path.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path.path) else {
            throw Failure.cannotWrite(path: path.path, reason: "cannot create a temporary file")
        }
        defer { try? handle.close() }
        let receiver = Receiver(url: url, handle: handle, limit: limits.maximumBytes)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = limits.idleTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: URLRequest(url: url))
        task.resume()
        if receiver.done.wait(timeout: .now() + limits.totalTimeout) == .timedOut {
            task.cancel()
            throw Failure.timedOut(url: url.absoluteString, seconds: Int(limits.totalTimeout))
        }
        if let failure = receiver.failure { throw failure }
    }

    /// Receives the response on URLSession's queue: writes each piece as it arrives and stops the
    /// task at the first sign of a body larger than the limit.
    private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let url: URL
        let handle: FileHandle
        let limit: Int
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var received = 0
        private var firstFailure: Failure?

        init(url: URL, handle: FileHandle, limit: Int) {
            self.url = url
            self.handle = handle
            self.limit = limit
        }

        var failure: Failure? { lock.withLock { firstFailure } }

        private func fail(_ failure: Failure) {
            lock.withLock { if firstFailure == nil { firstFailure = failure } }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if status != 200 {
                fail(.httpStatus(url: url.absoluteString, status: status))
                completionHandler(.cancel)
            } else if response.expectedContentLength > Int64(limit) {
                // The mirror announces too much: refuse before a byte of it arrives.
                fail(.tooLarge(url: url.absoluteString, limit: limit))
                completionHandler(.cancel)
            } else {
                completionHandler(.allow)
            }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let total = lock.withLock { () -> Int in
                received += data.count
                return received
            }
            guard total <= limit else {
                fail(.tooLarge(url: url.absoluteString, limit: limit))
                dataTask.cancel()
                return
            }
            do {
                try handle.write(contentsOf: data)
            } catch {
                fail(.cannotWrite(path: "temporary file for \(url.lastPathComponent)", reason: describe(error)))
                dataTask.cancel()
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            if let error { fail(.network(url: url.absoluteString, reason: describe(error))) }
            done.signal()
        }
    }

    /// An error as a sentence, without Foundation's domain-and-code wrapping where it has a better one.
    private static func describe(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
