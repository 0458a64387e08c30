/// The data movements of Conv2D's fast kernels: the wide layout they compute in, the scratch
/// memory it needs, and the copies into and out of it.
///
/// The kernels themselves, and why this layout, are in Conv2D.swift. Here, for an input (H, W, C)
/// and filters (KH, KW, C, O):
///
///     xr[c, h, w, o]      = x[h, w, c] for every o                 (the input, repeated per filter)
///     outwide[y, w, o]    = out[y, w, o] for w < W', junk after     (outputs at the input's width)
///     wp[c,i,j][p] lane l = w[i, j, c, (16p + l) mod O]            (weights, in vector patterns)
extension Conv2D {
    /// Sizes of one input shape, the scratch they need, and the data movements of the wide layout.
    struct Layout {
        let H, W, C, KH, KW, O, outH, outW: Int
        /// T = KH·KW·C taps: the weights of one filter.
        let taps: Int
        /// P: how many different weight patterns the vectors of a wide output cycle through.
        let patterns: Int
        /// G: vectors in a wide output, rounded up to whole blocks of `blockSize`·P.
        let vectors: Int
        /// Length of xr: C·H·W·O, plus room for the junk lanes of the last vectors to read.
        let repeatedCount: Int

        /// Vectors with the same weight pattern computed together: one `VectorTile` of output sums.
        static var blockSize: Int { VectorTile.count }

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

        /// The same for tap t of the order (c, i, j), t = (c·KH + i)·KW + j.
        @inline(__always)
        func offset(tap t: Int) -> Int { offset(i: t / KW % KH, j: t % KW, c: t / (KW * KH)) }

        var wideCount: Int { vectors * Vector.width }
        var weightPatternCount: Int { taps * patterns * Vector.width }
        var biasPatternCount: Int { patterns * Vector.width }
        var scratchCount: Int {
            2 * Self.wholeVectors(repeatedCount) + Self.wholeVectors(wideCount)
                + 2 * Self.wholeVectors(weightPatternCount) + 2 * Self.wholeVectors(biasPatternCount)
        }

        struct Scratch {
            let xr, dxr, wide, wp, dwp, bp, dbp: UnsafeMutablePointer<Float>
        }

        /// `count` rounded up to whole vectors: each part of the scratch starts on a cache line if
        /// the scratch does (see `allocateVectors`).
        private static func wholeVectors(_ count: Int) -> Int { (count + Vector.width - 1) / Vector.width * Vector.width }

        func carve(_ scratch: UnsafeMutablePointer<Float>) -> Scratch {
            let xr = scratch, dxr = xr + Self.wholeVectors(repeatedCount), wide = dxr + Self.wholeVectors(repeatedCount)
            let wp = wide + Self.wholeVectors(wideCount), dwp = wp + Self.wholeVectors(weightPatternCount)
            let bp = dwp + Self.wholeVectors(weightPatternCount), dbp = bp + Self.wholeVectors(biasPatternCount)
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

        /// The inverse of `fillPatterns` for gradients: dw[i, j, c, o] = the sum of the lanes of
        /// dwp[c,i,j] that belong to filter o, lane by lane in order.
        func foldPatterns(_ dwp: UnsafePointer<Float>, into dw: UnsafeMutablePointer<Float>) {
            dw.update(repeating: 0, count: taps * O)
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

        /// db[o] = the sum of the lanes of dbp that belong to filter o.
        func foldBiasPatterns(_ dbp: UnsafePointer<Float>, into db: UnsafeMutablePointer<Float>) {
            db.update(repeating: 0, count: O)
            for p in 0..<patterns {
                for l in 0..<Vector.width { db[filter(p, l)] += dbp[p * Vector.width + l] }
            }
        }

        /// The filter of lane l in a vector of pattern p.
        @inline(__always)
        func filter(_ p: Int, _ l: Int) -> Int { (p * Vector.width + l) % O }

        /// xr[c, h, w, o] = x[h, w, c] for every o; the padding after it is zero.
        func repeatInput(_ x: UnsafePointer<Float>, into xr: UnsafeMutablePointer<Float>) {
            let pixels = H * W
            if C == 1 && O > 1 && Vector.width % O == 0 {
                // One grey channel and O dividing 16 (the reference model has 4 filters): each vector
                // of xr is 16 / O pixels, each repeated O times, made by one shuffle:
                // O = 4: [a b c d] -> [a a a a b b b b c c c c d d d d].
                // The loop is written once and inlined per O, so the shuffle is a constant one.
                @inline(__always) func fill(times: Int) {
                    let perVector = Vector.width / times
                    var k = 0
                    while k + perVector <= pixels {
                        xr.setVector(repeated(x + k, times: times), at: times * k)
                        k += perVector
                    }
                    for k in k..<pixels {
                        for o in 0..<times { xr[times * k + o] = x[k] }
                    }
                }
                switch O {
                case 2: fill(times: 2)
                case 4: fill(times: 4)
                case 8: fill(times: 8)
                default: fill(times: 16)
                }
            } else if O < Vector.width {
                // Any other O below 16, any channels: each value's O copies written by a loop whose
                // count is a constant, inlined per O, so that it becomes O plain stores (one filter
                // and one channel: a copy). A count known only at run time cost 2.5 ns a value: with
                // one filter, 45% of the layer's time; with 3, 2.9 µs of a 28x28 image.
                // (With one channel the channel count is a constant too: a stride of 1.)
                @inline(__always) func copies(_ times: Int, channels: Int) {
                    for c in 0..<channels {
                        for k in 0..<pixels {
                            let value = x[k * channels + c], target = xr + (c * pixels + k) * times
                            for o in 0..<times { target[o] = value }
                        }
                    }
                }
                @inline(__always) func copies(_ times: Int) {
                    if C == 1 { copies(times, channels: 1) } else { copies(times, channels: C) }
                }
                switch O {
                case 1: copies(1)
                case 2: copies(2)
                case 3: copies(3)
                case 4: copies(4)
                case 5: copies(5)
                case 6: copies(6)
                case 7: copies(7)
                case 8: copies(8)
                case 9: copies(9)
                case 10: copies(10)
                case 11: copies(11)
                case 12: copies(12)
                case 13: copies(13)
                case 14: copies(14)
                default: copies(15)
                }
            } else {
                // 16 filters or more: a value's copies are whole vectors, bound by memory bandwidth
                // whatever the loop (a loop, not `initialize(repeating:count:)`, a call per pixel).
                for c in 0..<C {
                    for k in 0..<pixels {
                        let value = x[k * C + c], target = xr + (c * pixels + k) * O
                        for o in 0..<O { target[o] = value }
                    }
                }
            }
            (xr + C * pixels * O).initialize(repeating: 0, count: repeatedCount - C * pixels * O)
        }

        /// out[y, x, o] = outwide[(y·W + x)·O + o] for x < W': the wide rows without their junk
        /// columns; with `thenReLU`, max(0, that).
        func narrow(_ wide: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, thenReLU: Bool) {
            if thenReLU {
                copyRows(rows: outH, length: outW * O, sourceStride: W * O, to: y, stride: outW * O, overrun: true) { ReLU.apply(wide.vector(at: $0, lanes: $1)) }
            } else {
                copyRows(rows: outH, length: outW * O, sourceStride: W * O, to: y, stride: outW * O, overrun: true) { wide.vector(at: $0, lanes: $1) }
            }
        }

        /// Zeros in all of doutwide: its junk columns and padding stay zero through `widen`.
        func clearWide(_ wide: UnsafeMutablePointer<Float>) {
            wide.update(repeating: 0, count: wideCount)
        }

        /// doutwide[(y·W + x)·O + o] = dout[y, x, o] for x < W', writing nothing else, so the junk
        /// columns and the padding keep the zeros of `clearWide`; with `throughReLU` (ReLU's
        /// output r), dout is dL/dr and goes back through the ReLU.
        func widen(_ dy: UnsafePointer<Float>, into wide: UnsafeMutablePointer<Float>, throughReLU r: UnsafePointer<Float>?) {
            if let r {
                copyRows(rows: outH, length: outW * O, sourceStride: outW * O, to: wide, stride: W * O, overrun: false) {
                    ReLU.gradient(dy.vector(at: $0, lanes: $1), output: r.vector(at: $0, lanes: $1))
                }
            } else {
                copyRows(rows: outH, length: outW * O, sourceStride: outW * O, to: wide, stride: W * O, overrun: false) {
                    dy.vector(at: $0, lanes: $1)
                }
            }
        }

        // MARK: The wide hand-off to Dense (see `BatchEngine.WideHandoff`)
        //
        // In training, a Dense layer after Conv2D, ReLU and Flatten reads the feature maps in this
        // wide layout as they are, with a weight of 0 for every junk column and padding float, and
        // writes its dL/dx in it: `narrow` and `widen` are then not needed.

        /// Zeros the junk columns and the padding of one wide output: a Dense layer reading it has
        /// zero weights there, and its dL/dW there (Σ dy · x) must stay 0 so that they stay 0.
        /// Small stores, no `memset` call per row (its call cost more than the 8 floats of a row).
        func zeroJunk(_ wide: UnsafeMutablePointer<Float>) {
            let (row, kept) = (W * O, outW * O)
            for y in 0..<outH {
                let junk = wide + y * row + kept
                forEachVector(count: row - kept) { k, lanes in junk.setVector(Vector(), at: k, lanes: lanes) }
            }
            let padding = wide + outH * row
            forEachVector(count: wideCount - outH * row) { k, lanes in padding.setVector(Vector(), at: k, lanes: lanes) }
        }

        /// One image's outputs in Flatten's order (outH·outW·O floats) spread into the wide layout,
        /// zeros in its junk columns and padding: a Dense weight row, for instance.
        func spread(_ narrow: UnsafePointer<Float>, into wide: UnsafeMutablePointer<Float>) {
            wide.update(repeating: 0, count: wideCount)
            let (row, kept) = (W * O, outW * O)
            for y in 0..<outH { (wide + y * row).update(from: narrow + y * kept, count: kept) }
        }

        /// The inverse of `spread`: the wide layout without its junk columns and padding.
        func gather(_ wide: UnsafePointer<Float>, into narrow: UnsafeMutablePointer<Float>) {
            let (row, kept) = (W * O, outW * O)
            for y in 0..<outH { (narrow + y * kept).update(from: wide + y * row, count: kept) }
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
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

/// The 16 / `times` floats at `x`, each repeated `times` times, for `times` dividing 16.
@inline(__always)
private func repeated(_ x: UnsafePointer<Float>, times: Int) -> Vector {
    switch times {
    case 2:
        let v = UnsafeRawPointer(x).loadUnaligned(as: SIMD8<Float>.self)
        return Vector(v[0], v[0], v[1], v[1], v[2], v[2], v[3], v[3], v[4], v[4], v[5], v[5], v[6], v[6], v[7], v[7])
    case 4:
        let v = UnsafeRawPointer(x).loadUnaligned(as: SIMD4<Float>.self)
        return Vector(v[0], v[0], v[0], v[0], v[1], v[1], v[1], v[1], v[2], v[2], v[2], v[2], v[3], v[3], v[3], v[3])
    case 8:
        return Vector(lowHalf: SIMD8(repeating: x[0]), highHalf: SIMD8(repeating: x[1]))
    default:
        precondition(times == 16, "repeated: \(times) does not divide 16")
        return Vector(repeating: x[0])
    }
}

/// Writes `rows` runs of `length` floats, one every `targetStride` floats, from runs one every
/// `sourceStride` floats: `value(i, lanes)` gives the vector for source index i (a copy of it, or
/// a function of it).
///
/// The runs go in whole vectors, first to last. With `overrun`, a vector that passes the end of a
/// run may write into the gap or the next run, which is written after it: only runs whose last
/// vector would pass the end of the last run end with a partial vector. Without it, every run
/// ends with one, and nothing outside the runs is written. (This replaced one `memmove` call per
/// row, whose overhead was larger than the copy.)
@inline(__always)
private func copyRows(rows: Int, length: Int, sourceStride: Int,
                      to target: UnsafeMutablePointer<Float>, stride targetStride: Int, overrun: Bool,
                      _ value: (_ sourceIndex: Int, _ lanes: Int) -> Vector) {
    let rounded = (length + Vector.width - 1) / Vector.width * Vector.width
    let sourceEnd = (rows - 1) * sourceStride + length, targetEnd = (rows - 1) * targetStride + length
    for r in 0..<rows {
        let (from, to) = (r * sourceStride, target + r * targetStride)
        if overrun && r * sourceStride + rounded <= sourceEnd && r * targetStride + rounded <= targetEnd {
            for k in stride(from: 0, to: length, by: Vector.width) { to.setVector(value(from + k, Vector.width), at: k) }
        } else {
            forEachVector(count: length) { k, lanes in to.setVector(value(from + k, lanes), at: k, lanes: lanes) }
        }
    }
}
