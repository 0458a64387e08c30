import CNN
import Testing

@Suite struct ReLUTests {
    @Test func reluPassesPositiveInputsUnchangedAndZeroesTheRest() {
        let x = Tensor(shape: [1, 5], scalars: [-2, -0.5, 0, 0.5, 3])
        #expect(ReLU().forward(x).scalars == [0, 0, 0, 0.5, 3])
        #expect(relu(x).scalars == [0, 0, 0, 0.5, 3])
    }

    @Test func backwardAgreesWithFiniteDifferencesAwayFromZero() {
        // Keep every input at least 0.1 from the kink, farther than h.
        var x = randomTensor([2, 3, 3, 2], seed: 1)
        x.scalars = x.scalars.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
        let r = randomTensor(x.shape, seed: 2)
        let analytic = ReLU().backward(x, outputGradient: r).input
        let numeric = numericalGradient(at: x, weights: r) { ReLU().forward($0) }
        #expect(relativeError(analytic, numeric) < 1e-4)
    }
}

@Suite struct FlattenTests {
    @Test func flattenKeepsChannelsLastOrder() {
        var x = Tensor(shape: [1, 2, 2, 3])
        x[0, 1, 0, 2] = 1
        let y = Flatten().forward(x)
        #expect(y.shape == [1, 12])
        #expect(y.scalars[(1 * 2 + 0) * 3 + 2] == 1)
    }

    @Test func backwardReshapesTheGradientBack() {
        let x = randomTensor([2, 3, 2, 1], seed: 1), r = randomTensor([2, 6], seed: 2)
        let dx = Flatten().backward(x, outputGradient: r).input
        #expect(dx.shape == x.shape)
        #expect(dx.scalars == r.scalars)
    }
}

@Suite struct SoftmaxTests {
    @Test func probabilitiesArePositiveAndSumToOne() {
        let p = softmax([2, 1, 0.1])
        #expect(abs(p.reduce(0, +) - 1) < 1e-6)
        #expect(abs(p[0] - 0.659001) < 1e-5 && abs(p[1] - 0.242433) < 1e-5 && abs(p[2] - 0.098566) < 1e-5)
    }

    @Test func hugeScoresDoNotOverflow() {
        let p = softmax([1000, 0, -1000])
        #expect(p == [1, 0, 0])
    }

    @Test func tensorSoftmaxWorksRowByRow() {
        let z = Tensor(shape: [2, 3], scalars: [2, 1, 0.1, 0, 0, 0])
        let p = softmax(z)
        #expect(Array(p.scalars[0..<3]) == softmax([2, 1, 0.1]))
        #expect(p.scalars[3...].allSatisfy { abs($0 - 1.0 / 3) < 1e-6 })
        #expect(Softmax().forward(z) == p)
    }

    @Test func backwardAgreesWithFiniteDifferences() {
        let z = randomTensor([3, 10], seed: 4, in: -3...3)
        let r = randomTensor([3, 10], seed: 5)
        let analytic = Softmax().backward(z, outputGradient: r).input
        let numeric = numericalGradient(at: z, weights: r, h: 1e-2) { Softmax().forward($0) }
        // Curvature makes the central difference off by O(h²) ≈ 1e-4 of the gradient's scale.
        #expect(relativeError(analytic, numeric) < 2e-3)
    }
}
