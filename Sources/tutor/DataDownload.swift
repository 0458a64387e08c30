import CNN
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads an MNIST file from a public mirror: to a temporary file beside its final name, checked
/// against its SHA-256, then renamed, so an interrupted or corrupt download never looks complete.
enum MNISTDownload {
    static let mirror = "https://storage.googleapis.com/cvdf-datasets/mnist/"

    /// Why a download failed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Fetches `file` from `mirror` (a URL ending in /) into `directory` and returns where it now is.
    static func fetch(_ file: MNISTFile, from mirror: String = mirror, into directory: URL) throws -> URL {
        guard let source = URL(string: mirror + file.compressedName) else { throw Failure(description: "bad mirror URL \(mirror)") }
        let bytes = try get(source)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let final = directory.appendingPathComponent(file.compressedName)
        let temporary = directory.appendingPathComponent(".\(file.compressedName).download")
        try bytes.write(to: temporary)
        do {
            try file.verify(temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: temporary, to: final)
        return final
    }

    /// The body of a GET request, waiting for it; a network error or an HTTP status other than 200 throws.
    private static func get(_ url: URL) throws -> Data {
        let request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 30)
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                result.set(.failure(Failure(description: error.localizedDescription)))
            } else if let status = (response as? HTTPURLResponse)?.statusCode, status != 200 {
                result.set(.failure(Failure(description: "HTTP status \(status) from \(url)")))
            } else {
                result.set(.success(data ?? Data()))
            }
            done.signal()
        }.resume()
        done.wait()
        return try result.get()
    }

    /// The result of the request, handed from URLSession's queue to the waiting thread.
    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<Data, Error> = .failure(Failure(description: "no response"))
        func set(_ newValue: Result<Data, Error>) { lock.withLock { value = newValue } }
        func get() throws -> Data { try lock.withLock { value }.get() }
    }
}
