/// A fully connected layer, as Keras' `Dense(units)` with no activation.
///
///     x is (N, K), W is (O, K), b is (O), y is (N, O)
///     y[n,o] = b[o] + Σk W[o,k] · x[n,k]
///
/// The weights are stored one row per output unit, `[O, K]`: row o is what unit o looks for in the
/// flattened input (for the reference model, a 26x26x4 stack of feature maps in NHWC order), and
/// the kernels read it contiguously. `kernel` gives Keras' `[K, O]` layout.
public struct Dense: Layer {
    /// `weights[o, k]`, one row per output unit.
    public var weights: Tensor
    /// One bias per output unit, `[O]`.
    public var bias: Tensor

    public var name: String { "dense" }
    /// O, the number of output units.
    public var units: Int { weights.shape[0] }
    /// K, the length of the input vector.
    public var inputCount: Int { weights.shape[1] }

    /// A layer from `inputs` to `units`, Glorot-uniform weights and zero bias.
    ///
    /// The random numbers fill Keras' `[K, O]` kernel in order, then are stored transposed.
    public init(units: Int, inputs: Int, generator: inout Xoshiro256StarStar) {
        precondition(units > 0 && inputs > 0, "Dense: needs at least one unit and one input")
        let kernel = Initializers.glorotUniform(shape: [inputs, units], fanIn: inputs, fanOut: units,
                                                generator: &generator)
        self.init(kernel: kernel)
    }

    /// A layer with Keras' kernel layout `[K, O]` and bias `[O]` (zeros if nil).
    public init(kernel: Tensor, bias: Tensor? = nil) {
        precondition(kernel.rank == 2, "Dense: kernel must be [K, O], got \(kernel.shape)")
        self.init(weights: Dense.transpose(kernel), bias: bias)
    }

    /// A layer with weights `[O, K]` and bias `[O]` (zeros if nil).
    public init(weights: Tensor, bias: Tensor? = nil) {
        precondition(weights.rank == 2 && weights.count > 0, "Dense: weights must be [O, K], got \(weights.shape)")
        let bias = bias ?? Initializers.zeros(shape: [weights.shape[0]])
        precondition(bias.shape == [weights.shape[0]], "Dense: bias must be [\(weights.shape[0])], got \(bias.shape)")
        self.weights = weights
        self.bias = bias
    }

    /// The weights in Keras' layout, `[K, O]`: `kernel[k, o] == weights[o, k]`.
    public var kernel: Tensor { Dense.transpose(weights) }

    /// The weights of output unit `o`, reshaped to the shape of one input sample (e.g. `[26, 26, 4]`).
    public func weights(ofUnit o: Int, shape: [Int]) -> Tensor {
        precondition(o >= 0 && o < units, "Dense: no unit \(o) among \(units)")
        return Tensor(shape: shape, scalars: Array(weights.scalars[o * inputCount ..< (o + 1) * inputCount]))
    }

    public var parameters: [Tensor] {
        get { [weights, bias] }
        set {
            precondition(newValue.count == 2 && newValue[0].shape == weights.shape && newValue[1].shape == bias.shape,
                         "Dense: parameters must be [weights \(weights.shape), bias \(bias.shape)]")
            weights = newValue[0]
            bias = newValue[1]
        }
    }

    public func checkedOutputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape == [inputCount] else {
            throw ShapeError(layer: name, inputShape: inputShape, reason: "needs a vector [\(inputCount)] (Flatten first)")
        }
        return [units]
    }

    // The fast kernels work on tiles of 6 sums (`VectorTile`), each a vector of 16 partial sums:
    // 6 units of one sample (forward), or 6 consecutive vectors of one row of dW or dx (backward).
    // In each, one vector or number is shared by the 6 multiply-adds and the other operand is used
    // once, read straight from memory; that keeps AVX2's 16 registers enough for the sums.
    // A forward tile that runs past the last unit repeats it (the index is clamped), so the inner
    // loop has no branches; the repeated sums are not stored. Tiles only group sums that are
    // independent, and each sum is added up in the same order whatever the tile or chunk.

    //     y[n,o] = b[o] + Σk W[o,k] · x[n,k]
    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                        inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        let (K, O, W, b) = (inputCount, units, UnsafePointer(θ[0]), θ[1])
        // Tiles of 6 units x 1 sample: each vector of x loaded feeds 6 multiply-adds, and each vector
        // of W is used once, straight from memory, so only the sums and x stay in registers.
        // k goes a chunk at a time, every sample through the chunk before the next, so the chunk of W
        // (O rows of 512 floats: 20 KB for the reference model) is read from the fastest cache; the
        // sums wait in `running` between chunks, which changes no sum's order.
        let tiles = (O + VectorTile.count - 1) / VectorTile.count, chunk = 512
        withUnsafeTemporaryAllocation(of: VectorTile.self, capacity: N * tiles) { running in
            running.initialize(repeating: VectorTile())
            for start in stride(from: 0, to: K, by: chunk) {
                for n in 0..<N {
                    let xn = x + n * K
                    for t in 0..<tiles {
                        let o = t * VectorTile.count
                        @inline(__always) func row(_ u: Int) -> UnsafePointer<Float> { W + min(o + u, O - 1) * K }
                        let (w0, w1, w2, w3, w4, w5) = (row(0), row(1), row(2), row(3), row(4), row(5))
                        // sums[u], lane l = Σ over k ≡ l (mod 16), k < start + chunk, of W[o+u, k] · x[n, k]
                        var sums = running[n * tiles + t]
                        forEachVector(in: start ..< min(start + chunk, K)) { k, lanes in
                            sums.addProducts(xn.vector(at: k, lanes: lanes),
                                             (w0.vector(at: k, lanes: lanes), w1.vector(at: k, lanes: lanes),
                                              w2.vector(at: k, lanes: lanes), w3.vector(at: k, lanes: lanes),
                                              w4.vector(at: k, lanes: lanes), w5.vector(at: k, lanes: lanes)))
                        }
                        running[n * tiles + t] = sums
                    }
                }
            }
            for n in 0..<N {
                for o in 0..<O { y[n * O + o] = b[o] + running[n * tiles + o / VectorTile.count][o % VectorTile.count].sum() }
            }
        }
    }

    //     dW[o,k] = Σn dy[n,o] · x[n,k]
    //     db[o]   = Σn dy[n,o]
    //     dx[n,k] = Σo dy[n,o] · W[o,k]
    public func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                         _ dx: UnsafeMutablePointer<Float>?, count N: Int, inputShape: [Int],
                         parameters θ: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                         scratch: UnsafeMutablePointer<Float>) {
        let (K, O, W, dW, db) = (inputCount, units, UnsafePointer(θ[0]), gradients[0], gradients[1])
        for o in 0..<O {
            var sum: Float = 0
            for n in 0..<N { sum += dy[n * O + o] }
            db[o] = sum
        }
        let V = Vector.width
        // Both gradients a block of 6 vectors of k (96 floats) at a time, the block in the outer
        // loop, so that the columns of x and W it reads stay in the fastest cache. In a block, a
        // row's six vectors are the six sums, one number dy[n,o] multiplies all six, and each vector
        // of x or W is used once, straight from memory: only the sums and that number take registers.
        forEachVectorBlock(count: K) { k, lanes in
            @inline(__always) func block(_ row: UnsafePointer<Float>) -> (Vector, Vector, Vector, Vector, Vector, Vector) {
                (row.vector(at: k, lanes: lanes[0]), row.vector(at: k + V, lanes: lanes[1]),
                 row.vector(at: k + 2 * V, lanes: lanes[2]), row.vector(at: k + 3 * V, lanes: lanes[3]),
                 row.vector(at: k + 4 * V, lanes: lanes[4]), row.vector(at: k + 5 * V, lanes: lanes[5]))
            }
            @inline(__always) func store(_ sums: VectorTile, at row: UnsafeMutablePointer<Float>) {
                for v in 0..<VectorTile.count { row.setVector(sums[v], at: k + v * V, lanes: lanes[v]) }
            }
            // sums[v] = Σn dy[n, o] · x[n, k + 16v ...], n in order
            for o in 0..<O {
                var sums = VectorTile()
                for n in 0..<N { sums.addProducts(Vector(repeating: dy[n * O + o]), block(x + n * K)) }
                store(sums, at: dW + o * K)
            }
            guard let dx else { return }
            // sums[v] = Σo dy[n, o] · W[o, k + 16v ...], o in order
            for n in 0..<N {
                var sums = VectorTile()
                for o in 0..<O { sums.addProducts(Vector(repeating: dy[n * O + o]), block(W + o * K)) }
                store(sums, at: dx + n * K)
            }
        }
    }

    static func transpose(_ matrix: Tensor) -> Tensor {
        let (rows, columns) = (matrix.shape[0], matrix.shape[1])
        var scalars = [Float](repeating: 0, count: matrix.count)
        for r in 0..<rows {
            for c in 0..<columns { scalars[c * rows + r] = matrix.scalars[r * columns + c] }
        }
        return Tensor(shape: [columns, rows], scalars: scalars)
    }

    // MARK: - Codable, with the shapes checked

    private enum CodingKeys: String, CodingKey { case weights, bias }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let weights = try container.decode(Tensor.self, forKey: .weights)
        let bias = try container.decode(Tensor.self, forKey: .bias)
        guard weights.rank == 2, weights.count > 0, bias.shape == [weights.shape[0]] else {
            throw DecodingError.dataCorruptedError(forKey: .weights, in: container, debugDescription:
                "Dense needs [O, K] weights and an [O] bias, got \(weights.shape) and \(bias.shape)")
        }
        self.init(weights: weights, bias: bias)
    }
}
