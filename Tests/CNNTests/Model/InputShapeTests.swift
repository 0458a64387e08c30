import CNN
import Testing

/// Training is not tied to MNIST's 28x28x1: any `LabeledSamples` whose shape the model takes.
@Suite struct InputShapeTests {
    /// Samples of shape [7, 6, 2]; the label says which channel holds more ink.
    struct TwoChannelPatterns: LabeledSamples {
        let sampleShape = [7, 6, 2]
        let values: [Float]
        let labels: [Int]

        init(count: Int, seed: UInt64) {
            let size = 7 * 6 * 2
            let values = randomTensor([count * size], seed: seed, in: 0...1).scalars
            self.values = values
            labels = (0..<count).map { i in
                let sample = values[i * size ..< (i + 1) * size]
                let first = stride(from: 0, to: size, by: 2).reduce(Float(0)) { $0 + sample[sample.startIndex + $1] }
                let second = stride(from: 1, to: size, by: 2).reduce(Float(0)) { $0 + sample[sample.startIndex + $1] }
                return second > first ? 1 : 0
            }
        }

        var count: Int { labels.count }
        func label(at i: Int) -> Int { labels[i] }

        func copySamples(_ indices: UnsafeBufferPointer<Int>, into destination: UnsafeMutablePointer<Float>) {
            let size = 7 * 6 * 2
            for (row, i) in indices.enumerated() {
                for k in 0..<size { destination[row * size + k] = values[i * size + k] }
            }
        }

        /// All the samples as one batch [N, 7, 6, 2].
        var batch: Tensor { Tensor(shape: [count] + sampleShape, scalars: values) }
    }

    static func model(seed: UInt64) -> Sequential {
        var generator = Xoshiro256StarStar(seed: seed)
        let conv = Conv2D(filters: 3, kernelSize: 3, inputChannels: 2, generator: &generator)
        let dense = Dense(units: 2, inputs: 5 * 4 * 3, generator: &generator)
        var model = Sequential(inputShape: [7, 6, 2], layers: [conv, ReLU(), Flatten(), dense, Softmax()])
        // Off ReLU's kink at zero, where the two gradient paths could see different corners.
        model.setParameters([conv.kernel, Tensor([0.1, -0.05, 0.02])], ofLayer: 0)
        return model
    }

    @Test func aModelOfAnotherInputShapeLearnsThroughTheBatchEngine() throws {
        let data = TwoChannelPatterns(count: 2000, seed: 3)
        var model = Self.model(seed: 4)
        let history = model.fit(data, epochs: 10, batchSize: 20, validationSplit: 0.2, seed: 5,
                                optimizer: Adam(learningRate: 0.01))
        let first = history.epochs[0], last = history.epochs[9]
        #expect(last.loss < first.loss / 2, "loss \(first.loss) -> \(last.loss)")
        // The rule is linear in the inputs, so a small network learns it almost perfectly.
        print("another input shape: loss \(first.loss) -> \(last.loss), val_accuracy \(last.validationAccuracy ?? 0)")
        #expect(try #require(last.validationAccuracy) >= 0.9)
    }

    /// One SGD step with learning rate 1 moves θ by -dL/dθ as the engine computed it (shards, tiles,
    /// fused softmax gradient); the layers' Tensor API, chained by hand, computes it independently.
    @Test func theEngineGradientOnAnotherInputShapeAgreesWithTheLayerByLayerPath() {
        let data = TwoChannelPatterns(count: 23, seed: 8)
        let before = Self.model(seed: 9)
        var after = before
        after.train(steps: 1, on: data, batchSize: data.count, optimizer: SGD(learningRate: 1))

        let gradients = layerByLayerGradients(before, batch: data.batch, labels: data.labels)
        for l in [0, 3] {
            for (k, gradient) in gradients[l].enumerated() {
                let moved = zip(before.layers[l].parameters[k].scalars, after.layers[l].parameters[k].scalars).map { $0 - $1 }
                // Float sums of at most 23 samples in two different orders.
                #expect(relativeError(Tensor(shape: gradient.shape, scalars: moved), gradient) < 1e-4,
                        "layer \(l), parameter \(k)")
            }
        }
    }
}
