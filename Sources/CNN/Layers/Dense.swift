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

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                        inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        let (K, O, W, b) = (inputCount, units, UnsafePointer(θ[0]), θ[1])
        // 4 samples x 4 units at a time: 16 independent sums, and each vector loaded feeds 4 FMAs.
        // A short last block repeats its last sample or unit, whose equal results are written twice.
        for n in stride(from: 0, to: N, by: 4) {
            let (n1, n2, n3) = (min(n + 1, N - 1), min(n + 2, N - 1), min(n + 3, N - 1))
            let x0 = x + n * K, x1 = x + n1 * K, x2 = x + n2 * K, x3 = x + n3 * K
            for o in stride(from: 0, to: O, by: 4) {
                let (o1, o2, o3) = (min(o + 1, O - 1), min(o + 2, O - 1), min(o + 3, O - 1))
                let w0 = W + o * K, w1 = W + o1 * K, w2 = W + o2 * K, w3 = W + o3 * K
                var s00 = Vector(), s01 = Vector(), s02 = Vector(), s03 = Vector()
                var s10 = Vector(), s11 = Vector(), s12 = Vector(), s13 = Vector()
                var s20 = Vector(), s21 = Vector(), s22 = Vector(), s23 = Vector()
                var s30 = Vector(), s31 = Vector(), s32 = Vector(), s33 = Vector()
                forEachVector(count: K) { k, lanes in
                    let a0 = w0.vector(at: k, lanes: lanes), a1 = w1.vector(at: k, lanes: lanes)
                    let a2 = w2.vector(at: k, lanes: lanes), a3 = w3.vector(at: k, lanes: lanes)
                    let v0 = x0.vector(at: k, lanes: lanes), v1 = x1.vector(at: k, lanes: lanes)
                    let v2 = x2.vector(at: k, lanes: lanes), v3 = x3.vector(at: k, lanes: lanes)
                    s00 = s00.addingProduct(a0, v0); s01 = s01.addingProduct(a1, v0); s02 = s02.addingProduct(a2, v0); s03 = s03.addingProduct(a3, v0)
                    s10 = s10.addingProduct(a0, v1); s11 = s11.addingProduct(a1, v1); s12 = s12.addingProduct(a2, v1); s13 = s13.addingProduct(a3, v1)
                    s20 = s20.addingProduct(a0, v2); s21 = s21.addingProduct(a1, v2); s22 = s22.addingProduct(a2, v2); s23 = s23.addingProduct(a3, v2)
                    s30 = s30.addingProduct(a0, v3); s31 = s31.addingProduct(a1, v3); s32 = s32.addingProduct(a2, v3); s33 = s33.addingProduct(a3, v3)
                }
                y[n * O + o] = b[o] + s00.sum(); y[n * O + o1] = b[o1] + s01.sum(); y[n * O + o2] = b[o2] + s02.sum(); y[n * O + o3] = b[o3] + s03.sum()
                y[n1 * O + o] = b[o] + s10.sum(); y[n1 * O + o1] = b[o1] + s11.sum(); y[n1 * O + o2] = b[o2] + s12.sum(); y[n1 * O + o3] = b[o3] + s13.sum()
                y[n2 * O + o] = b[o] + s20.sum(); y[n2 * O + o1] = b[o1] + s21.sum(); y[n2 * O + o2] = b[o2] + s22.sum(); y[n2 * O + o3] = b[o3] + s23.sum()
                y[n3 * O + o] = b[o] + s30.sum(); y[n3 * O + o1] = b[o1] + s31.sum(); y[n3 * O + o2] = b[o2] + s32.sum(); y[n3 * O + o3] = b[o3] + s33.sum()
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
        // Tiles of 4 units (or samples) x 4 vectors of k: 16 sums in flight, each vector loaded feeds
        // 4 FMAs. A tile past the end repeats the last unit or sample, whose equal results are stored twice.
        forEachBlock(count: K) { k, lanes in
            @inline(__always) func load(_ p: UnsafePointer<Float>) -> (Vector, Vector, Vector, Vector) {
                (p.vector(at: k, lanes: lanes.0), p.vector(at: k + 16, lanes: lanes.1),
                 p.vector(at: k + 32, lanes: lanes.2), p.vector(at: k + 48, lanes: lanes.3))
            }
            @inline(__always) func store(_ v: (Vector, Vector, Vector, Vector), _ p: UnsafeMutablePointer<Float>) {
                p.setVector(v.0, at: k, lanes: lanes.0); p.setVector(v.1, at: k + 16, lanes: lanes.1)
                p.setVector(v.2, at: k + 32, lanes: lanes.2); p.setVector(v.3, at: k + 48, lanes: lanes.3)
            }
            @inline(__always) func fma(_ g: inout (Vector, Vector, Vector, Vector), _ d: Float, _ v: (Vector, Vector, Vector, Vector)) {
                let d = Vector(repeating: d)
                g.0 = g.0.addingProduct(d, v.0); g.1 = g.1.addingProduct(d, v.1)
                g.2 = g.2.addingProduct(d, v.2); g.3 = g.3.addingProduct(d, v.3)
            }
            for o in stride(from: 0, to: O, by: 4) {
                let (o1, o2, o3) = (min(o + 1, O - 1), min(o + 2, O - 1), min(o + 3, O - 1))
                var g0 = load(dW + o * K), g1 = load(dW + o1 * K), g2 = load(dW + o2 * K), g3 = load(dW + o3 * K)
                for n in 0..<N {
                    let xn = load(x + n * K), dyn = dy + n * O
                    fma(&g0, dyn[o], xn); fma(&g1, dyn[o1], xn); fma(&g2, dyn[o2], xn); fma(&g3, dyn[o3], xn)
                }
                store(g3, dW + o3 * K); store(g2, dW + o2 * K); store(g1, dW + o1 * K); store(g0, dW + o * K)
            }
            guard let dx else { return }
            for n in stride(from: 0, to: N, by: 4) {
                let (n1, n2, n3) = (min(n + 1, N - 1), min(n + 2, N - 1), min(n + 3, N - 1))
                let zero = (Vector(), Vector(), Vector(), Vector())
                var g0 = zero, g1 = zero, g2 = zero, g3 = zero
                for o in 0..<O {
                    let wo = load(W + o * K)
                    fma(&g0, dy[n * O + o], wo); fma(&g1, dy[n1 * O + o], wo)
                    fma(&g2, dy[n2 * O + o], wo); fma(&g3, dy[n3 * O + o], wo)
                }
                store(g3, dx + n3 * K); store(g2, dx + n2 * K); store(g1, dx + n1 * K); store(g0, dx + n * K)
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
