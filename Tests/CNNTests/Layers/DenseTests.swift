import CNN
import Testing

@Suite struct DenseTests {
    /// Inputs whose length is and is not a multiple of the vector width, batches that do and do
    /// not fill the kernel's blocks of 4 samples.
    static let configurations: [(count: Int, inputs: Int, units: Int)] = [
        (8, 2704, 10), (5, 37, 3), (1, 16, 1), (3, 100, 12),
    ]

    static func layer(inputs: Int, units: Int, seed: UInt64) -> Dense {
        Dense(weights: randomTensor([units, inputs], seed: seed), bias: randomTensor([units], seed: seed + 1))
    }

    @Test(arguments: configurations.indices)
    func fastForwardAndBackwardAgreeWithTheNaiveReference(_ index: Int) {
        let c = Self.configurations[index]
        let dense = Self.layer(inputs: c.inputs, units: c.units, seed: 3)
        let x = randomTensor([c.count, c.inputs], seed: 4)
        let dy = randomTensor([c.count, c.units], seed: 5)
        #expect(relativeError(dense.forward(x), Reference.dense(x, weights: dense.weights, bias: dense.bias)) < 1e-5)
        let fast = dense.backward(x, outputGradient: dy)
        let reference = Reference.denseBackward(x, weights: dense.weights, outputGradient: dy)
        #expect(relativeError(fast.input, reference.input) < 1e-5)
        #expect(relativeError(fast.parameters[0], reference.weights) < 1e-5)
        #expect(relativeError(fast.parameters[1], reference.bias) < 1e-5)
    }

    @Test func backwardAgreesWithFiniteDifferences() {
        let dense = Self.layer(inputs: 19, units: 4, seed: 8)
        let x = randomTensor([3, 19], seed: 9)
        let r = randomTensor([3, 4], seed: 10)
        let analytic = dense.backward(x, outputGradient: r)
        let dx = numericalGradient(at: x, weights: r) { dense.forward($0) }
        let dW = numericalGradient(at: dense.weights, weights: r) { Dense(weights: $0, bias: dense.bias).forward(x) }
        let db = numericalGradient(at: dense.bias, weights: r) { Dense(weights: dense.weights, bias: $0).forward(x) }
        // Linear in x, W and b: only Float rounding over h = 1e-2 remains.
        #expect(relativeError(analytic.input, dx) < 1e-3)
        #expect(relativeError(analytic.parameters[0], dW) < 1e-3)
        #expect(relativeError(analytic.parameters[1], db) < 1e-3)
    }

    @Test func kernelIsTheKerasLayoutOfTheStoredWeights() {
        let kernel = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])  // [K, O]
        let dense = Dense(kernel: kernel)
        #expect(dense.weights.shape == [2, 3])
        #expect(dense.weights.scalars == [1, 3, 5, 2, 4, 6])
        #expect(dense.kernel == kernel)
        #expect(dense.forward(Tensor(shape: [1, 3], scalars: [1, 1, 1])).scalars == [9, 12])
    }

    @Test func weightsOfAUnitReshapeToTheInputSampleShape() {
        let dense = Self.layer(inputs: 2704, units: 10, seed: 1)
        let unit3 = dense.weights(ofUnit: 3, shape: [26, 26, 4])
        #expect(unit3.shape == [26, 26, 4])
        #expect(unit3[0, 0, 1] == dense.weights[3, 1])
        #expect(unit3[25, 25, 3] == dense.weights[3, 2703])
    }
}
