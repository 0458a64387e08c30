/// The data movements of Conv2D's fast kernels: the planar, wide layout they compute in, the
/// scratch memory it needs, and the copies into and out of it.
///
/// The kernels themselves, and why this layout, are in Conv2D.swift. Here, for an input (H, W, C)
/// and filters (KH, KW, C, O):
///
///     xp[c·H·W + h·W + w]   = x[h, w, c]                        (the input, one plane per channel)
///     outwide[o·S + y·W + x] = out[y, x, o] for x < W', junk after (one plane per filter, rows at the input's width)
///     tap t = (i·KW + j)·C + c reads xp at f + off(t), off(t) = (c·H + i)·W + j
///
/// S, the plane stride, is outH·W rounded up to whole vectors; the floats after outH·W are junk too.
/// The taps go in the order of the kernel tensor, so tap t's weight for filter o is w[t·O + o].
extension Conv2D {
    /// Sizes of one input shape, the scratch they need, and the data movements of the wide layout.
    struct Layout {
        let H, W, C, KH, KW, O, outH, outW: Int
        /// T = KH·KW·C taps: the weights of one filter.
        let taps: Int
        /// S: floats in one output plane, outH·W rounded up to whole vectors.
        let planeStride: Int
        /// Length of xp: the C input planes, then zeros as far as the farthest tap of the last vector reads.
        let planarCount: Int
        /// The input gradient reads dL/d(out) around each position: the planes of `padded` hold it
        /// after `paddedFront` zeros (the farthest tap), and zeros after it to the end of the input.
        let paddedFront: Int, paddedStride: Int
        /// H·W rounded up to whole vectors: one plane of the input gradient.
        let inputPlaneStride: Int

        init(inputShape: [Int], kernelShape: [Int]) {
            (H, W, C) = (inputShape[0], inputShape[1], inputShape[2])
            (KH, KW, O) = (kernelShape[0], kernelShape[1], kernelShape[3])
            precondition(C == kernelShape[2], "Conv2D: input has \(C) channels, the kernel expects \(kernelShape[2])")
            (outH, outW) = (H - KH + 1, W - KW + 1)
            taps = KH * KW * C
            planeStride = Self.wholeVectors(outH * W)
            let farthestOffset = ((C - 1) * H + KH - 1) * W + KW - 1
            planarCount = planeStride + farthestOffset
            paddedFront = (KH - 1) * W + KW - 1
            inputPlaneStride = Self.wholeVectors(H * W)
            paddedStride = paddedFront + inputPlaneStride
        }

        /// Where tap (i, j, c) reads in xp, relative to the output index f.
        @inline(__always)
        func offset(i: Int, j: Int, c: Int) -> Int { (c * H + i) * W + j }

        /// The same for tap t = (i·KW + j)·C + c, the kernel tensor's order.
        @inline(__always)
        func offset(tap t: Int) -> Int { offset(i: t / (KW * C), j: t / C % KW, c: t % C) }

        /// Floats of one image's output in the wide layout: O planes.
        var wideCount: Int { O * planeStride }
        /// dL/dw and dL/db as vectors of per-lane sums: one per tap and filter, one per filter.
        var weightLanesCount: Int { taps * O * Vector.width }
        var biasLanesCount: Int { O * Vector.width }
        var scratchCount: Int {
            Self.wholeVectors(planarCount) + Self.wholeVectors(wideCount) + weightLanesCount + biasLanesCount + Self.wholeVectors(O * paddedStride) + C * inputPlaneStride
        }

        struct Scratch {
            /// xp; one image's wide output or gradient; dw and db lane by lane; dL/d(out) padded;
            /// dL/dx as planes.
            let xp, wide, dwLanes, dbLanes, padded, dxp: UnsafeMutablePointer<Float>
        }

        /// `count` rounded up to whole vectors: each part of the scratch starts on a cache line if
        /// the scratch does (see `allocateVectors`).
        static func wholeVectors(_ count: Int) -> Int { (count + Vector.width - 1) / Vector.width * Vector.width }

        func carve(_ scratch: UnsafeMutablePointer<Float>) -> Scratch {
            let xp = scratch, wide = xp + Self.wholeVectors(planarCount)
            let dwLanes = wide + Self.wholeVectors(wideCount), dbLanes = dwLanes + weightLanesCount
            let padded = dbLanes + biasLanesCount, dxp = padded + Self.wholeVectors(O * paddedStride)
            return Scratch(xp: xp, wide: wide, dwLanes: dwLanes, dbLanes: dbLanes, padded: padded, dxp: dxp)
        }

        /// Where the kernels read one image's xp, in two parts of a plane's vectors f: `direct`,
        /// whose taps read `directInput` + off(t) + (f - its start), and `copied`, whose taps read
        /// the copy xp + off(t) + (f - its start).
        ///
        /// One channel is its own plane, so most vectors read the image where it is, with no copy;
        /// only the last vectors, whose farthest taps read past the image's last pixel, read a
        /// copy of its end padded with zeros. Several channels are copied into planes.
        struct InputRegions {
            let direct: Range<Int>, directInput: UnsafePointer<Float>
            let copied: Range<Int>
        }

        /// The regions for the image at `x`, the copy written to `xp`: for one channel, xp[q] =
        /// x[d + q], zeros after the image, where d is the start of `copied`; for several, the
        /// planes xp[c·H·W + h·W + w] = x[h, w, c], zeros after them.
        func regions(of x: UnsafePointer<Float>, copyingInto xp: UnsafeMutablePointer<Float>) -> InputRegions {
            let pixels = H * W
            guard C == 1 else {
                for k in 0..<pixels {
                    for c in 0..<C { xp[c * pixels + k] = x[k * C + c] }
                }
                (xp + C * pixels).update(repeating: 0, count: planarCount - C * pixels)
                return InputRegions(direct: 0..<0, directInput: x, copied: 0..<planeStride)
            }
            // Vectors before d read at most x[d - 1 + farthestOffset], inside the image; d is a
            // multiple of 4 vectors, so that a tile of 1 filter x 4 vectors (forward, an odd number
            // of filters) never ends the direct part short. (Tiles of 3 vectors may: for the
            // reference model the direct part is 44 vectors, so 14 tiles and one of 2, and any
            // multiple of 12 would leave a longer copied part with a short tile of its own.)
            let farthestOffset = (KH - 1) * W + KW - 1
            let d = min(planeStride, max(0, pixels - farthestOffset) / (4 * Vector.width) * (4 * Vector.width))
            let kept = pixels - d
            xp.update(from: x + d, count: kept)
            (xp + kept).update(repeating: 0, count: planeStride - d + farthestOffset - kept)
            return InputRegions(direct: 0..<d, directInput: x, copied: d..<planeStride)
        }

        /// out[y, x, o] = outwide[o·S + y·W + x] for x < W': the wide planes without their junk,
        /// in Flatten's order.
        func narrow(_ wide: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
            // Row by row and filter by filter, walking pointers: no index is multiplied per float.
            for y in 0..<outH {
                for o in 0..<O {
                    let row = wide + o * planeStride + y * W
                    var target = out + y * outW * O + o
                    for x in 0..<outW {
                        target.pointee = row[x]
                        target += O
                    }
                }
            }
        }

        /// Zeros in all of a wide output: its junk stays zero through `widen`.
        func clearWide(_ wide: UnsafeMutablePointer<Float>) {
            wide.update(repeating: 0, count: wideCount)
        }

        /// outwide[o·S + y·W + x] = dout[y, x, o] for x < W', writing nothing else, so the junk
        /// keeps the zeros of `clearWide`; with `throughReLU` (ReLU's output r), dout is dL/dr and
        /// goes back through the ReLU: dout where r > 0, else 0.
        func widen(_ dout: UnsafePointer<Float>, into wide: UnsafeMutablePointer<Float>, throughReLU r: UnsafePointer<Float>?) {
            for y in 0..<outH {
                for o in 0..<O {
                    let row = wide + o * planeStride + y * W, first = y * outW * O + o
                    var source = dout + first
                    if let r {
                        var output = r + first
                        for x in 0..<outW {
                            row[x] = output.pointee > 0 ? source.pointee : 0
                            source += O
                            output += O
                        }
                    } else {
                        for x in 0..<outW {
                            row[x] = source.pointee
                            source += O
                        }
                    }
                }
            }
        }

        /// padded[o·stride + front + q] = doutwide[o·S + q] for q < outH·W (junk zero included),
        /// zeros before and after: the input gradient reads it at negative offsets, and past the
        /// last output row, without a test for either.
        func pad(_ wide: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>) {
            let rows = outH * W
            for o in 0..<O {
                let plane = padded + o * paddedStride
                plane.update(repeating: 0, count: paddedFront)
                (plane + paddedFront).update(from: wide + o * planeStride, count: rows)
                (plane + paddedFront + rows).update(repeating: 0, count: paddedStride - paddedFront - rows)
            }
        }

        /// dx[h, w, c] = dxp[c·P + h·W + w], P the input plane stride: the input gradient's
        /// planes back in the input's own layout.
        func interleave(_ dxp: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
            for k in 0..<H * W {
                for c in 0..<C { dx[k * C + c] = dxp[c * inputPlaneStride + k] }
            }
        }

        // MARK: The hand-off to Dense in planes (see `PlanarHandoff`)
        //
        // In training, a Dense layer after Conv2D, ReLU and Flatten reads the feature maps as
        // planes, one per filter, with no junk: mapPlanes[o·P + y·W' + x] = out[y, x, o], P = H'·W'
        // (the same floats as Flatten's order, in another order), and writes its dL/dx so.

        /// Floats in one plane of the hand-off: H'·W'.
        var mapPlaneCount: Int { outH * outW }

        /// mapPlanes[o·P + y·W' + x] = outwide[o·S + y·W + x]: each row of each plane without its junk.
        func compact(_ wide: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>) {
            for o in 0..<O {
                for y in 0..<outH {
                    copyRow(from: wide + o * planeStride + y * W, to: planes + o * mapPlaneCount + y * outW)
                }
            }
        }

        /// The inverse: outwide[o·S + y·W + x] = mapPlanes[o·P + y·W' + x], the junk left as it is
        /// (zero, after `clearWide`).
        func expand(_ planes: UnsafePointer<Float>, into wide: UnsafeMutablePointer<Float>) {
            for o in 0..<O {
                for y in 0..<outH {
                    copyRow(from: planes + o * mapPlaneCount + y * outW, to: wide + o * planeStride + y * W)
                }
            }
        }

        /// Copies the W' floats of one row: whole vectors, and for the rest one more vector ending
        /// at the row's end, which writes some floats twice with the same value (no partial vector,
        /// no call to `memmove`); a row shorter than a vector goes in one partial vector.
        @inline(__always)
        private func copyRow(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>) {
            let V = Vector.width
            guard outW >= V else { return target.setVector(source.vector(at: 0, lanes: outW), at: 0, lanes: outW) }
            var x = 0
            while x + V <= outW { target.setVector(source.vector(at: x), at: x); x += V }
            if x < outW { target.setVector(source.vector(at: outW - V), at: outW - V) }
        }

        /// One image's outputs in Flatten's order (outH·outW·O floats) as planes: a Dense weight
        /// row, for instance.
        func spread(_ narrow: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>) {
            for k in 0..<mapPlaneCount {
                for o in 0..<O { planes[o * mapPlaneCount + k] = narrow[k * O + o] }
            }
        }

        /// The inverse of `spread`: planes back in Flatten's order.
        func gather(_ planes: UnsafePointer<Float>, into narrow: UnsafeMutablePointer<Float>) {
            for k in 0..<mapPlaneCount {
                for o in 0..<O { narrow[k * O + o] = planes[o * mapPlaneCount + k] }
            }
        }
    }
}
