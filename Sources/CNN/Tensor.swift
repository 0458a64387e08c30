import Foundation

/// A dense array of `Float` with a shape, stored row-major (the last index varies fastest).
///
/// Images follow Keras' channels-last convention: a batch of images is `[N, H, W, C]` (NHWC),
/// one image is `[H, W, C]`, a convolution kernel is `[kh, kw, cin, cout]`. Flattening keeps the
/// same order, so element `[y, x, c]` of an image lands at `(y * W + x) * C + c`.
public struct Tensor: Equatable, Codable, Sendable, CustomStringConvertible {
    /// The size of each axis, outermost first.
    public private(set) var shape: [Int]
    /// The elements, row-major: `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float] {
        didSet { precondition(scalars.count == Self.count(of: shape), "Tensor: scalars no longer fit shape \(shape)") }
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative axis in shape \(shape)")
        precondition(scalars.count == Self.count(of: shape),
                     "Tensor: \(scalars.count) scalars cannot fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: Self.count(of: shape)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape) }

    /// A rank-1 tensor.
    public init(_ scalars: [Float]) { self.init(shape: [scalars.count], scalars: scalars) }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The same elements seen with another shape of the same size.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// The position of `[i0, i1, ...]` in `scalars`.
    @inlinable
    public func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "Tensor: \(indices.count) indices for shape \(shape)")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "Tensor: index \(indices) out of shape \(shape)")
            offset = offset * shape[axis] + index
        }
        return offset
    }

    /// The element at `[i0, i1, ...]`, e.g. `image[y, x, c]`.
    public subscript(_ indices: Int...) -> Float {
        get { scalars[offset(indices)] }
        set { scalars[offset(indices)] = newValue }
    }

    // The same for one to four indices, each checked against its axis, with no array built per
    // element: the variadic subscript allocates its indices on every call, and a step that
    // multiplied two small matrices element by element spent most of its time in malloc and free.

    /// The element at `[i]` of a vector.
    public subscript(_ i: Int) -> Float {
        get { scalars[offset(i)] }
        set { scalars[offset(i)] = newValue }
    }

    /// The element at `[i, j]`, e.g. `weights[o, k]`.
    public subscript(_ i: Int, _ j: Int) -> Float {
        get { scalars[offset(i, j)] }
        set { scalars[offset(i, j)] = newValue }
    }

    /// The element at `[i, j, k]`, e.g. `image[y, x, c]`.
    public subscript(_ i: Int, _ j: Int, _ k: Int) -> Float {
        get { scalars[offset(i, j, k)] }
        set { scalars[offset(i, j, k)] = newValue }
    }

    /// The element at `[i, j, k, l]`, e.g. `kernel[dy, dx, c, o]`.
    public subscript(_ i: Int, _ j: Int, _ k: Int, _ l: Int) -> Float {
        get { scalars[offset(i, j, k, l)] }
        set { scalars[offset(i, j, k, l)] = newValue }
    }

    /// `offset([i, ...])` for one to four indices: each index times the sizes of the axes after it.
    @inlinable
    public func offset(_ i: Int) -> Int {
        checkRank(1)
        checkIndex(i, axis: 0, [i])
        return i
    }

    @inlinable
    public func offset(_ i: Int, _ j: Int) -> Int {
        checkRank(2)
        checkIndex(i, axis: 0, [i, j]); checkIndex(j, axis: 1, [i, j])
        return i * shape[1] + j
    }

    @inlinable
    public func offset(_ i: Int, _ j: Int, _ k: Int) -> Int {
        checkRank(3)
        checkIndex(i, axis: 0, [i, j, k]); checkIndex(j, axis: 1, [i, j, k]); checkIndex(k, axis: 2, [i, j, k])
        return (i * shape[1] + j) * shape[2] + k
    }

    @inlinable
    public func offset(_ i: Int, _ j: Int, _ k: Int, _ l: Int) -> Int {
        checkRank(4)
        checkIndex(i, axis: 0, [i, j, k, l]); checkIndex(j, axis: 1, [i, j, k, l])
        checkIndex(k, axis: 2, [i, j, k, l]); checkIndex(l, axis: 3, [i, j, k, l])
        return ((i * shape[1] + j) * shape[2] + k) * shape[3] + l
    }

    /// The checks of `offset(_:)`, with its messages: one index per axis, each inside its axis.
    /// `indices` is built only for the message.
    @usableFromInline @inline(__always)
    func checkRank(_ count: Int) {
        precondition(count == shape.count, "Tensor: \(count) indices for shape \(shape)")
    }

    @usableFromInline @inline(__always)
    func checkIndex(_ index: Int, axis: Int, _ indices: @autoclosure () -> [Int]) {
        precondition(index >= 0 && index < shape[axis], "Tensor: index \(indices()) out of shape \(shape)")
    }

    /// Sample `n` of a batch: `[N, rest...]` -> `[rest...]`.
    public func sample(_ n: Int) -> Tensor {
        precondition(rank >= 1 && n >= 0 && n < shape[0], "Tensor: sample \(n) of shape \(shape)")
        let size = count / shape[0]
        return Tensor(shape: Array(shape.dropFirst()), scalars: Array(scalars[n * size ..< (n + 1) * size]))
    }

    /// Stacks tensors of one shape along a new first axis: `[S]` each -> `[count, S]`.
    public static func stack(_ tensors: [Tensor]) -> Tensor {
        guard let first = tensors.first else { return Tensor(shape: [0]) }
        precondition(tensors.allSatisfy { $0.shape == first.shape }, "Tensor.stack: shapes differ")
        return Tensor(shape: [tensors.count] + first.shape, scalars: tensors.flatMap(\.scalars))
    }

    /// The largest absolute difference between two tensors of the same shape.
    public func maxAbsoluteDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "Tensor: shapes \(shape) and \(other.shape) differ")
        return zip(scalars, other.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// The index of the largest element (the first one on ties).
    public var argmax: Int { Tensor.argmax(scalars[...]) }

    static func argmax(_ values: ArraySlice<Float>) -> Int {
        var best = values.startIndex
        for i in values.indices where values[i] > values[best] { best = i }
        return best - values.startIndex
    }

    static func count(of shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The number of elements of `shape`, or nil if an axis is negative or the product overflows
    /// an Int: for shapes read from a file, which must fail to load rather than stop the program.
    public static func checkedCount(of shape: [Int]) -> Int? {
        var count = 1
        for axis in shape {
            guard axis >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: axis)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    private enum CodingKeys: String, CodingKey { case shape, scalars }

    // The scalars are encoded as one base64 string of their bytes (IEEE 754 single precision,
    // little-endian): exact, NaN and infinity included, and read back many times faster than a
    // JSON array of thousands of numbers (a trained model is read by every cell after it).
    // A JSON array of numbers is read too, for tensors written by hand.

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shape, forKey: .shape)
        var bytes = [UInt8]()
        bytes.reserveCapacity(scalars.count * 4)
        for scalar in scalars {
            withUnsafeBytes(of: scalar.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        try container.encode(Data(bytes).base64EncodedString(), forKey: .scalars)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let shape = try container.decode([Int].self, forKey: .shape)
        let scalars: [Float]
        if let packed = try? container.decode(String.self, forKey: .scalars) {
            guard let data = Data(base64Encoded: packed), data.count % 4 == 0 else {
                throw DecodingError.dataCorruptedError(forKey: .scalars, in: container, debugDescription: "scalars are not packed floats in base64")
            }
            scalars = data.withUnsafeBytes { raw in
                (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        } else {
            scalars = try container.decode([Float].self, forKey: .scalars)
        }
        guard let count = Self.checkedCount(of: shape), scalars.count == count else {
            throw DecodingError.dataCorruptedError(forKey: .scalars, in: container,
                debugDescription: "\(scalars.count) scalars cannot fill shape \(shape)")
        }
        self.init(shape: shape, scalars: scalars)
    }

    public var description: String {
        let preview = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", ..." : "")])"
    }
}
