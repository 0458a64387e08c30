/// Memory for the fast kernels: floats that start on a cache line.
///
/// Why: a kernel reads a 16-float `Vector` as two 32-byte halves on AVX2 (one 64-byte load on
/// AVX-512). `allocate(capacity:)` gives 16-byte alignment, and large blocks come from the system
/// 16 bytes past a page boundary, so one half of every vector straddled two cache lines and cost
/// two loads. Starting every buffer on a 64-byte line (and every row a multiple of 16 floats after
/// it) keeps each half within one line. Alignment changes no arithmetic, so no result.
extension UnsafeMutablePointer where Pointee == Float {
    /// The bytes of a cache line.
    public static var cacheLine: Int { 64 }

    /// Uninitialized room for `count` floats, starting on a cache line; free it with `deallocate()`.
    public static func allocateVectors(capacity count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, count) * MemoryLayout<Float>.stride, alignment: cacheLine)
            .bindMemory(to: Float.self, capacity: Swift.max(1, count))
    }
}
