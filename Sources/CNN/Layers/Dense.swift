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

    // The fast kernels work on tiles of 6 sums (`VectorTile`), each a vector of 16 partial sums,
    // 3 rows (units or samples) by 2 (samples or vectors of k).
    // A tile that runs past the last sample or unit repeats it (the index is clamped), so the
    // inner loops have no branches; the repeated sums are not stored. Tiles only group sums that
    // are independent, so each sum is added up in the same order whatever the tile.

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                        inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        let (K, O, W, b) = (inputCount, units, UnsafePointer(θ[0]), θ[1])
        // Tiles of 3 units x 2 samples: each vector of W loaded feeds 2 multiply-adds, each of x 3.
        // (Measured: 15% faster than 2 units x 3 samples, though that wastes fewer sums on O = 10.)
        for n in stride(from: 0, to: N, by: 2) {
            let x0 = x + n * K, x1 = x + min(n + 1, N - 1) * K
            for o in stride(from: 0, to: O, by: 3) {
                let w0 = W + o * K, w1 = W + min(o + 1, O - 1) * K, w2 = W + min(o + 2, O - 1) * K
                // sums[2u + s], lane l = Σ over k ≡ l (mod 16) of W[o+u, k] · x[n+s, k]
                var sums = VectorTile()
                forEachVector(count: K) { k, lanes in
                    sums.addOuterProduct((w0.vector(at: k, lanes: lanes), w1.vector(at: k, lanes: lanes),
                                          w2.vector(at: k, lanes: lanes)),
                                         (x0.vector(at: k, lanes: lanes), x1.vector(at: k, lanes: lanes)))
                }
                for u in 0..<min(3, O - o) {
                    for s in 0..<min(2, N - n) { y[(n + s) * O + o + u] = b[o + u] + sums[2 * u + s].sum() }
                }
            }
        }
    }

    //     dW[o,k] += Σn dy[n,o] · x[n,k]
    //     db[o]   += Σn dy[n,o]
    //     dx[n,k]  = Σo dy[n,o] · W[o,k]
    public func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                         _ dx: UnsafeMutablePointer<Float>?, count N: Int, inputShape: [Int],
                         parameters θ: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                         scratch: UnsafeMutablePointer<Float>) {
        let (K, O, W, dW, db) = (inputCount, units, UnsafePointer(θ[0]), gradients[0], gradients[1])
        for o in 0..<O {
            for n in 0..<N { db[o] += dy[n * O + o] }
        }
        let V = Vector.width
        // Both gradients in tiles of 3 rows x 2 vectors of k (32 floats), the k range in the outer
        // loop, so that the part of x and W it reads stays in the fastest cache.
        forEachVectorPair(count: K) { k, lanes in
            @inline(__always) func pair(_ row: UnsafePointer<Float>) -> (Vector, Vector) {
                (row.vector(at: k, lanes: lanes[0]), row.vector(at: k + V, lanes: lanes[1]))
            }
            @inline(__always) func store(_ sums: VectorTile, row r: Int, at p: UnsafeMutablePointer<Float>) {
                p.setVector(sums[2 * r], at: k, lanes: lanes[0])
                p.setVector(sums[2 * r + 1], at: k + V, lanes: lanes[1])
            }
            // sums[2u + v] = dW[o+u, k + 16v ...] + Σn dy[n, o+u] · x[n, k + 16v ...]
            for o in stride(from: 0, to: O, by: 3) {
                let (o1, o2) = (min(o + 1, O - 1), min(o + 2, O - 1))
                var sums = VectorTile()
                (sums[0], sums[1]) = pair(dW + o * K)
                (sums[2], sums[3]) = pair(dW + o1 * K)
                (sums[4], sums[5]) = pair(dW + o2 * K)
                for n in 0..<N {
                    let dyn = dy + n * O
                    sums.addOuterProduct((Vector(repeating: dyn[o]), Vector(repeating: dyn[o1]), Vector(repeating: dyn[o2])),
                                         pair(x + n * K))
                }
                for u in 0..<min(3, O - o) { store(sums, row: u, at: dW + (o + u) * K) }
            }
            guard let dx else { return }
            // sums[2s + v] = Σo dy[n+s, o] · W[o, k + 16v ...]
            for n in stride(from: 0, to: N, by: 3) {
                let dy0 = dy + n * O, dy1 = dy + min(n + 1, N - 1) * O, dy2 = dy + min(n + 2, N - 1) * O
                var sums = VectorTile()
                for o in 0..<O {
                    sums.addOuterProduct((Vector(repeating: dy0[o]), Vector(repeating: dy1[o]), Vector(repeating: dy2[o])),
                                         pair(W + o * K))
                }
                for s in 0..<min(3, N - n) { store(sums, row: s, at: dx + (n + s) * K) }
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
