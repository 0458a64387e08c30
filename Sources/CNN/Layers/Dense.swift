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

    /// Blocks of this many samples share each load of a weight row.
    static let sampleBlock = 4

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                        inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        let (K, O, W, b) = (inputCount, units, UnsafePointer(θ[0]), θ[1])
        let vectorEnd = K - K % Vector.width
        for n0 in stride(from: 0, to: N, by: Dense.sampleBlock) {
            // A short last block repeats its last sample; only real samples are stored.
            let x0 = x + min(n0, N - 1) * K, x1 = x + min(n0 + 1, N - 1) * K
            let x2 = x + min(n0 + 2, N - 1) * K, x3 = x + min(n0 + 3, N - 1) * K
            for o in 0..<O {
                let w = W + o * K
                var s0 = Vector(), s1 = Vector(), s2 = Vector(), s3 = Vector()
                for k in stride(from: 0, to: vectorEnd, by: Vector.width) {
                    let wk = w.vector(at: k)
                    s0 = s0.addingProduct(wk, x0.vector(at: k))
                    s1 = s1.addingProduct(wk, x1.vector(at: k))
                    s2 = s2.addingProduct(wk, x2.vector(at: k))
                    s3 = s3.addingProduct(wk, x3.vector(at: k))
                }
                var sums = SIMD4<Float>(s0.sum(), s1.sum(), s2.sum(), s3.sum())
                for k in vectorEnd..<K {
                    sums = sums.addingProduct(w[k], SIMD4(x0[k], x1[k], x2[k], x3[k]))
                }
                for u in 0..<min(Dense.sampleBlock, N - n0) { y[(n0 + u) * O + o] = b[o] + sums[u] }
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
        let vectorEnd = K - K % Vector.width
        for o in 0..<O {
            for n in 0..<N { db[o] += dy[n * O + o] }
            let dWo = dW + o * K
            for k in stride(from: 0, to: vectorEnd, by: Vector.width) {
                var g = dWo.vector(at: k)
                for n in 0..<N { g = g.addingProduct(Vector(repeating: dy[n * O + o]), x.vector(at: n * K + k)) }
                dWo.setVector(g, at: k)
            }
            for k in vectorEnd..<K {
                for n in 0..<N { dWo[k] += dy[n * O + o] * x[n * K + k] }
            }
        }
        guard let dx else { return }
        for n in 0..<N {
            let dxn = dx + n * K
            for k in stride(from: 0, to: vectorEnd, by: Vector.width) {
                var g = Vector()
                for o in 0..<O { g = g.addingProduct(Vector(repeating: dy[n * O + o]), W.vector(at: o * K + k)) }
                dxn.setVector(g, at: k)
            }
            for k in vectorEnd..<K {
                var g: Float = 0
                for o in 0..<O { g += dy[n * O + o] * W[o * K + k] }
                dxn[k] = g
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
