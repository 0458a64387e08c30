@testable import CNN
import Testing

/// The wide layout's copies against their definitions, written out the slow, obvious way.
@Suite struct Conv2DLayoutTests {
    /// xr[c, h, w, o] = x[h, w, c] for every o, zeros after: for every filter count up to 33 (each
    /// way of repeating: a copy, a shuffle, a constant count, whole vectors) with 1 to 3 channels,
    /// and for 1x1 kernels, whose wide output leaves no room after the last pixel.
    @Test(arguments: 1...33)
    func repeatInputCopiesEveryValueOnceForEachFilter(_ O: Int) {
        for C in 1...3 {
            for kernel in [1, 3] {
                let (H, W) = (5, 7)
                let layout = Conv2D.Layout(inputShape: [H, W, C], kernelShape: [kernel, kernel, C, O])
                let x = (0..<H * W * C).map { Float($0 + 1) }
                // Filled with a marker first, so that a value never written shows.
                var xr = [Float](repeating: -1, count: layout.repeatedCount)
                x.withUnsafeBufferPointer { x in
                    xr.withUnsafeMutableBufferPointer { layout.repeatInput(x.baseAddress!, into: $0.baseAddress!) }
                }
                var expected = [Float](repeating: 0, count: layout.repeatedCount)
                for c in 0..<C {
                    for h in 0..<H {
                        for w in 0..<W {
                            for o in 0..<O { expected[((c * H + h) * W + w) * O + o] = x[(h * W + w) * C + c] }
                        }
                    }
                }
                #expect(xr == expected, "O = \(O), C = \(C), \(kernel)x\(kernel) kernel")
            }
        }
    }
}
