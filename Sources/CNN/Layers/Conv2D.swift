/// A 2-D convolution with "valid" padding and stride 1, as Keras' `Conv2D(filters, kernel_size)`.
///
///     in is (N, H, W, C), w is (KH, KW, C, O), b is (O), out is (N, H', W', O), H' = H-KH+1, W' = W-KW+1
///     out[n,y,x,o] = b[o] + Σi Σj Σc w[i,j,c,o] · in[n,y+i,x+j,c]
///
/// Each filter `w[:,:,:,o]` slides over the image and answers, at every position, "how much does
/// the patch here look like me?". Kernel sizes are odd, so a filter has a centre.
public struct Conv2D: Layer {
    /// The filters, `[KH, KW, C, O]` (Keras' layout): `kernel[i, j, c, o]`.
    public var kernel: Tensor
    /// One bias per filter, `[O]`.
    public var bias: Tensor

    public var name: String { "conv2d" }
    /// O, the number of filters (output channels).
    public var filters: Int { kernel.shape[3] }
    /// KH, the height of each filter.
    public var kernelHeight: Int { kernel.shape[0] }
    /// KW, the width of each filter.
    public var kernelWidth: Int { kernel.shape[1] }
    /// C, the number of input channels each filter reads.
    public var inputChannels: Int { kernel.shape[2] }

    /// A layer with `filters` square filters of odd size `kernelSize`, Glorot-uniform kernel and zero bias.
    public init(filters: Int, kernelSize: Int, inputChannels: Int = 1, generator: inout Xoshiro256StarStar) {
        precondition(filters > 0 && inputChannels > 0, "Conv2D: needs at least one filter and one channel")
        let shape = [kernelSize, kernelSize, inputChannels, filters]
        let receptiveField = kernelSize * kernelSize
        self.init(kernel: Initializers.glorotUniform(shape: shape, fanIn: receptiveField * inputChannels,
                                                     fanOut: receptiveField * filters, generator: &generator))
    }

    /// A layer with the given filters `[KH, KW, C, O]` (odd KH and KW) and bias `[O]` (zeros if nil).
    public init(kernel: Tensor, bias: Tensor? = nil) {
        precondition(kernel.rank == 4, "Conv2D: kernel must be [KH, KW, C, O], got \(kernel.shape)")
        precondition(kernel.shape[0] % 2 == 1 && kernel.shape[1] % 2 == 1,
                     "Conv2D: kernel size must be odd, got \(kernel.shape[0])x\(kernel.shape[1])")
        precondition(kernel.shape[2] > 0 && kernel.shape[3] > 0, "Conv2D: empty kernel \(kernel.shape)")
        let bias = bias ?? Initializers.zeros(shape: [kernel.shape[3]])
        precondition(bias.shape == [kernel.shape[3]], "Conv2D: bias must be [\(kernel.shape[3])], got \(bias.shape)")
        self.kernel = kernel
        self.bias = bias
    }

    /// Convolves one image `[H, W, C]` with `kernel` `[KH, KW, C, O]`: the result is `[H', W', O]`.
    ///
    /// For hand-made filters, e.g. a vertical-edge detector on a digit:
    /// `Conv2D.apply(image, kernel: Tensor(shape: [3, 3, 1, 1], scalars: [-1, 0, 1, -1, 0, 1, -1, 0, 1]))`.
    public static func apply(_ image: Tensor, kernel: Tensor, bias: Tensor? = nil) -> Tensor {
        precondition(image.rank == 3, "Conv2D.apply: image must be [H, W, C], got \(image.shape)")
        let layer = Conv2D(kernel: kernel, bias: bias)
        let y = layer.forward(image.reshaped([1] + image.shape))
        return y.reshaped(Array(y.shape.dropFirst()))
    }

    public var parameters: [Tensor] {
        get { [kernel, bias] }
        set {
            precondition(newValue.count == 2 && newValue[0].shape == kernel.shape && newValue[1].shape == bias.shape,
                         "Conv2D: parameters must be [kernel \(kernel.shape), bias \(bias.shape)]")
            kernel = newValue[0]
            bias = newValue[1]
        }
    }

    public func checkedOutputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.count == 3 && inputShape[2] == inputChannels else {
            throw ShapeError(layer: name, inputShape: inputShape, reason: "needs [H, W, \(inputChannels)]")
        }
        guard inputShape[0] >= kernelHeight && inputShape[1] >= kernelWidth else {
            throw ShapeError(layer: name, inputShape: inputShape,
                             reason: "a \(kernelHeight)x\(kernelWidth) kernel does not fit")
        }
        return [inputShape[0] - kernelHeight + 1, inputShape[1] - kernelWidth + 1, filters]
    }

    public func scratchCount(inputShape: [Int]) -> Int {
        let layout = Layout(inputShape: inputShape, kernelShape: kernel.shape)
        return layout.scratchCount
    }

    // MARK: - Fast kernels
    //
    // The trick: store each input value O times, once per filter, in "xr" laid out (C, H, W, O),
    // and compute the output at the input's full width W ("wide" rows, (H', W, O): the last
    // KW-1 columns of each row are junk and dropped). Then output index f = (y·W + x)·O + o
    // reads its input for tap (i, j, c) at xr[f + off(i,j,c)], with one offset per tap:
    //
    //     outwide[f] = b[o] + Σi Σj Σc w[i,j,c,o] · xr[f + off(i,j,c)],   off(i,j,c) = ((c·H + i)·W + j)·O
    //
    // so 16 consecutive outputs read 16 consecutive inputs: one vector load and one fused
    // multiply-add per tap, whatever the number of channels and filters. Lane l of the vector
    // starting at f = 16g needs the weight of filter (16g + l) mod O, a pattern that repeats every
    // P = O / gcd(O, 16) vectors: the kernels keep those P weight vectors per tap ("wp").

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                        inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        forward(x, y, count: N, inputShape: inputShape, parameters: θ, scratch: scratch, thenReLU: false)
    }

    /// `forward`, and with `thenReLU` a ReLU applied to each output as it is stored: training runs
    /// `Conv2D` then `ReLU` this way, one pass over the feature maps fewer (see `BatchEngine`).
    /// With `wideOutput`, each image's output is left in the wide layout (`Layout.wideCount` floats
    /// an image, junk columns and padding zero) for a Dense layer that reads it so.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                 inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                 scratch: UnsafeMutablePointer<Float>, thenReLU: Bool, wideOutput: Bool = false) {
        let L = Layout(inputShape: inputShape, kernelShape: kernel.shape)
        let s = L.carve(scratch)
        L.fillPatterns(w: θ[0], b: θ[1], wp: s.wp, bp: s.bp)
        let (H, W, C, O, P, G) = (L.H, L.W, L.C, L.O, L.patterns, L.vectors)
        let V = Vector.width
        // A block: the `VectorTile.count` output vectors at f, f + step, f + 2·step, ... which share
        // weight pattern p, so each weight vector loaded feeds one multiply-add per vector.
        // sums[m] = outwide[f + m·step ...] = bp[p] + Σc Σi Σj wp[c,i,j][p] · xr[f + m·step + off(i,j,c) ...]
        // The taps t = (c·KH + i)·KW + j in order, in one loop, where each reads computed once per
        // call: the three nested loops over c, i, j cost more than the 9 multiply-adds of a 3x3
        // kernel (measured: 1711 → 1592 ns per image).
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: L.taps) { tapInputs in
            // tapInputs[t] = xr + off(t): where tap t reads, for the output at f = 0.
            for t in 0..<L.taps { tapInputs[t] = UnsafePointer(s.xr + L.offset(tap: t)) }
            let patternStride = P * V
            @inline(__always) func block(at f: Int, pattern p: Int, step: Int, into out: UnsafeMutablePointer<Float>, relu: Bool) {
                // Every address below is a pointer plus a constant or a loop invariant: nothing is
                // multiplied inside the loop over taps, which is 9 multiply-adds long for 3x3.
                let (step2, step3, step4, step5) = (2 * step, 3 * step, 4 * step, 5 * step)
                var sums = VectorTile(repeating: s.bp.vector(at: p * V))
                var weights = UnsafePointer(s.wp + p * V)
                for t in 0..<L.taps {
                    let xt = tapInputs[t] + f
                    sums.addProducts(weights.vector(at: 0),
                                     (xt.vector(at: 0), xt.vector(at: step), xt.vector(at: step2),
                                      xt.vector(at: step3), xt.vector(at: step4), xt.vector(at: step5)))
                    weights += patternStride
                }
                for m in 0..<VectorTile.count { out.setVector(relu ? ReLU.apply(sums[m]) : sums[m], at: f + m * step) }
            }
            let blockStep = Layout.blockSize * P * V
            // The ReLU as the sums are stored if the output stays wide; else as `narrow` copies them.
            let relu = wideOutput && thenReLU
            for n in 0..<N {
                L.repeatInput(x + n * H * W * C, into: s.xr)
                let out = wideOutput ? y + n * L.wideCount : s.wide
                if P == 1 {
                    // Inlined apart so that the step is a constant: the block's vectors are consecutive.
                    for f in stride(from: 0, to: G * V, by: blockStep) { block(at: f, pattern: 0, step: V, into: out, relu: relu) }
                } else {
                    for p in 0..<P {
                        for f in stride(from: p * V, to: G * V, by: blockStep) {
                            block(at: f, pattern: p, step: P * V, into: out, relu: relu)
                        }
                    }
                }
                if wideOutput {
                    L.zeroJunk(out)
                } else {
                    L.narrow(s.wide, into: y + n * L.outH * L.outW * O, thenReLU: thenReLU)
                }
            }
        }
    }

    //     dw[i,j,c,o]  = Σn Σy Σx dout[n,y,x,o] · in[n,y+i,x+j,c]
    //     db[o]        = Σn Σy Σx dout[n,y,x,o]
    //     din[n,h,w,c] = Σi Σj Σo w[i,j,c,o] · dout[n,h-i,w-j,o]   (terms outside dout are zero)
    //
    // (The kernels' x, y, dy, dx are in, out, dout, din.)
    //
    // In the wide layout, with dy's junk columns set to zero, these are the transposes of the
    // forward sum: dwp[t] += doutwide[f] · xr[f + off_t] lane by lane (lanes folded into filters
    // at the end), and dxr[f + off_t] += wp[t] · doutwide[f] (folded over the O copies at the end).
    public func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                         _ dx: UnsafeMutablePointer<Float>?, count N: Int, inputShape: [Int],
                         parameters θ: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                         scratch: UnsafeMutablePointer<Float>) {
        backward(x, dy, dx, count: N, inputShape: inputShape, parameters: θ, gradients: gradients, scratch: scratch,
                 throughReLU: nil)
    }

    /// `backward`; with `throughReLU` (the output of `forward(thenReLU: true)`), `dy` is dL/d(ReLU's
    /// output) and is passed back through the ReLU as it is read. With `wideGradient`, `dy` is in the
    /// wide layout (`Layout.wideCount` floats an image), junk columns and padding zero, already
    /// through any ReLU (`throughReLU` must then be nil): what a Dense layer reading the wide
    /// layout gives back.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
                  count N: Int, inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                  gradients: [UnsafeMutablePointer<Float>], scratch: UnsafeMutablePointer<Float>,
                  throughReLU reluOutput: UnsafePointer<Float>?, wideGradient: Bool = false) {
        precondition(!wideGradient || reluOutput == nil, "Conv2D: a wide gradient comes through the ReLU already")
        let L = Layout(inputShape: inputShape, kernelShape: kernel.shape)
        let s = L.carve(scratch)
        L.fillPatterns(w: θ[0], b: θ[1], wp: s.wp, bp: s.bp)
        s.dwp.initialize(repeating: 0, count: L.weightPatternCount)
        s.dbp.initialize(repeating: 0, count: L.biasPatternCount)
        if !wideGradient { L.clearWide(s.wide) }
        let (H, W, C, O, P, G) = (L.H, L.W, L.C, L.O, L.patterns, L.vectors)
        let V = Vector.width
        // For pattern p, with its vectors f = p·V + m·step, m = 0, 1, 2, ... (an even count):
        //     dbp[p]    += Σm doutwide[f ...]
        //     dwp[t][p] += Σm doutwide[f ...] · xr[f + off(t) ...]   for every tap t = (c, i, j)
        // Each doutwide vector loaded feeds a tile of 3 taps; each tap's sum runs over the even and
        // the odd m apart (sums[2t] and sums[2t + 1]), so six sums are in flight. Inlined twice, as in `forward`.
        @inline(__always) func accumulate(pattern p: Int, step: Int, from dout: UnsafePointer<Float>) {
            // dbp[p] += Σm doutwide[f ...], as four running sums (over m mod 4) added at the end:
            // one sum would wait for each addition before the next (4 cycles each, 182 of them
            // for a 26x26x4 output); the vectors come in blocks of 6, an even count.
            var db = (Vector(), Vector(), Vector(), Vector())
            var f = p * V
            while f + 3 * step < G * V {
                db.0 += dout.vector(at: f); db.1 += dout.vector(at: f + step)
                db.2 += dout.vector(at: f + 2 * step); db.3 += dout.vector(at: f + 3 * step)
                f += 4 * step
            }
            while f < G * V {
                db.0 += dout.vector(at: f); db.1 += dout.vector(at: f + step)
                f += 2 * step
            }
            s.dbp.setVector(s.dbp.vector(at: p * V) + ((db.0 + db.1) + (db.2 + db.3)), at: p * V)
            let tile = 3
            for first in stride(from: 0, to: L.taps, by: tile) {
                let x0 = UnsafePointer(s.xr + L.offset(tap: first))
                let x1 = UnsafePointer(s.xr + L.offset(tap: min(first + 1, L.taps - 1)))
                let x2 = UnsafePointer(s.xr + L.offset(tap: min(first + 2, L.taps - 1)))
                // sums[2t + h] = Σ over m ≡ h (mod 2) of doutwide[f ...] · xr[f + off(first + t) ...]
                var sums = VectorTile()
                // (A while loop: `stride` with a step known only at run time costs more than the arithmetic.)
                var f = p * V
                while f < G * V {
                    sums.addPairProducts(((x0.vector(at: f), x0.vector(at: f + step)),
                                          (x1.vector(at: f), x1.vector(at: f + step)),
                                          (x2.vector(at: f), x2.vector(at: f + step))),
                                         (dout.vector(at: f), dout.vector(at: f + step)))
                    f += 2 * step
                }
                for t in 0..<min(tile, L.taps - first) {
                    let at = (first + t) * P * V + p * V
                    s.dwp.setVector(s.dwp.vector(at: at) + (sums[2 * t] + sums[2 * t + 1]), at: at)
                }
            }
        }
        for n in 0..<N {
            L.repeatInput(x + n * H * W * C, into: s.xr)
            let dout: UnsafePointer<Float>
            if wideGradient {
                dout = dy + n * L.wideCount
            } else {
                let image = n * L.outH * L.outW * O
                L.widen(dy + image, into: s.wide, throughReLU: reluOutput.map { $0 + image })
                dout = UnsafePointer(s.wide)
            }
            if P == 1 {
                accumulate(pattern: 0, step: V, from: dout)
            } else {
                for p in 0..<P { accumulate(pattern: p, step: P * V, from: dout) }
            }
            if let dx {
                s.dxr.initialize(repeating: 0, count: L.repeatedCount)
                for p in 0..<P {
                    var tap = p * V
                    for c in 0..<C {
                        for i in 0..<L.KH {
                            for j in 0..<L.KW {
                                let w = s.wp.vector(at: tap), dxij = s.dxr + L.offset(i: i, j: j, c: c)
                                for f in stride(from: p * V, to: G * V, by: P * V) {
                                    dxij.setVector(dxij.vector(at: f).addingProduct(w, dout.vector(at: f)), at: f)
                                }
                                tap += P * V
                            }
                        }
                    }
                }
                L.foldRepeats(s.dxr, into: dx + n * H * W * C)
            }
        }
        L.foldPatterns(s.dwp, into: gradients[0])
        L.foldBiasPatterns(s.dbp, into: gradients[1])
    }

    // MARK: - Codable, with the shapes checked

    private enum CodingKeys: String, CodingKey { case kernel, bias }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kernel = try container.decode(Tensor.self, forKey: .kernel)
        let bias = try container.decode(Tensor.self, forKey: .bias)
        guard kernel.rank == 4, kernel.shape[0] % 2 == 1, kernel.shape[1] % 2 == 1, bias.shape == [kernel.shape[3]] else {
            throw DecodingError.dataCorruptedError(forKey: .kernel, in: container, debugDescription:
                "Conv2D needs an odd [KH, KW, C, O] kernel and an [O] bias, got \(kernel.shape) and \(bias.shape)")
        }
        self.init(kernel: kernel, bias: bias)
    }
}
