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
    // The trick: compute each filter's output plane at the input's full width W ("wide" rows,
    // (O, H', W): the last KW-1 columns of each row are junk, dropped when the plane is stored).
    // Then output index f = y·W + x of filter o reads its input for tap t = (i, j, c) at
    // xp[f + off(t)], one offset per tap, with the input laid out as planes, one per channel
    // (`Layout`):
    //
    //     outwide[o][f] = b[o] + Σt w[t][o] · xp[f + off(t)],   off(i,j,c) = (c·H + i)·W + j
    //
    // so 16 consecutive outputs of one filter read 16 consecutive inputs: one vector load and one
    // fused multiply-add per tap, the weight the same number in every lane. A tile of sums shares
    // what it loads: 2 filters x 3 vectors of positions share each tap's 3 input vectors and 2
    // weights (5 loads for 6 multiply-adds of 16 floats), or, for an odd number of filters, 1
    // filter x 4 vectors. On AVX2 each 16-float sum is two registers: the 6 sums take 12 of the
    // 16, and each input vector is used by both filters as soon as it is loaded. (2 x 2, 8
    // registers of sums, ran 2-3% slower on a Zen 3: too few independent sums to keep both
    // multiply-add units busy.) Every sum adds its taps in order, whatever the tile, so the tiles
    // change nothing in the results.

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                        inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        forward(x, y, count: N, inputShape: inputShape, parameters: θ, scratch: scratch, thenReLU: false)
    }

    /// `forward`, and with `thenReLU` a ReLU applied to each output as it is stored: training runs
    /// `Conv2D` then `ReLU` this way, one pass over the feature maps fewer (see `BatchEngine`).
    /// With `planesOutput`, each image's output is left as planes, one per filter, with no junk
    /// (`Layout.compact`): what a Dense layer reading the feature maps so takes (see `PlanarHandoff`).
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count N: Int,
                 inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                 scratch: UnsafeMutablePointer<Float>, thenReLU: Bool, planesOutput: Bool = false) {
        let L = Layout(inputShape: inputShape, kernelShape: kernel.shape)
        let s = L.carve(scratch)
        let (O, S, V) = (L.O, L.planeStride, Vector.width)
        let (w, b) = (UnsafePointer(θ[0]), UnsafePointer(θ[1]))
        let T = L.taps
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 2 * T) { tapInputs in
            // Where tap t reads for the first vector of each part of a plane (see `InputRegions`):
            // direct[t] in the image, copied[t] in the copy xp. Output f reads (part's)[t] + f - start.
            let (direct, copied) = (tapInputs.baseAddress!, tapInputs.baseAddress! + T)
            for t in 0..<T { copied[t] = UnsafePointer(s.xp + L.offset(tap: t)) }
            // Stores outwide[o][f ...], through the ReLU if asked.
            @inline(__always) func store(_ sum: Vector, filter o: Int, at f: Int, into out: UnsafeMutablePointer<Float>) {
                out.setVector(thenReLU ? ReLU.apply(sum) : sum, at: o * S + f)
            }
            // Filters o0, o1 at the vectors f0, f1, f2 (f1 and f2 may repeat f0 at the end of a
            // part: the same sums, stored twice).
            //     sum(o, f) = b[o] + Σt w[t][o] · xp[f + off(t) ...]
            @inline(__always) func twoFiltersThreeVectors(_ o0: Int, _ o1: Int, at f0: Int, _ f1: Int, _ f2: Int,
                                                          reading inputs: UnsafeMutablePointer<UnsafePointer<Float>>,
                                                          from start: Int, into out: UnsafeMutablePointer<Float>) {
                var (s00, s01, s02) = (Vector(repeating: b[o0]), Vector(repeating: b[o0]), Vector(repeating: b[o0]))
                var (s10, s11, s12) = (Vector(repeating: b[o1]), Vector(repeating: b[o1]), Vector(repeating: b[o1]))
                var weights = w  // tap t's weights, w[t·O ..< t·O + O]
                let (i0, i1, i2) = (f0 - start, f1 - start, f2 - start)
                for t in 0..<T {
                    let input = inputs[t]
                    let (w0, w1) = (Vector(repeating: weights[o0]), Vector(repeating: weights[o1]))
                    let x0 = input.vector(at: i0)
                    s00 = s00.addingProduct(w0, x0); s10 = s10.addingProduct(w1, x0)
                    let x1 = input.vector(at: i1)
                    s01 = s01.addingProduct(w0, x1); s11 = s11.addingProduct(w1, x1)
                    let x2 = input.vector(at: i2)
                    s02 = s02.addingProduct(w0, x2); s12 = s12.addingProduct(w1, x2)
                    weights += O
                }
                store(s00, filter: o0, at: f0, into: out); store(s01, filter: o0, at: f1, into: out); store(s02, filter: o0, at: f2, into: out)
                store(s10, filter: o1, at: f0, into: out); store(s11, filter: o1, at: f1, into: out); store(s12, filter: o1, at: f2, into: out)
            }
            // Filter o at the vectors f0 ... f3 (the last may repeat, as above).
            @inline(__always) func oneFilterFourVectors(_ o: Int, at f0: Int, _ f1: Int, _ f2: Int, _ f3: Int,
                                                        reading inputs: UnsafeMutablePointer<UnsafePointer<Float>>,
                                                        from start: Int, into out: UnsafeMutablePointer<Float>) {
                var (s0, s1, s2, s3) = (Vector(repeating: b[o]), Vector(repeating: b[o]), Vector(repeating: b[o]), Vector(repeating: b[o]))
                var weights = w + o
                let (i0, i1, i2, i3) = (f0 - start, f1 - start, f2 - start, f3 - start)
                for t in 0..<T {
                    let input = inputs[t], weight = Vector(repeating: weights.pointee)
                    s0 = s0.addingProduct(weight, input.vector(at: i0)); s1 = s1.addingProduct(weight, input.vector(at: i1))
                    s2 = s2.addingProduct(weight, input.vector(at: i2)); s3 = s3.addingProduct(weight, input.vector(at: i3))
                    weights += O
                }
                store(s0, filter: o, at: f0, into: out); store(s1, filter: o, at: f1, into: out)
                store(s2, filter: o, at: f2, into: out); store(s3, filter: o, at: f3, into: out)
            }
            // Every filter's vectors f in `part`, tile by tile. (While loops: a `stride` with a
            // step known only at run time costs more than a tile.)
            @inline(__always) func outputs(_ part: Range<Int>, reading inputs: UnsafeMutablePointer<UnsafePointer<Float>>,
                                           into out: UnsafeMutablePointer<Float>) {
                guard !part.isEmpty else { return }
                let (start, last) = (part.lowerBound, part.upperBound - V)
                if O % 2 == 0 {
                    var o = 0
                    while o < O {
                        var f = start
                        while f <= last {
                            twoFiltersThreeVectors(o, o + 1, at: f, min(f + V, last), min(f + 2 * V, last),
                                                   reading: inputs, from: start, into: out)
                            f += 3 * V
                        }
                        o += 2
                    }
                } else {
                    for o in 0..<O {
                        var f = start
                        while f <= last {
                            oneFilterFourVectors(o, at: f, min(f + V, last), min(f + 2 * V, last), min(f + 3 * V, last),
                                                 reading: inputs, from: start, into: out)
                            f += 4 * V
                        }
                    }
                }
            }
            for n in 0..<N {
                let image = x + n * L.H * L.W * L.C
                let regions = L.regions(of: image, copyingInto: s.xp)
                for t in 0..<T { direct[t] = regions.directInput + L.offset(tap: t) }
                outputs(regions.direct, reading: direct, into: s.wide)
                outputs(regions.copied, reading: copied, into: s.wide)
                let maps = y + n * L.outH * L.outW * O
                if planesOutput { L.compact(s.wide, into: maps) } else { L.narrow(s.wide, into: maps) }
            }
        }
    }

    //     dw[i,j,c,o]  = Σn Σy Σx dout[n,y,x,o] · in[n,y+i,x+j,c]
    //     db[o]        = Σn Σy Σx dout[n,y,x,o]
    //     din[n,h,w,c] = Σi Σj Σo w[i,j,c,o] · dout[n,h-i,w-j,o]   (terms outside dout are zero)
    //
    // (The kernels' x, y, dy, dx are in, out, dout, din.)
    //
    // In the wide layout, with dout's junk set to zero, these are sums over a plane's f:
    //     dw[t][o] = Σn Σf doutwide[o][f] · xp[f + off(t)]      (vectors of 16 lane sums, added up at the end)
    //     din planes[c][g] = Σo Σi Σj w[i,j,c,o] · doutwide[o][g - i·W - j]
    // (dout's junk columns are where g - i·W - j wraps into the row above, so they add nothing).
    public func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                         _ dx: UnsafeMutablePointer<Float>?, count N: Int, inputShape: [Int],
                         parameters θ: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                         scratch: UnsafeMutablePointer<Float>) {
        backward(x, dy, dx, count: N, inputShape: inputShape, parameters: θ, gradients: gradients, scratch: scratch,
                 throughReLU: nil)
    }

    /// `backward`; with `throughReLU` (the output of `forward(thenReLU: true)`), `dy` is dL/d(ReLU's
    /// output) and is passed back through the ReLU as it is read. With `planesGradient`, `dy` is
    /// in planes, one per filter (`Layout.compact`), already through any ReLU (`throughReLU` must
    /// then be nil): what a Dense layer reading the feature maps as planes gives back.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?,
                  count N: Int, inputShape: [Int], parameters θ: [UnsafeMutablePointer<Float>],
                  gradients: [UnsafeMutablePointer<Float>], scratch: UnsafeMutablePointer<Float>,
                  throughReLU reluOutput: UnsafePointer<Float>?, planesGradient: Bool = false) {
        precondition(!planesGradient || reluOutput == nil, "Conv2D: a gradient in planes comes through the ReLU already")
        let L = Layout(inputShape: inputShape, kernelShape: kernel.shape)
        let s = L.carve(scratch)
        let (O, S, T, V) = (L.O, L.planeStride, L.taps, Vector.width)
        s.dwLanes.initialize(repeating: 0, count: L.weightLanesCount)
        s.dbLanes.initialize(repeating: 0, count: L.biasLanesCount)
        L.clearWide(s.wide)  // its junk stays 0 through `widen` and `expand`
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 2 * T) { tapInputs in
            // direct[t] and copied[t]: where tap t reads, as in `forward`.
            let (direct, copied) = (tapInputs.baseAddress!, tapInputs.baseAddress! + T)
            for t in 0..<T { copied[t] = UnsafePointer(s.xp + L.offset(tap: t)) }
            var regions = Layout.InputRegions(direct: 0..<0, directInput: x, copied: 0..<0)
            // dwLanes[t][o] += Σf doutwide[o][f ...] · xp[f + off(t) ...] for taps t0, t1, t2 and
            // filters o0, o1 (a repeated tap is added once): each input vector loaded
            // feeds 2 filters, each gradient vector 3 taps, so 5 loads for 6 multiply-adds, and
            // the 9 taps of a 3x3 kernel make 3 tiles. On AVX2 the 6 sums take 12 registers.
            // The sums run over both parts of the plane, in order, before they are added.
            @inline(__always) func threeTapsTwoFilters(_ t0: Int, _ t1: Int, _ t2: Int, _ o0: Int, _ o1: Int,
                                                       from dout: UnsafePointer<Float>) {
                let (d0, d1) = (dout + o0 * S, dout + o1 * S)
                var sums = VectorTile()  // sums[2·tap + filter]
                @inline(__always) func add(_ part: Range<Int>, reading inputs: UnsafeMutablePointer<UnsafePointer<Float>>) {
                    let (x0, x1, x2) = (inputs[t0], inputs[t1], inputs[t2])
                    let (g0, g1) = (d0 + part.lowerBound, d1 + part.lowerBound)
                    var i = 0  // f - the part's start
                    while i < part.count {
                        sums.addOuterProduct((x0.vector(at: i), x1.vector(at: i), x2.vector(at: i)), (g0.vector(at: i), g1.vector(at: i)))
                        i += V
                    }
                }
                add(regions.direct, reading: direct)
                add(regions.copied, reading: copied)
                @inline(__always) func add(_ k: Int, tap t: Int, filter o: Int) {
                    let at = (t * O + o) * V
                    s.dwLanes.setVector(s.dwLanes.vector(at: at) + sums[k], at: at)
                }
                @inline(__always) func addTap(_ k: Int, _ t: Int) {
                    add(2 * k, tap: t, filter: o0)
                    if o1 > o0 { add(2 * k + 1, tap: t, filter: o1) }
                }
                addTap(0, t0)
                if t1 > t0 { addTap(1, t1) }
                if t2 > t1 { addTap(2, t2) }
            }
            // The same for taps t ..< t + 6 (a tap past the last repeats it, and is added once) and
            // the one filter o: the last of an odd number of filters, which has no other to pair
            // with. Each gradient vector loaded feeds the six taps' multiply-adds.
            @inline(__always) func sixTapsOneFilter(_ t: Int, _ o: Int, from dout: UnsafePointer<Float>) {
                @inline(__always) func tap(_ k: Int) -> Int { min(t + k, T - 1) }
                var sums = VectorTile()  // sums[k]: tap t + k
                @inline(__always) func add(_ part: Range<Int>, reading inputs: UnsafeMutablePointer<UnsafePointer<Float>>) {
                    let (x0, x1, x2, x3, x4, x5) = (inputs[tap(0)], inputs[tap(1)], inputs[tap(2)], inputs[tap(3)], inputs[tap(4)], inputs[tap(5)])
                    let g = dout + o * S + part.lowerBound
                    var i = 0  // f - the part's start
                    while i < part.count {
                        sums.addProducts(g.vector(at: i), (x0.vector(at: i), x1.vector(at: i), x2.vector(at: i),
                                                           x3.vector(at: i), x4.vector(at: i), x5.vector(at: i)))
                        i += V
                    }
                }
                add(regions.direct, reading: direct)
                add(regions.copied, reading: copied)
                for k in 0..<VectorTile.count where k == 0 || tap(k) > tap(k - 1) {
                    let at = (tap(k) * O + o) * V
                    s.dwLanes.setVector(s.dwLanes.vector(at: at) + sums[k], at: at)
                }
            }
            for n in 0..<N {
                regions = L.regions(of: x + n * L.H * L.W * L.C, copyingInto: s.xp)
                for t in 0..<T { direct[t] = regions.directInput + L.offset(tap: t) }
                let image = n * L.outH * L.outW * O
                if planesGradient {
                    L.expand(dy + image, into: s.wide)
                } else {
                    L.widen(dy + image, into: s.wide, throughReLU: reluOutput.map { $0 + image })
                }
                let dout = UnsafePointer(s.wide)
                // dbLanes[o] += Σf doutwide[o][f ...], as four running sums (over f mod 4 vectors)
                // added at the end: one sum would wait for each addition before the next.
                for o in 0..<O {
                    let plane = dout + o * S
                    var sums = (Vector(), Vector(), Vector(), Vector())
                    var f = 0
                    while f + 4 * V <= S {
                        sums.0 += plane.vector(at: f); sums.1 += plane.vector(at: f + V)
                        sums.2 += plane.vector(at: f + 2 * V); sums.3 += plane.vector(at: f + 3 * V)
                        f += 4 * V
                    }
                    while f < S { sums.0 += plane.vector(at: f); f += V }
                    s.dbLanes.setVector(s.dbLanes.vector(at: o * V) + ((sums.0 + sums.1) + (sums.2 + sums.3)), at: o * V)
                }
                // Filters in pairs, then the last of an odd number alone. (Each sum runs over f in
                // the same order whatever its tile.)
                var o = 0
                while o + 1 < O {
                    var t = 0
                    while t < T { threeTapsTwoFilters(t, min(t + 1, T - 1), min(t + 2, T - 1), o, o + 1, from: dout); t += 3 }
                    o += 2
                }
                if o < O {
                    var t = 0
                    while t < T { sixTapsOneFilter(t, o, from: dout); t += 6 }
                }
                if let dx {
                    inputGradient(dout, into: dx + n * L.H * L.W * L.C, layout: L, scratch: s, weights: θ[0])
                }
            }
        }
        // dw[t·O + o] and db[o]: each vector's 16 lane sums added up in lane order.
        for k in 0..<T * O { gradients[0][k] = laneSum(s.dwLanes + k * V) }
        for o in 0..<O { gradients[1][o] = laneSum(s.dbLanes + o * V) }
    }

    /// din for one image from its doutwide:
    ///     din planes[c][g] = Σo Σi Σj w[i,j,c,o] · padded[o][front + g - i·W - j]
    /// Only a layer with a layer below it computes din (never the first, so never in the
    /// reference model): written for clarity, one vector of g at a time.
    private func inputGradient(_ dout: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, layout L: Layout,
                               scratch s: Layout.Scratch, weights w: UnsafePointer<Float>) {
        L.pad(dout, into: s.padded)
        for c in 0..<L.C {
            for g in stride(from: 0, to: L.inputPlaneStride, by: Vector.width) {
                var sum = Vector()
                for o in 0..<L.O {
                    let plane = UnsafePointer(s.padded + o * L.paddedStride + L.paddedFront + g)
                    for i in 0..<L.KH {
                        for j in 0..<L.KW {
                            let weight = Vector(repeating: w[((i * L.KW + j) * L.C + c) * L.O + o])
                            sum = sum.addingProduct(weight, plane.vector(at: -(i * L.W + j)))
                        }
                    }
                }
                s.dxp.setVector(sum, at: c * L.inputPlaneStride + g)
            }
        }
        L.interleave(s.dxp, into: dx)
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

/// The 16 lanes of the vector at `p` added up, lane 0 first.
@inline(__always)
private func laneSum(_ p: UnsafePointer<Float>) -> Float {
    var sum: Float = 0
    for l in 0..<Vector.width { sum += p[l] }
    return sum
}
