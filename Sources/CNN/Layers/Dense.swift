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
        let bias = bias ?? Tensor(shape: [weights.shape[0]])
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
        // 4 samples x 2 units at a time: 8 independent sums, and each vector loaded feeds 2 or 4 FMAs.
        // A short last block repeats its last sample or unit; only real results are stored.
        for n in stride(from: 0, to: N, by: 4) {
            let x0 = x + n * K, x1 = x + min(n + 1, N - 1) * K, x2 = x + min(n + 2, N - 1) * K, x3 = x + min(n + 3, N - 1) * K
            for o in stride(from: 0, to: O, by: 2) {
                let w0 = W + o * K, w1 = W + min(o + 1, O - 1) * K
                var s00 = Vector(), s10 = Vector(), s20 = Vector(), s30 = Vector()
                var s01 = Vector(), s11 = Vector(), s21 = Vector(), s31 = Vector()
                forEachVector(count: K) { k, lanes in
                    let (a0, a1) = (w0.vector(at: k, lanes: lanes), w1.vector(at: k, lanes: lanes))
                    let v0 = x0.vector(at: k, lanes: lanes), v1 = x1.vector(at: k, lanes: lanes)
                    let v2 = x2.vector(at: k, lanes: lanes), v3 = x3.vector(at: k, lanes: lanes)
                    s00 = s00.addingProduct(a0, v0); s01 = s01.addingProduct(a1, v0)
                    s10 = s10.addingProduct(a0, v1); s11 = s11.addingProduct(a1, v1)
                    s20 = s20.addingProduct(a0, v2); s21 = s21.addingProduct(a1, v2)
                    s30 = s30.addingProduct(a0, v3); s31 = s31.addingProduct(a1, v3)
                }
                let sums = [(s00, s01), (s10, s11), (s20, s21), (s30, s31)]
                for u in 0..<min(4, N - n) {
                    y[(n + u) * O + o] = b[o] + sums[u].0.sum()
                    if o + 1 < O { y[(n + u) * O + o + 1] = b[o + 1] + sums[u].1.sum() }
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
        // Four vectors of k at a time, so four sums are in flight and each dy[n,o] is broadcast once.
        forEachBlock(count: K) { k, lanes in
            for o in 0..<O {
                let dWo = dW + o * K
                var g0 = dWo.vector(at: k, lanes: lanes.0), g1 = dWo.vector(at: k + 16, lanes: lanes.1)
                var g2 = dWo.vector(at: k + 32, lanes: lanes.2), g3 = dWo.vector(at: k + 48, lanes: lanes.3)
                for n in 0..<N {
                    let d = Vector(repeating: dy[n * O + o]), xn = x + n * K
                    g0 = g0.addingProduct(d, xn.vector(at: k, lanes: lanes.0))
                    g1 = g1.addingProduct(d, xn.vector(at: k + 16, lanes: lanes.1))
                    g2 = g2.addingProduct(d, xn.vector(at: k + 32, lanes: lanes.2))
                    g3 = g3.addingProduct(d, xn.vector(at: k + 48, lanes: lanes.3))
                }
                dWo.setVector(g0, at: k, lanes: lanes.0); dWo.setVector(g1, at: k + 16, lanes: lanes.1)
                dWo.setVector(g2, at: k + 32, lanes: lanes.2); dWo.setVector(g3, at: k + 48, lanes: lanes.3)
            }
            guard let dx else { return }
            for n in 0..<N {
                var g0 = Vector(), g1 = Vector(), g2 = Vector(), g3 = Vector()
                for o in 0..<O {
                    let d = Vector(repeating: dy[n * O + o]), Wo = W + o * K
                    g0 = g0.addingProduct(d, Wo.vector(at: k, lanes: lanes.0))
                    g1 = g1.addingProduct(d, Wo.vector(at: k + 16, lanes: lanes.1))
                    g2 = g2.addingProduct(d, Wo.vector(at: k + 32, lanes: lanes.2))
                    g3 = g3.addingProduct(d, Wo.vector(at: k + 48, lanes: lanes.3))
                }
                let dxn = dx + n * K
                dxn.setVector(g0, at: k, lanes: lanes.0); dxn.setVector(g1, at: k + 16, lanes: lanes.1)
                dxn.setVector(g2, at: k + 32, lanes: lanes.2); dxn.setVector(g3, at: k + 48, lanes: lanes.3)
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
