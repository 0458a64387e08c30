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
        let L = Layout(inputShape: inputShape, kernelShape: kernel.shape)
        let s = L.carve(scratch)
        L.fillPatterns(w: θ[0], b: θ[1], wp: s.wp, bp: s.bp)
        let (H, W, C, O, P, G) = (L.H, L.W, L.C, L.O, L.patterns, L.vectors)
        let V = Vector.width
        // Eight vectors with the same weight pattern (`step` floats apart) at once, so each weight
        // load feeds eight FMAs. Inlined three times below, so that when O divides 16 (P = 1) the
        // eight vectors are consecutive and their offsets constants, and for the book's 3x3 filters
        // on one channel the loops over taps unroll.
        @inline(__always) func block(at f: Int, pattern p: Int, step: Int, KH: Int, KW: Int, C: Int) {
            var y0 = s.bp.vector(at: p * V), y1 = y0, y2 = y0, y3 = y0, y4 = y0, y5 = y0, y6 = y0, y7 = y0
            var tap = p * V  // where the weights of tap (c, i, j) for pattern p are in wp
            for c in 0..<C {
                for i in 0..<KH {
                    let xi = s.xr + f + L.offset(i: i, j: 0, c: c)
                    for j in 0..<KW {
                        let w = s.wp.vector(at: tap), xij = UnsafePointer(xi + j * O)
                        y0 = y0.addingProduct(w, xij.vector(at: 0))
                        y1 = y1.addingProduct(w, xij.vector(at: step))
                        y2 = y2.addingProduct(w, xij.vector(at: 2 * step))
                        y3 = y3.addingProduct(w, xij.vector(at: 3 * step))
                        y4 = y4.addingProduct(w, xij.vector(at: 4 * step))
                        y5 = y5.addingProduct(w, xij.vector(at: 5 * step))
                        y6 = y6.addingProduct(w, xij.vector(at: 6 * step))
                        y7 = y7.addingProduct(w, xij.vector(at: 7 * step))
                        tap += P * V
                    }
                }
            }
            let out = s.wide + f
            out.setVector(y0, at: 0); out.setVector(y1, at: step)
            out.setVector(y2, at: 2 * step); out.setVector(y3, at: 3 * step)
            out.setVector(y4, at: 4 * step); out.setVector(y5, at: 5 * step)
            out.setVector(y6, at: 6 * step); out.setVector(y7, at: 7 * step)
        }
        for n in 0..<N {
            L.repeatInput(x + n * H * W * C, into: s.xr)
            let blockStep = Layout.blockSize * P * V
            if P == 1 && L.KH == 3 && L.KW == 3 && C == 1 {
                for f in stride(from: 0, to: G * V, by: blockStep) { block(at: f, pattern: 0, step: V, KH: 3, KW: 3, C: 1) }
            } else if P == 1 {
                for f in stride(from: 0, to: G * V, by: blockStep) { block(at: f, pattern: 0, step: V, KH: L.KH, KW: L.KW, C: C) }
            } else {
                for p in 0..<P {
                    for f in stride(from: p * V, to: G * V, by: blockStep) {
                        block(at: f, pattern: p, step: P * V, KH: L.KH, KW: L.KW, C: C)
                    }
                }
            }
            // Keep the first W' columns of each wide row.
            copyRows(from: s.wide, stride: W * O, to: y + n * L.outH * L.outW * O, stride: L.outW * O,
                     rows: L.outH, length: L.outW * O)
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
        let L = Layout(inputShape: inputShape, kernelShape: kernel.shape)
        let s = L.carve(scratch)
        L.fillPatterns(w: θ[0], b: θ[1], wp: s.wp, bp: s.bp)
        s.dwp.initialize(repeating: 0, count: L.weightPatternCount)
        s.dbp.initialize(repeating: 0, count: L.biasPatternCount)
        let (H, W, C, O, P, G) = (L.H, L.W, L.C, L.O, L.patterns, L.vectors)
        let V = Vector.width
        // dwp[tap] += Σ over the vectors of pattern p (`step` floats apart) of doutwide · xr shifted by
        // the tap's offset, with four sums in flight. Inlined twice, as in `forward`.
        @inline(__always) func accumulate(pattern p: Int, step: Int) {
            var db = Vector()
            for f in stride(from: p * V, to: G * V, by: step) { db += s.wide.vector(at: f) }
            s.dbp.setVector(s.dbp.vector(at: p * V) + db, at: p * V)
            var tap = p * V
            for c in 0..<C {
                for i in 0..<L.KH {
                    for j in 0..<L.KW {
                        let xij = UnsafePointer(s.xr + L.offset(i: i, j: j, c: c))
                        var dw0 = Vector(), dw1 = Vector(), dw2 = Vector(), dw3 = Vector()
                        for f in stride(from: p * V, to: G * V, by: 4 * step) {
                            dw0 = dw0.addingProduct(s.wide.vector(at: f), xij.vector(at: f))
                            dw1 = dw1.addingProduct(s.wide.vector(at: f + step), xij.vector(at: f + step))
                            dw2 = dw2.addingProduct(s.wide.vector(at: f + 2 * step), xij.vector(at: f + 2 * step))
                            dw3 = dw3.addingProduct(s.wide.vector(at: f + 3 * step), xij.vector(at: f + 3 * step))
                        }
                        s.dwp.setVector(s.dwp.vector(at: tap) + ((dw0 + dw1) + (dw2 + dw3)), at: tap)
                        tap += P * V
                    }
                }
            }
        }
        for n in 0..<N {
            L.repeatInput(x + n * H * W * C, into: s.xr)
            L.widen(dy + n * L.outH * L.outW * O, into: s.wide)
            if P == 1 {
                accumulate(pattern: 0, step: V)
            } else {
                for p in 0..<P { accumulate(pattern: p, step: P * V) }
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
                                    dxij.setVector(dxij.vector(at: f).addingProduct(w, s.wide.vector(at: f)), at: f)
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

    /// Sizes of one input shape, the scratch they need, and the data movements of the wide layout.
    struct Layout {
        let H, W, C, KH, KW, O, outH, outW: Int
        /// T = KH·KW·C taps: the weights of one filter.
        let taps: Int
        /// P: how many different weight patterns the vectors of a wide output cycle through.
        let patterns: Int
        /// G: vectors in a wide output, rounded up to whole blocks of 8·P.
        let vectors: Int
        /// Length of xr: C·H·W·O, plus room for the junk lanes of the last vectors to read.
        let repeatedCount: Int

        /// Vectors with the same weight pattern computed together.
        static let blockSize = 8

        init(inputShape: [Int], kernelShape: [Int]) {
            (H, W, C) = (inputShape[0], inputShape[1], inputShape[2])
            (KH, KW, O) = (kernelShape[0], kernelShape[1], kernelShape[3])
            precondition(C == kernelShape[2], "Conv2D: input has \(C) channels, the kernel expects \(kernelShape[2])")
            (outH, outW) = (H - KH + 1, W - KW + 1)
            taps = KH * KW * C
            patterns = O / gcd(O, Vector.width)
            let block = Self.blockSize * patterns
            let needed = (outH * W * O + Vector.width - 1) / Vector.width
            vectors = (needed + block - 1) / block * block
            let farthestOffset = (((C - 1) * H + KH - 1) * W + KW - 1) * O
            repeatedCount = vectors * Vector.width + farthestOffset
        }

        /// Where tap (i, j, c) reads in xr, relative to the output index f.
        @inline(__always)
        func offset(i: Int, j: Int, c: Int) -> Int { ((c * H + i) * W + j) * O }

        var wideCount: Int { vectors * Vector.width }
        var weightPatternCount: Int { taps * patterns * Vector.width }
        var biasPatternCount: Int { patterns * Vector.width }
        var scratchCount: Int { 2 * repeatedCount + wideCount + 2 * weightPatternCount + 2 * biasPatternCount }

        struct Scratch {
            let xr, dxr, wide, wp, dwp, bp, dbp: UnsafeMutablePointer<Float>
        }

        func carve(_ scratch: UnsafeMutablePointer<Float>) -> Scratch {
            let xr = scratch, dxr = xr + repeatedCount, wide = dxr + repeatedCount
            let wp = wide + wideCount, dwp = wp + weightPatternCount
            let bp = dwp + weightPatternCount, dbp = bp + biasPatternCount
            return Scratch(xr: xr, dxr: dxr, wide: wide, wp: wp, dwp: dwp, bp: bp, dbp: dbp)
        }

        /// The weight patterns, taps in the order the kernels visit them (c, then i, then j):
        /// wp[c,i,j][p] lane l = w[i, j, c, (16p + l) mod O], and bp[p] lane l = b[(16p + l) mod O].
        func fillPatterns(w: UnsafePointer<Float>, b: UnsafePointer<Float>,
                          wp: UnsafeMutablePointer<Float>, bp: UnsafeMutablePointer<Float>) {
            var at = 0
            for c in 0..<C {
                for i in 0..<KH {
                    for j in 0..<KW {
                        for p in 0..<patterns {
                            for l in 0..<Vector.width { wp[at + p * Vector.width + l] = w[((i * KW + j) * C + c) * O + filter(p, l)] }
                        }
                        at += patterns * Vector.width
                    }
                }
            }
            for p in 0..<patterns {
                for l in 0..<Vector.width { bp[p * Vector.width + l] = b[filter(p, l)] }
            }
        }

        /// The inverse of `fillPatterns` for gradients: dw[i, j, c, o] += the lanes of dwp[c,i,j] that belong to filter o.
        func foldPatterns(_ dwp: UnsafePointer<Float>, into dw: UnsafeMutablePointer<Float>) {
            var at = 0
            for c in 0..<C {
                for i in 0..<KH {
                    for j in 0..<KW {
                        for p in 0..<patterns {
                            for l in 0..<Vector.width { dw[((i * KW + j) * C + c) * O + filter(p, l)] += dwp[at + p * Vector.width + l] }
                        }
                        at += patterns * Vector.width
                    }
                }
            }
        }

        /// db[o] += the lanes of dbp that belong to filter o.
        func foldBiasPatterns(_ dbp: UnsafePointer<Float>, into db: UnsafeMutablePointer<Float>) {
            for p in 0..<patterns {
                for l in 0..<Vector.width { db[filter(p, l)] += dbp[p * Vector.width + l] }
            }
        }

        /// The filter of lane l in a vector of pattern p.
        @inline(__always)
        func filter(_ p: Int, _ l: Int) -> Int { (p * Vector.width + l) % O }

        /// xr[c, h, w, o] = x[h, w, c] for every o; the padding after it is zero.
        func repeatInput(_ x: UnsafePointer<Float>, into xr: UnsafeMutablePointer<Float>) {
            if C == 1 && O == 4 {
                // The reference model's case, as one shuffle per 4 pixels: [a b c d] -> [a a a a b b b b ...].
                var k = 0
                while k + 4 <= H * W {
                    let v = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD4<Float>.self)
                    xr.setVector(Vector(v[0], v[0], v[0], v[0], v[1], v[1], v[1], v[1],
                                        v[2], v[2], v[2], v[2], v[3], v[3], v[3], v[3]), at: 4 * k)
                    k += 4
                }
                for k in k..<(H * W) { (xr + 4 * k).initialize(repeating: x[k], count: 4) }
            } else {
                for c in 0..<C {
                    for h in 0..<H {
                        for w in 0..<W {
                            (xr + ((c * H + h) * W + w) * O).initialize(repeating: x[(h * W + w) * C + c], count: O)
                        }
                    }
                }
            }
            (xr + C * H * W * O).initialize(repeating: 0, count: repeatedCount - C * H * W * O)
        }

        /// doutwide[(y·W + x)·O + o] = dout[y, x, o] for x < W', and zero in the junk columns and padding.
        func widen(_ dy: UnsafePointer<Float>, into wide: UnsafeMutablePointer<Float>) {
            copyRows(from: dy, stride: outW * O, to: wide, stride: W * O, rows: outH, length: outW * O)
            for row in 0..<outH { (wide + row * W * O + outW * O).update(repeating: 0, count: (W - outW) * O) }
            (wide + outH * W * O).update(repeating: 0, count: wideCount - outH * W * O)
        }

        /// dx[h, w, c] = Σo dxr[c, h, w, o].
        func foldRepeats(_ dxr: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
            for h in 0..<H {
                for w in 0..<W {
                    for c in 0..<C {
                        let base = ((c * H + h) * W + w) * O
                        var sum: Float = 0
                        for o in 0..<O { sum += dxr[base + o] }
                        dx[(h * W + w) * C + c] = sum
                    }
                }
            }
        }
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

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

/// Copies `rows` runs of `length` floats, one every `sourceStride` floats to one every `targetStride`.
///
/// The runs go in whole vectors, first to last: a vector that passes the end of a run writes into
/// the gap or the next run, which is written after it. Only runs whose last vector would pass the
/// end of the last run are copied exactly. (This replaced one `memmove` call per row, whose
/// overhead was larger than the copy.)
private func copyRows(from source: UnsafePointer<Float>, stride sourceStride: Int,
                      to target: UnsafeMutablePointer<Float>, stride targetStride: Int, rows: Int, length: Int) {
    let rounded = (length + Vector.width - 1) / Vector.width * Vector.width
    let sourceEnd = (rows - 1) * sourceStride + length, targetEnd = (rows - 1) * targetStride + length
    for r in 0..<rows {
        let (from, to) = (source + r * sourceStride, target + r * targetStride)
        let whole = r * sourceStride + rounded <= sourceEnd && r * targetStride + rounded <= targetEnd
        forEachVector(count: length) { k, lanes in
            let lanes = whole ? Vector.width : lanes
            to.setVector(from.vector(at: k, lanes: lanes), at: k, lanes: lanes)
        }
    }
}
