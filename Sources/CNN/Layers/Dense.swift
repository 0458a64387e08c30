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

    // The fast kernels work on tiles of 6 sums (`VectorTile`), each a vector of 16 partial sums: the
    // products of 3 vectors of one operand with 2 of the other (`addOuterProduct`), so 5 vectors
    // loaded feed 6 multiply-adds. Forward, a tile is 3 samples x 2 units; backward, 3 consecutive
    // vectors of a row times 2 rows of dW or dx. A tile that runs past the last sample or row
    // repeats it (the index is clamped), so the inner loop has no branches; the repeated sums are
    // not stored. Tiles only group sums that are independent, and each sum is added up in the same
    // order whatever the tile or chunk.
    //
    // Why 3 x 2: on AVX2 a 16-float vector is two 8-float registers, so the six sums take 12 of
    // the 16 registers; the processor works a half of every vector at a time, and the two shared
    // halves take 2 more, the half being multiplied 1. A tile of 1 x 6, the first shape, needed
    // 7 loads for 6 multiply-adds, and the kernels were bound by loads.

    //     y[n,o] = b[o] + Σk W[o,k] · x[n,k]
    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                        inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        let (K, O, W, b) = (inputCount, units, UnsafePointer(θ[0]), θ[1])
        // k goes a chunk at a time, every sample through the chunk before the next, so the chunk of W
        // (O rows of 512 floats: 20 KB for the reference model) is read from the fastest cache; the
        // sums wait in `running` between chunks, which changes no sum's order.
        // A tile: samples x0, x1, x2 and the rows w0, w1 of two units (a sample or unit past the last
        // is the last again, and its sums are not stored).
        let (sampleTiles, unitTiles, chunk) = ((N + 2) / 3, (O + 1) / 2, 512)
        withUnsafeTemporaryAllocation(of: VectorTile.self, capacity: sampleTiles * unitTiles) { running in
            running.initialize(repeating: VectorTile())
            for start in stride(from: 0, to: K, by: chunk) {
                for s in 0..<sampleTiles {
                    @inline(__always) func sample(_ i: Int) -> UnsafePointer<Float> { x + min(3 * s + i, N - 1) * K }
                    let (x0, x1, x2) = (sample(0), sample(1), sample(2))
                    for t in 0..<unitTiles {
                        let (w0, w1) = (W + 2 * t * K, W + min(2 * t + 1, O - 1) * K)
                        // sums[2i + j], lane l = Σ over k ≡ l (mod 16), k < start + chunk, of x[3s+i, k] · W[2t+j, k]
                        var sums = running[s * unitTiles + t]
                        if 3 * s + 2 < N {
                            forEachVector(in: start ..< min(start + chunk, K)) { k, lanes in
                                sums.addOuterProduct((x0.vector(at: k, lanes: lanes), x1.vector(at: k, lanes: lanes),
                                                      x2.vector(at: k, lanes: lanes)),
                                                     (w0.vector(at: k, lanes: lanes), w1.vector(at: k, lanes: lanes)))
                            }
                        } else {
                            // The last tile, one or two samples short (16 samples a shard: 5 tiles and
                            // 1 sample): only its real samples' sums, the same products in the same order.
                            let second = 3 * s + 1 < N
                            forEachVector(in: start ..< min(start + chunk, K)) { k, lanes in
                                let (w0, w1) = (w0.vector(at: k, lanes: lanes), w1.vector(at: k, lanes: lanes))
                                let a = x0.vector(at: k, lanes: lanes)
                                sums[0] = sums[0].addingProduct(a, w0); sums[1] = sums[1].addingProduct(a, w1)
                                if second {
                                    let b = x1.vector(at: k, lanes: lanes)
                                    sums[2] = sums[2].addingProduct(b, w0); sums[3] = sums[3].addingProduct(b, w1)
                                }
                            }
                        }
                        running[s * unitTiles + t] = sums
                    }
                }
            }
            for n in 0..<N {
                for o in 0..<O { y[n * O + o] = b[o] + running[n / 3 * unitTiles + o / 2][n % 3 * 2 + o % 2].sum() }
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
        backward(x, dy, dx, count: N, parameters: θ, gradients: gradients, throughReLU: nil)
    }

    /// `backward`; with `throughReLU` (the output r of a ReLU below, which is this layer's input x
    /// or the same shape), dx is passed back through that ReLU as it is stored: dx · [r > 0].
    /// Training does this when it hands Conv2D's feature maps to Dense as planes.
    /// `dx` may be `x` itself: each block of x is read, for dW and for the ReLU, before dx's block
    /// is written over it (training writes dL/dx over the feature maps this way).
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
                  count N: Int, parameters θ: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                  throughReLU reluOutput: UnsafePointer<Float>?) {
        let (K, O, W, dW, db) = (inputCount, units, UnsafePointer(θ[0]), gradients[0], gradients[1])
        for o in 0..<O {
            var sum: Float = 0
            for n in 0..<N { sum += dy[n * O + o] }
            db[o] = sum
        }
        let V = Vector.width
        // Both gradients a block of 6 vectors of k (96 floats) at a time, the block in the outer
        // loop, so that the columns of x and W it reads stay in the fastest cache. A tile is half a
        // block (3 vectors) of 2 rows: the 3 vectors of x or W are shared by the 2 rows, the 2
        // numbers dy[n,o] by the 3 vectors.
        forEachVectorBlock(count: K) { k, lanes in
            // The half of the block that starts at its vector h (0 or 3) in `row`: the vectors at
            // k + 16·(h + v), v < 3.
            @inline(__always) func halfBlock(_ row: UnsafePointer<Float>, _ h: Int) -> (Vector, Vector, Vector) {
                (row.vector(at: k + h * V, lanes: lanes[h]), row.vector(at: k + (h + 1) * V, lanes: lanes[h + 1]),
                 row.vector(at: k + (h + 2) * V, lanes: lanes[h + 2]))
            }
            // Row r < 2 of the tile, sums[2v + r], to `row` (nothing if the row was a repeat); with
            // `relu`, the row of ReLU outputs it goes back through.
            @inline(__always) func store(_ sums: VectorTile, row r: Int, _ h: Int, at row: UnsafeMutablePointer<Float>,
                                         throughReLU relu: UnsafePointer<Float>?) {
                for v in 0..<3 {
                    let at = k + (h + v) * V
                    if let relu {
                        row.setVector(ReLU.gradient(sums[2 * v + r], output: relu.vector(at: at, lanes: lanes[h + v])),
                                      at: at, lanes: lanes[h + v])
                    } else {
                        row.setVector(sums[2 * v + r], at: at, lanes: lanes[h + v])
                    }
                }
            }
            // Rows r < R of a gradient, two at a time: for the half block h,
            //     target(r)[...] = Σt coefficient(r, t) · operand(t)[...], t = 0, 1, ... in order,
            // where operand(t) = operands + t·operandStride and coefficient(r, t) is the float at
            // coefficients(r) + t·coefficientStride (a row past the last is the last again, and not
            // stored). The loop over t only steps pointers: an index multiplied inside it is checked
            // for overflow on every term.
            @inline(__always) func rows(_ R: Int, terms T: Int, _ h: Int,
                                        operands: UnsafePointer<Float>, operandStride: Int,
                                        coefficients: (_ r: Int) -> UnsafePointer<Float>, coefficientStride: Int,
                                        into target: (_ r: Int) -> UnsafeMutablePointer<Float>,
                                        throughReLU relu: ((_ r: Int) -> UnsafePointer<Float>)? = nil) {
                // (A while loop: this `stride` was not inlined, a call per pair of rows.)
                var r = 0
                while r < R {
                    let r1 = min(r + 1, R - 1)
                    var (operand, c0, c1) = (operands, coefficients(r), coefficients(r1))
                    var sums = VectorTile()
                    for _ in 0..<T {
                        sums.addOuterProduct(halfBlock(operand, h), (Vector(repeating: c0.pointee), Vector(repeating: c1.pointee)))
                        operand += operandStride
                        c0 += coefficientStride
                        c1 += coefficientStride
                    }
                    store(sums, row: 0, h, at: target(r), throughReLU: relu?(r))
                    if r1 > r { store(sums, row: 1, h, at: target(r1), throughReLU: relu?(r1)) }
                    r += 2
                }
            }
            @inline(__always) func half(_ h: Int) {
                // dW[o, k] = Σn dy[n,o] · x[n,k]
                rows(O, terms: N, h, operands: x, operandStride: K, coefficients: { o in dy + o }, coefficientStride: O,
                     into: { dW + $0 * K })
                // dx[n, k] = Σo dy[n,o] · W[o,k]
                if let dx {
                    if let reluOutput {
                        rows(N, terms: O, h, operands: W, operandStride: K, coefficients: { n in dy + n * O }, coefficientStride: 1,
                             into: { dx + $0 * K }, throughReLU: { reluOutput + $0 * K })
                    } else {
                        rows(N, terms: O, h, operands: W, operandStride: K, coefficients: { n in dy + n * O }, coefficientStride: 1,
                             into: { dx + $0 * K })
                    }
                }
            }
            half(0)
            half(3)
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
