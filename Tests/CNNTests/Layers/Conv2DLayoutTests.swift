@testable import CNN
import Testing

/// The wide layout's data movements against their definitions, written out the slow, obvious way.
@Suite struct Conv2DLayoutTests {
    /// Input shapes and kernels: one channel (most vectors read the image itself) and several
    /// (a planar copy); kernels of 1, 3 and 5; images whose last vectors need a copy, none of them,
    /// or all of them (too small for a single direct vector).
    static let shapes: [(input: [Int], kernel: Int, filters: Int)] = [
        ([28, 28, 1], 3, 4), ([5, 7, 1], 3, 2), ([5, 7, 2], 3, 3), ([9, 7, 3], 5, 1), ([4, 4, 1], 1, 4),
        ([3, 19, 1], 3, 8), ([12, 3, 1], 3, 6), ([20, 20, 1], 5, 5), ([6, 6, 2], 1, 16), ([40, 40, 1], 3, 1),
    ]

    static func layout(_ index: Int) -> Conv2D.Layout {
        let c = shapes[index]
        return Conv2D.Layout(inputShape: c.input, kernelShape: [c.kernel, c.kernel, c.input[2], c.filters])
    }

    /// What tap t of output f reads, by definition: xp[f + off(t)], the input planes followed by zeros.
    static func planarValue(_ x: [Float], _ L: Conv2D.Layout, at k: Int) -> Float {
        let pixels = L.H * L.W
        guard k < L.C * pixels else { return 0 }
        let (c, pixel) = (k / pixels, k % pixels)
        return x[pixel * L.C + c]
    }

    /// Every lane of every vector of a plane, for every tap, reads through `regions` the value the
    /// formula names, and never outside the image (direct part) or the copy (`planarCount` floats).
    @Test(arguments: shapes.indices)
    func everyTapReadsWhatTheFormulaSaysAndStaysInsideItsBuffers(_ index: Int) {
        let L = Self.layout(index)
        let pixels = L.H * L.W * L.C
        let x = (0..<pixels).map { Float($0 + 1) }
        // Filled with a marker, so that a float never written shows.
        var xp = [Float](repeating: -1, count: L.planarCount)
        x.withUnsafeBufferPointer { image in
            xp.withUnsafeMutableBufferPointer { copy in
                let regions = L.regions(of: image.baseAddress!, copyingInto: copy.baseAddress!)
                #expect(regions.direct.lowerBound == 0 && regions.direct.upperBound == regions.copied.lowerBound
                        && regions.copied.upperBound == L.planeStride, "the parts cover the plane")
                #expect(regions.direct.count % (4 * Vector.width) == 0)
                if L.C > 1 { #expect(regions.direct.isEmpty) }
                for t in 0..<L.taps {
                    for f in 0..<L.planeStride {
                        let read: Float
                        if regions.direct.contains(f) {
                            let at = L.offset(tap: t) + f
                            #expect(at < pixels, "tap \(t), output \(f) reads past the image")
                            read = regions.directInput[min(at, pixels - 1)]
                        } else {
                            let at = L.offset(tap: t) + f - regions.copied.lowerBound
                            #expect(at < L.planarCount, "tap \(t), output \(f) reads past the copy")
                            read = copy[min(at, L.planarCount - 1)]
                        }
                        let expected = Self.planarValue(x, L, at: f + L.offset(tap: t))
                        if read != expected {
                            Issue.record("shape \(index), tap \(t), output \(f): read \(read), expected \(expected)")
                            return
                        }
                    }
                }
            }
        }
    }

    /// The offsets of the taps, in the kernel tensor's order (i, j, c): off = (c·H + i)·W + j.
    @Test func tapsGoInTheKernelTensorsOrder() {
        let L = Conv2D.Layout(inputShape: [6, 7, 2], kernelShape: [3, 5, 2, 4])
        var t = 0
        for i in 0..<3 {
            for j in 0..<5 {
                for c in 0..<2 {
                    #expect(L.offset(tap: t) == (c * 6 + i) * 7 + j)
                    t += 1
                }
            }
        }
        #expect(t == L.taps)
    }

    /// spread puts out[y, x, o] at o·S + y·W + x and zeros everywhere else; gather and narrow take
    /// them back; zeroJunk zeros exactly the floats spread leaves zero; widen is spread, through
    /// a ReLU if given.
    @Test(arguments: shapes.indices)
    func theWideLayoutHoldsEachOutputAtItsPlaceAndZerosElsewhere(_ index: Int) {
        let L = Self.layout(index)
        let count = L.outH * L.outW * L.O
        let narrow = (0..<count).map { Float($0 + 1) }
        var expected = [Float](repeating: 0, count: L.wideCount)
        for y in 0..<L.outH {
            for x in 0..<L.outW {
                for o in 0..<L.O { expected[o * L.planeStride + y * L.W + x] = narrow[(y * L.outW + x) * L.O + o] }
            }
        }
        var wide = [Float](repeating: -1, count: L.wideCount)
        narrow.withUnsafeBufferPointer { n in wide.withUnsafeMutableBufferPointer { L.spread(n.baseAddress!, into: $0.baseAddress!) } }
        #expect(wide == expected)

        var back = [Float](repeating: -1, count: count)
        wide.withUnsafeBufferPointer { w in back.withUnsafeMutableBufferPointer { L.gather(w.baseAddress!, into: $0.baseAddress!) } }
        #expect(back == narrow)

        // Junk filled with a marker is zeroed, and nothing else is touched.
        var marked = expected.enumerated().map { $0.element == 0 ? Float(-7) : $0.element }
        marked.withUnsafeMutableBufferPointer { L.zeroJunk($0.baseAddress!) }
        #expect(marked == expected)

        // widen, through a ReLU whose output is positive at even indices only.
        let relu = (0..<count).map { Float($0 % 2 == 0 ? 1 : 0) }
        var widened = [Float](repeating: 0, count: L.wideCount)
        narrow.withUnsafeBufferPointer { n in
            relu.withUnsafeBufferPointer { r in
                widened.withUnsafeMutableBufferPointer { L.widen(n.baseAddress!, into: $0.baseAddress!, throughReLU: r.baseAddress!) }
            }
        }
        let throughReLU = zip(narrow, relu).map { $1 > 0 ? $0 : 0 }
        var expectedThroughReLU = [Float](repeating: 0, count: L.wideCount)
        throughReLU.withUnsafeBufferPointer { n in
            expectedThroughReLU.withUnsafeMutableBufferPointer { L.spread(n.baseAddress!, into: $0.baseAddress!) }
        }
        #expect(widened == expectedThroughReLU)
    }

    /// pad: each plane of dL/d(out) after `paddedFront` zeros and followed by zeros; interleave:
    /// planes back into (H, W, C).
    @Test(arguments: shapes.indices)
    func theInputGradientsPaddingAndInterleavingFollowTheirDefinitions(_ index: Int) {
        let L = Self.layout(index)
        let wide = (0..<L.wideCount).map { Float($0 + 1) }
        var padded = [Float](repeating: -1, count: L.O * L.paddedStride)
        wide.withUnsafeBufferPointer { w in padded.withUnsafeMutableBufferPointer { L.pad(w.baseAddress!, into: $0.baseAddress!) } }
        for o in 0..<L.O {
            for q in 0..<L.paddedStride {
                let inside = q - L.paddedFront
                let expected: Float = inside >= 0 && inside < L.outH * L.W ? wide[o * L.planeStride + inside] : 0
                if padded[o * L.paddedStride + q] != expected {
                    Issue.record("shape \(index), plane \(o), float \(q): \(padded[o * L.paddedStride + q]), expected \(expected)")
                    return
                }
            }
        }
        let planes = (0..<L.C * L.inputPlaneStride).map { Float($0) }
        var dx = [Float](repeating: -1, count: L.H * L.W * L.C)
        planes.withUnsafeBufferPointer { p in dx.withUnsafeMutableBufferPointer { L.interleave(p.baseAddress!, into: $0.baseAddress!) } }
        for h in 0..<L.H {
            for w in 0..<L.W {
                for c in 0..<L.C { #expect(dx[(h * L.W + w) * L.C + c] == planes[c * L.inputPlaneStride + h * L.W + w]) }
            }
        }
    }
}
