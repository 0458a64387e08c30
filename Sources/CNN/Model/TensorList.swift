/// Several tensors in one allocation that does not move, so that kernels on many threads can
/// hold pointers into it while an optimizer updates it between steps.
final class TensorList: @unchecked Sendable {
    let shapes: [[Int]]
    /// Where tensor i starts in `storage`.
    let offsets: [Int]
    /// The total number of floats, the gaps between tensors included.
    let count: Int
    let storage: UnsafeMutablePointer<Float>
    /// A pointer to each tensor, and the same as buffers, made once.
    let pointers: [UnsafeMutablePointer<Float>]
    let buffers: [UnsafeMutableBufferPointer<Float>]
    let readOnlyBuffers: [UnsafeBufferPointer<Float>]

    /// Zero-filled tensors of the given shapes.
    init(shapes: [[Int]]) {
        self.shapes = shapes
        let sizes = shapes.map { $0.reduce(1, *) }
        // Each tensor starts on a cache line (a whole number of vectors after the first; see
        // `allocateVectors`); the gaps between them stay zero.
        let padded = sizes.map { ($0 + Vector.width - 1) / Vector.width * Vector.width }
        offsets = padded.indices.map { padded[..<$0].reduce(0, +) }
        count = padded.reduce(0, +)
        // Padded by a vector so that a kernel may read one vector past the end of the last tensor.
        let storage = UnsafeMutablePointer<Float>.allocateVectors(capacity: count + Vector.width)
        storage.initialize(repeating: 0, count: count + Vector.width)
        self.storage = storage
        pointers = offsets.map { storage + $0 }
        buffers = zip(pointers, sizes).map { UnsafeMutableBufferPointer(start: $0, count: $1) }
        readOnlyBuffers = buffers.map { UnsafeBufferPointer($0) }
    }

    /// A copy of `tensors`.
    convenience init(_ tensors: [Tensor]) {
        self.init(shapes: tensors.map(\.shape))
        for (i, tensor) in tensors.enumerated() {
            tensor.scalars.withUnsafeBufferPointer { pointers[i].update(from: $0.baseAddress!, count: tensor.count) }
        }
    }

    deinit { storage.deallocate() }

    /// Tensor i, copied out.
    func tensor(_ i: Int) -> Tensor {
        Tensor(shape: shapes[i], scalars: Array(buffers[i]))
    }

    /// Pointers to the tensors in `range`.
    func pointers(_ range: Range<Int>) -> [UnsafeMutablePointer<Float>] { Array(pointers[range]) }

    func zero() { storage.update(repeating: 0, count: count) }
}
