import Foundation

/// The bytes of a data file, inflated if it is gzip-compressed (recognised by its magic number,
/// not its name, so `train-images-idx3-ubyte` and `train-images-idx3-ubyte.gz` both work).
public func uncompressedContents(of url: URL) throws(DataError) -> [UInt8] {
    let raw = try fileContents(of: url)
    guard Gzip.isCompressed(raw) else { return raw }
    do {
        return try Gzip.decompress(raw)
    } catch {
        throw .corruptGzip(file: url.path, reason: error.reason)
    }
}

/// The bytes of a file, read straight into one array (no intermediate `Data` copy of 47 MB).
func fileContents(of url: URL) throws(DataError) -> [UInt8] {
    let path = url.path
    func failure(_ code: Int32) -> DataError { .unreadable(file: path, reason: String(cString: strerror(code))) }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw failure(errno) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw failure(errno) }
    guard (status.st_mode & S_IFMT) == S_IFREG else { throw DataError.unreadable(file: path, reason: "not a regular file") }
    let size = Int(status.st_size)
    var readError: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        while initialized < size {
            let n = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { readError = n < 0 ? errno : EIO; break }
            initialized += n
        }
    }
    guard readError == 0 else { throw failure(readError) }
    return bytes
}
