import Foundation

/// libdeflate (Eric Biggers' whole-buffer DEFLATE library), used when this machine has it: it
/// inflates MNIST's 47 MB of training images in a third of zlib's time (0.063 s against 0.18-0.20 s
/// on a Zen 3 core), and every run waits for those images before its first batch.
///
/// It is looked up when first needed (`dlopen`), not linked: a machine without it reads every gzip
/// file through zlib as before, and building tutor needs nothing more. On Debian and Ubuntu it is
/// the package libdeflate0, which libtiff (and so most desktops) already depends on.
///
/// libdeflate inflates a whole gzip member into a buffer of a size given beforehand, so it is only a
/// shortcut for files that are right: `IDX` asks it for exactly the bytes the file's header
/// announces, and takes its answer only if the file was one member that inflated to exactly that
/// many bytes, its CRC-32 and length checked. Anything else (no libdeflate, several members, a
/// wrong size, corrupt data) is read again through `GzipSource`, whose checks and messages every
/// error comes from.
///
/// `TUTOR_INFLATE=zlib` in the environment turns it off (to compare the two, or to rule it out).
enum LibDeflate {
    // The C functions, as libdeflate.h declares them (size_t is Int; an enum libdeflate_result is an int).
    typealias AllocateDecompressor = @convention(c) () -> OpaquePointer?
    typealias FreeDecompressor = @convention(c) (OpaquePointer?) -> Void
    typealias GzipDecompress = @convention(c) (_ decompressor: OpaquePointer?, _ input: UnsafeRawPointer?, _ inputCount: Int,
                                               _ output: UnsafeMutableRawPointer?, _ outputCapacity: Int,
                                               _ inputUsed: UnsafeMutablePointer<Int>?, _ outputWritten: UnsafeMutablePointer<Int>?) -> Int32

    /// libdeflate's entry points, once found.
    struct Library: @unchecked Sendable {
        let name: String
        let allocate: AllocateDecompressor
        let free: FreeDecompressor
        let gzipDecompress: GzipDecompress
    }

    /// The names the library goes by: its Linux soname, then macOS's.
    static let names = ["libdeflate.so.0", "libdeflate.0.dylib", "libdeflate.dylib"]

    /// The largest gzip file offered to it, which is read into memory whole: 64 MiB, over six
    /// times MNIST's largest (9.9 MB). A larger one is inflated as it is read, as everywhere else,
    /// so that a hostile file costs no more memory than before.
    static let largestFile = 64 << 20

    /// The library, or nil if this machine has none (or `TUTOR_INFLATE=zlib`).
    static let library: Library? = {
        if ProcessInfo.processInfo.environment["TUTOR_INFLATE"] == "zlib" { return nil }
        for name in names {
            // Never closed: the functions are used for the life of the process.
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let allocate = dlsym(handle, "libdeflate_alloc_decompressor"),
                  let free = dlsym(handle, "libdeflate_free_decompressor"),
                  let gzipDecompress = dlsym(handle, "libdeflate_gzip_decompress_ex") else { continue }
            return Library(name: name, allocate: unsafeBitCast(allocate, to: AllocateDecompressor.self),
                           free: unsafeBitCast(free, to: FreeDecompressor.self),
                           gzipDecompress: unsafeBitCast(gzipDecompress, to: GzipDecompress.self))
        }
        return nil
    }()

    /// What inflates gzip files in this process, for a benchmark's report.
    static var description: String {
        library.map { "libdeflate (\($0.name)), zlib for files it does not take" } ?? "zlib"
    }

    /// Inflates `compressed`, which must be exactly one gzip member, into all of `output`; true only
    /// if it inflated to exactly `output.count` bytes and passed its CRC-32 and length checks
    /// (`output` then holds them; otherwise its contents mean nothing).
    static func inflateGzip(_ compressed: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                            using library: Library) -> Bool {
        guard let decompressor = library.allocate() else { return false }
        defer { library.free(decompressor) }
        var used = 0, written = 0
        // 0 is LIBDEFLATE_SUCCESS: the member ended within `output`, its checks passed.
        let result = library.gzipDecompress(decompressor, compressed.baseAddress, compressed.count,
                                            output.baseAddress, output.count, &used, &written)
        return result == 0 && used == compressed.count && written == output.count
    }
}
