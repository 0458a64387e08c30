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

    /// Output (y, x, o) is at o·S + y·W + x in the wide layout, at o·H'·W' + y·W' + x in the planes
    /// handed to Dense, and at (y·W' + x)·O + o in Flatten's order: narrow, widen, compact, expand,
    /// spread and gather move each value from one to the other, and touch nothing else.
    @Test(arguments: shapes.indices)
    func eachOutputMovesBetweenTheLayoutsToItsPlace(_ index: Int) {
        let L = Self.layout(index)
        let count = L.outH * L.outW * L.O, P = L.mapPlaneCount
        func wideIndex(_ y: Int, _ x: Int, _ o: Int) -> Int { o * L.planeStride + y * L.W + x }
        func planeIndex(_ y: Int, _ x: Int, _ o: Int) -> Int { o * P + y * L.outW + x }
        func flattenIndex(_ y: Int, _ x: Int, _ o: Int) -> Int { (y * L.outW + x) * L.O + o }
        var flatten = [Float](repeating: 0, count: count), planes = flatten
        var wide = [Float](repeating: 0, count: L.wideCount)  // junk 0
        var wideMarked = [Float](repeating: -7, count: L.wideCount)  // junk a marker
        for y in 0..<L.outH {
            for x in 0..<L.outW {
                for o in 0..<L.O {
                    let value = Float(flattenIndex(y, x, o) + 1)
                    flatten[flattenIndex(y, x, o)] = value
                    planes[planeIndex(y, x, o)] = value
                    wide[wideIndex(y, x, o)] = value
                    wideMarked[wideIndex(y, x, o)] = value
                }
            }
        }
        func moved(_ source: [Float], into count: Int, filledWith fill: Float = -1,
                   _ move: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
            var target = [Float](repeating: fill, count: count)
            source.withUnsafeBufferPointer { s in target.withUnsafeMutableBufferPointer { move(s.baseAddress!, $0.baseAddress!) } }
            return target
        }
        #expect(moved(wideMarked, into: count, L.narrow) == flatten)
        #expect(moved(wideMarked, into: count, L.compact) == planes)
        #expect(moved(planes, into: L.wideCount, filledWith: 0, L.expand) == wide)
        #expect(moved(flatten, into: count, L.spread) == planes)
        #expect(moved(planes, into: count, L.gather) == flatten)
        #expect(moved(flatten, into: L.wideCount, filledWith: 0) { L.widen($0, into: $1, throughReLU: nil) } == wide)

        // widen through a ReLU whose output is positive at even Flatten indices only.
        let relu = (0..<count).map { Float($0 % 2 == 0 ? 1 : 0) }
        let throughReLU = relu.withUnsafeBufferPointer { r in
            moved(flatten, into: L.wideCount, filledWith: 0) { L.widen($0, into: $1, throughReLU: r.baseAddress!) }
        }
        let expected = moved(zip(flatten, relu).map { $1 > 0 ? $0 : 0 }, into: L.wideCount, filledWith: 0) {
            L.widen($0, into: $1, throughReLU: nil)
        }
        #expect(throughReLU == expected && throughReLU != wide)
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

    /// `Conv2DTests.configurations` reach every way a part of a plane can end a forward tile: a
    /// whole tile or 1 or 2 vectors short of one of 3 (an even number of filters), 0 to 3 short of
    /// one of 4 (an odd number), parts read in place and parts copied.
    @Test func theKernelTestsShapesEndTheForwardTilesEveryWay() {
        var threes = Set<Int>(), fours = Set<Int>(), direct = false, copied = false
        for c in Conv2DTests.configurations {
            let L = Conv2D.Layout(inputShape: Array(c.input.dropFirst()), kernelShape: [c.kernelSize, c.kernelSize, c.input[3], c.filters])
            let image = [Float](repeating: 0, count: L.H * L.W * L.C)
            var copy = [Float](repeating: 0, count: L.planarCount)
            let regions = image.withUnsafeBufferPointer { x in
                copy.withUnsafeMutableBufferPointer { L.regions(of: x.baseAddress!, copyingInto: $0.baseAddress!) }
            }
            for part in [regions.direct, regions.copied] where !part.isEmpty {
                let vectors = part.count / Vector.width
                if c.filters % 2 == 0 { threes.insert(vectors % 3) } else { fours.insert(vectors % 4) }
            }
            direct = direct || !regions.direct.isEmpty
            copied = copied || !regions.copied.isEmpty
        }
        #expect(threes == [0, 1, 2], "parts left over a tile of 3: \(threes.sorted())")
        #expect(fours == [0, 1, 2, 3], "parts left over a tile of 4: \(fours.sorted())")
        #expect(direct && copied)
    }
}
