import CNN
import Testing

@Suite struct Conv2DTests {
    /// Shapes that exercise the fast kernels' cases: even and odd filter counts (forward tiles of
    /// 2 filters x 3 vectors or 1 x 4; backward pairs of filters, and the last of an odd count alone,
    /// 6 taps a tile); several channels (the input copied into planes) and one (read in place, the
    /// end of the image from a padded copy); kernels of 1, 3 and 5, whose taps fill the backward
    /// tiles of 3 exactly or leave 1 or 2 over; parts of planes whose number of vectors leaves 0, 1
    /// or 2 over a forward tile of 3 and 0 to 3 over a tile of 4, and planes of a single vector.
    static let configurations: [(input: [Int], kernelSize: Int, filters: Int)] = [
        ([2, 28, 28, 1], 3, 4),   // the reference model: 9 taps, planes of 46 vectors
        ([3, 9, 7, 2], 3, 3),     // two channels, 3 filters: a pair and one alone
        ([1, 10, 12, 3], 5, 5),
        ([2, 6, 6, 2], 1, 16),    // 2 taps: one tile with a repeated tap
        ([1, 7, 8, 1], 3, 32),
        ([2, 5, 5, 4], 5, 1),     // 100 taps: 1 over; one filter
        ([1, 8, 6, 3], 3, 10),
        ([1, 4, 4, 1], 1, 4),     // 1 tap, a plane of a single vector
        ([2, 5, 7, 1], 5, 2),     // 25 taps, 1 over
        ([1, 3, 19, 2], 3, 8),    // a single output row
        ([1, 12, 3, 1], 3, 6),    // a single output column
        ([3, 6, 8, 1], 3, 48),
        ([1, 7, 9, 1], 3, 2),
        ([1, 9, 9, 1], 3, 8),
        ([2, 6, 7, 1], 3, 16),
        ([1, 7, 9, 1], 3, 1),     // one filter, 4 vectors at a time
        ([1, 6, 7, 1], 3, 3),
        ([2, 5, 5, 2], 3, 7),
        ([1, 6, 5, 1], 1, 12),
        ([1, 5, 6, 1], 3, 15),
        ([1, 30, 30, 1], 3, 1),   // most vectors read the image in place, one filter
        ([2, 20, 17, 1], 3, 5),   // the same, an odd count of filters
    ]

    static func layer(_ c: (input: [Int], kernelSize: Int, filters: Int), seed: UInt64) -> Conv2D {
        Conv2D(kernel: randomTensor([c.kernelSize, c.kernelSize, c.input[3], c.filters], seed: seed),
               bias: randomTensor([c.filters], seed: seed + 1))
    }

    @Test(arguments: configurations.indices)
    func fastForwardAgreesWithTheNaiveReference(_ index: Int) {
        let c = Self.configurations[index]
        let conv = Self.layer(c, seed: UInt64(10 * index))
        let x = randomTensor(c.input, seed: 99, in: 0...1)
        let fast = conv.forward(x)
        let reference = Reference.conv2D(x, kernel: conv.kernel, bias: conv.bias)
        // Float sums of at most 75 products against Double ones.
        #expect(relativeError(fast, reference) < 1e-5)
    }

    @Test(arguments: configurations.indices)
    func fastBackwardAgreesWithTheNaiveReference(_ index: Int) {
        let c = Self.configurations[index]
        let conv = Self.layer(c, seed: UInt64(10 * index))
        let x = randomTensor(c.input, seed: 5)
        let dy = randomTensor([c.input[0]] + conv.outputShape(for: Array(c.input.dropFirst())), seed: 6)
        let fast = conv.backward(x, outputGradient: dy)
        let reference = Reference.conv2DBackward(x, kernel: conv.kernel, outputGradient: dy)
        // The kernel gradient sums up to N·H'·W' = 1352 products in Float.
        #expect(relativeError(fast.input, reference.input) < 1e-5)
        #expect(relativeError(fast.parameters[0], reference.kernel) < 1e-5)
        #expect(relativeError(fast.parameters[1], reference.bias) < 1e-5)
    }

    @Test func backwardAgreesWithFiniteDifferences() {
        let conv = Self.layer(([2, 6, 5, 2], 3, 3), seed: 21)
        let x = randomTensor([2, 6, 5, 2], seed: 22)
        let r = randomTensor([2, 4, 3, 3], seed: 23)
        let analytic = conv.backward(x, outputGradient: r)

        let dx = numericalGradient(at: x, weights: r) { conv.forward($0) }
        let dw = numericalGradient(at: conv.kernel, weights: r) { Conv2D(kernel: $0, bias: conv.bias).forward(x) }
        let db = numericalGradient(at: conv.bias, weights: r) { Conv2D(kernel: conv.kernel, bias: $0).forward(x) }
        // The layer is linear in x, w and b, so only Float rounding of y over h = 1e-2 remains.
        #expect(relativeError(analytic.input, dx) < 1e-3)
        #expect(relativeError(analytic.parameters[0], dw) < 1e-3)
        #expect(relativeError(analytic.parameters[1], db) < 1e-3)
    }

    @Test func aHandMadeVerticalEdgeFilterRespondsOnlyWhereTheInkBegins() {
        // A 4x6 image: background on the left half, ink on the right half.
        let image = Tensor(shape: [4, 6, 1], scalars: [0, 0, 0, 1, 1, 1,
                                                       0, 0, 0, 1, 1, 1,
                                                       0, 0, 0, 1, 1, 1,
                                                       0, 0, 0, 1, 1, 1])
        let edge = Tensor(shape: [3, 3, 1, 1], scalars: [-1, 0, 1,
                                                         -1, 0, 1,
                                                         -1, 0, 1])
        let response = Conv2D.apply(image, kernel: edge)
        #expect(response.shape == [2, 4, 1])
        // Each row of a window adds (right column - left column): 0 on flat ground, 1 across the edge.
        #expect(response.scalars == [0, 3, 3, 0,
                                     0, 3, 3, 0])
        #expect(Conv2D.apply(image, kernel: edge, bias: Tensor([-3])).scalars == [-3, 0, 0, -3, -3, 0, 0, -3])
    }

    @Test func outputShapeIsValidPaddingWithStrideOne() {
        var generator = Xoshiro256StarStar(seed: 1)
        let conv = Conv2D(filters: 4, kernelSize: 5, inputChannels: 2, generator: &generator)
        #expect(conv.outputShape(for: [28, 20, 2]) == [24, 16, 4])
        #expect(throws: ShapeError.self) { try conv.checkedOutputShape(for: [28, 28, 1]) }
        #expect(throws: ShapeError.self) { try conv.checkedOutputShape(for: [4, 28, 2]) }
    }

    @Test func glorotUniformKernelsStayWithinTheirLimitAndBiasesStartAtZero() {
        var generator = Xoshiro256StarStar(seed: 1)
        let conv = Conv2D(filters: 4, kernelSize: 3, inputChannels: 1, generator: &generator)
        let limit = Float((6.0 / Double(9 + 36)).squareRoot())
        #expect(conv.kernel.shape == [3, 3, 1, 4])
        #expect(conv.kernel.scalars.allSatisfy { abs($0) <= limit })
        #expect(conv.kernel.scalars.contains { abs($0) > limit / 2 })
        #expect(conv.bias.scalars == [0, 0, 0, 0])
    }
}
