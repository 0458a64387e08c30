import CNN
import Testing

@Suite struct DenseTests {
    /// Inputs whose length is and is not a multiple of the vector width, batches of one sample and more.
    static let configurations: [(count: Int, inputs: Int, units: Int)] = [
        (8, 2704, 10), (5, 37, 3), (1, 16, 1), (3, 100, 12),
    ]

    /// Every tail of the fast kernels' tiles: the forward's 3 samples by 2 units over chunks of 512
    /// inputs, the backward's 2 rows (of dW: units; of dx: samples) by half a block of 6 vectors
    /// (96 inputs). Unit counts from 1 to 13 and sample counts from 1 to 5 (every remainder mod 2
    /// and 3, one tile and more), and inputs shorter than a vector, ending inside a vector, on a
    /// vector, inside either half of a block and on one, and one past a chunk and past two.
    static let tileTails: [(count: Int, inputs: Int, units: Int)] = {
        let inputs = [1, 15, 16, 17, 40, 95, 96, 97, 112, 513, 1030, 200, 33, 64]
        return (1...13).flatMap { o in (1...5).map { n in (n, inputs[(o + 5 * n) % inputs.count], o) } }
    }()

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

    @Test(arguments: tileTails.indices)
    func fastKernelsAgreeWithTheNaiveReferenceInEveryTileTail(_ index: Int) {
        let c = Self.tileTails[index]
        let dense = Self.layer(inputs: c.inputs, units: c.units, seed: UInt64(index))
        let x = randomTensor([c.count, c.inputs], seed: 40 + UInt64(index))
        let dy = randomTensor([c.count, c.units], seed: 90 + UInt64(index))
        let shapes = "N \(c.count), K \(c.inputs), O \(c.units)"
        // Float sums of at most 1030 products against Double ones.
        #expect(relativeError(dense.forward(x), Reference.dense(x, weights: dense.weights, bias: dense.bias)) < 1e-5, "\(shapes)")
        let fast = dense.backward(x, outputGradient: dy)
        let reference = Reference.denseBackward(x, weights: dense.weights, outputGradient: dy)
        #expect(relativeError(fast.input, reference.input) < 1e-5, "dx, \(shapes)")
        #expect(relativeError(fast.parameters[0], reference.weights) < 1e-5, "dW, \(shapes)")
        #expect(relativeError(fast.parameters[1], reference.bias) < 1e-5, "db, \(shapes)")
    }

    /// The kernels WRITE dW and db, the sums over the samples: what was there before is gone
    /// (training's shards do not clear them between batches; see also GradientWritesTests).
    @Test func backwardWritesOverTheGradientsAlreadyThere() {
        let dense = Self.layer(inputs: 33, units: 4, seed: 12)
        let x = randomTensor([5, 33], seed: 13), dy = randomTensor([5, 4], seed: 14)
        let earlier = (randomTensor([4, 33], seed: 15), randomTensor([4], seed: 16))
        var dW = earlier.0, db = earlier.1, dx = Tensor(shape: x.shape)
        var W = dense.weights.scalars, b = dense.bias.scalars
        W.withUnsafeMutableBufferPointer { W in
            b.withUnsafeMutableBufferPointer { b in
                dW.scalars.withUnsafeMutableBufferPointer { dW in
                    db.scalars.withUnsafeMutableBufferPointer { db in
                        dx.scalars.withUnsafeMutableBufferPointer { dx in
                            x.scalars.withUnsafeBufferPointer { x in
                                dy.scalars.withUnsafeBufferPointer { dy in
                                    // Dense reads neither y nor scratch: dy stands in for both.
                                    let unread = UnsafeMutablePointer(mutating: dy.baseAddress!)
                                    dense.backward(x.baseAddress!, dy.baseAddress!, dy.baseAddress!, dx.baseAddress!,
                                                   count: 5, inputShape: [33], parameters: [W.baseAddress!, b.baseAddress!],
                                                   gradients: [dW.baseAddress!, db.baseAddress!], scratch: unread)
                                }
                            }
                        }
                    }
                }
            }
        }
        let reference = Reference.denseBackward(x, weights: dense.weights, outputGradient: dy)
        #expect(relativeError(dW, reference.weights) < 1e-5)
        #expect(relativeError(db, reference.bias) < 1e-5)
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
