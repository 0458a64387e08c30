@testable import CNN
import Testing

/// Training hands Conv2D's feature maps to Dense as planes, one per filter (`PlanarHandoff`):
/// Dense reads them with its weights in the same order, and writes dL/dx so through the ReLU.
/// The gradients must be those of the model as it is written, for every shape the kernels
/// distinguish: an even or odd number of filters, several channels, a kernel of 5, rows shorter
/// or longer than a vector, a single output position.
@Suite struct PlanarHandoffTests {
    /// Random samples of any shape with random labels among `classes`.
    struct RandomSamples: LabeledSamples {
        let sampleShape: [Int]
        let values: [Float]
        let labels: [Int]

        init(shape: [Int], count: Int, classes: Int, seed: UInt64) {
            sampleShape = shape
            values = randomTensor([count * shape.reduce(1, *)], seed: seed, in: 0...1).scalars
            var generator = Xoshiro256StarStar(seed: seed + 1)
            labels = (0..<count).map { _ in Int(generator.next() % UInt64(classes)) }
        }

        var count: Int { labels.count }
        func label(at i: Int) -> Int { labels[i] }

        func copySamples(_ indices: UnsafeBufferPointer<Int>, into destination: UnsafeMutablePointer<Float>) {
            let size = sampleShape.reduce(1, *)
            for (row, i) in indices.enumerated() {
                for k in 0..<size { destination[row * size + k] = values[i * size + k] }
            }
        }

        var batch: Tensor { Tensor(shape: [count] + sampleShape, scalars: values) }
    }

    /// (input shape, filters, kernel size, units)
    static let configurations: [([Int], Int, Int, Int)] = [
        ([28, 28, 1], 4, 3, 10),   // the reference model: rows of 26, a vector and a part
        ([12, 10, 3], 5, 3, 7),    // an odd number of filters, three channels
        ([9, 9, 2], 16, 5, 3),     // a 5x5 kernel, rows of 5
        ([7, 6, 2], 3, 3, 2),
        ([5, 5, 1], 1, 5, 4),      // a single output position
        // Rows of at least a vector, computed row by row straight into the planes:
        ([20, 18, 2], 3, 3, 5),    // rows of exactly 16, two channels, an odd number of filters
        ([12, 35, 1], 2, 3, 4),    // rows of 33: three vectors, the last repeating 15 lanes
    ]

    static func model(_ index: Int) -> Sequential {
        let (shape, filters, size, units) = configurations[index]
        var generator = Xoshiro256StarStar(seed: UInt64(60 + index))
        let conv = Conv2D(filters: filters, kernelSize: size, inputChannels: shape[2], generator: &generator)
        let inputs = (shape[0] - size + 1) * (shape[1] - size + 1) * filters
        let dense = Dense(units: units, inputs: inputs, generator: &generator)
        var model = Sequential(inputShape: shape, layers: [conv, ReLU(), Flatten(), dense, Softmax()])
        // Biases off ReLU's kink at zero, where two summation orders could fall on either side.
        model.setParameters([conv.kernel, Tensor((0..<filters).map { Float($0 % 3) * 0.05 - 0.04 })], ofLayer: 0)
        return model
    }

    @Test(arguments: configurations.indices)
    func thePlanarHandoffGivesTheModelsGradient(_ index: Int) throws {
        let model = Self.model(index)
        let (shape, _, _, units) = Self.configurations[index]
        let data = RandomSamples(shape: shape, count: 37, classes: units, seed: UInt64(70 + index))
        let wide = BatchEngine(model: model, batchSize: data.count)
        let narrow = BatchEngine(model: model, batchSize: data.count, planarHandoff: false)
        let handoff = try #require(wide.handoff)
        #expect(handoff.conv == 0 && handoff.dense == 3 && narrow.handoff == nil)
        // Dense holds the model's weights, no more, and gives them back as they were.
        #expect(wide.layers[3].parameters[0].shape == model.layers[3].parameters[0].shape)
        #expect(handoff.modelWeights(wide.layers[3].parameters[0]) == model.layers[3].parameters[0])

        let indices = Array(0..<data.count)
        let (wideResult, narrowResult) = indices.withUnsafeBufferPointer {
            (wide.trainBatch(data, indices: $0), narrow.trainBatch(data, indices: $0))
        }
        #expect(wideResult.correct == narrowResult.correct)
        #expect(abs(wideResult.lossSum - narrowResult.lossSum) <= 1e-5 * abs(narrowResult.lossSum))
        let reference = layerByLayerGradients(model, batch: data.batch, labels: data.labels)
        for l in [0, 3] {
            let (fromWide, fromNarrow) = (wide.gradients(ofLayer: l), narrow.gradients(ofLayer: l))
            for k in 0..<2 {
                #expect(fromWide[k].shape == model.layers[l].parameters[k].shape)
                // Float sums of 37 samples in different orders: the planes change only the
                // order of the logits' sums.
                #expect(relativeError(fromWide[k], reference[l][k]) < 1e-4, "layer \(l), parameter \(k), \(shape)")
                #expect(relativeError(fromWide[k], fromNarrow[k]) < 1e-5, "layer \(l), parameter \(k), \(shape)")
            }
        }
    }

    /// Training writes Dense's dL/dx over its input, the feature maps (see `Shard.backward`). With a
    /// second Conv2D under the hand-off, that gradient goes on down: the upper Conv2D reads it from
    /// the feature maps' buffer and writes its own dL/dx to a gradient buffer, which the lower
    /// Conv2D reads. Every layer's gradient must still be the model's.
    @Test func dL_dxWrittenOverTheFeatureMapsReachesTheLayersBelow() throws {
        var generator = Xoshiro256StarStar(seed: 64)
        let lower = Conv2D(filters: 3, kernelSize: 3, inputChannels: 1, generator: &generator)
        let upper = Conv2D(filters: 4, kernelSize: 3, inputChannels: 3, generator: &generator)
        let dense = Dense(units: 5, inputs: 6 * 7 * 4, generator: &generator)
        var model = Sequential(inputShape: [10, 11, 1], layers: [lower, ReLU(), upper, ReLU(), Flatten(), dense, Softmax()])
        // Biases off ReLU's kink at zero (see `model`).
        model.setParameters([lower.kernel, Tensor([0.03, -0.02, 0.05])], ofLayer: 0)
        model.setParameters([upper.kernel, Tensor([0.04, 0.01, -0.03, 0.02])], ofLayer: 2)
        let data = RandomSamples(shape: [10, 11, 1], count: 37, classes: 5, seed: 65)
        let engine = BatchEngine(model: model, batchSize: data.count)
        let handoff = try #require(engine.handoff)
        #expect(handoff.conv == 2 && handoff.dense == 5)
        _ = Array(0..<data.count).withUnsafeBufferPointer { engine.trainBatch(data, indices: $0) }
        let reference = layerByLayerGradients(model, batch: data.batch, labels: data.labels)
        for l in [0, 2, 5] {
            for (k, gradient) in engine.gradients(ofLayer: l).enumerated() {
                #expect(relativeError(gradient, reference[l][k]) < 1e-4, "layer \(l), parameter \(k)")
            }
        }
    }

    /// `Dense.backward` with dx the same memory as x gives, bit for bit, what it gives into a buffer of its own.
    @Test(arguments: [(16, 2704, 10), (5, 37, 3), (3, 200, 1)])
    func denseBackwardInPlaceIsBackwardIntoItsOwnBuffer(_ shape: (n: Int, k: Int, o: Int)) {
        var generator = Xoshiro256StarStar(seed: UInt64(shape.k))
        let dense = Dense(units: shape.o, inputs: shape.k, generator: &generator)
        // ReLU outputs: a third of them zero.
        let x = randomTensor([shape.n * shape.k], seed: 66, in: -0.5...1).scalars.map { max(0, $0) }
        let dy = randomTensor([shape.n * shape.o], seed: 67, in: -1...1).scalars
        let (weights, bias) = (dense.parameters[0].scalars, dense.parameters[1].scalars)
        func run(inPlace: Bool) -> (dx: [Float], dW: [Float], db: [Float]) {
            var (input, dx) = (x, [Float](repeating: .nan, count: x.count))
            var (dW, db) = ([Float](repeating: .nan, count: shape.o * shape.k), [Float](repeating: .nan, count: shape.o))
            var (w, b) = (weights, bias)
            w.withUnsafeMutableBufferPointer { w in
                b.withUnsafeMutableBufferPointer { b in
                    dW.withUnsafeMutableBufferPointer { dW in
                        db.withUnsafeMutableBufferPointer { db in
                            input.withUnsafeMutableBufferPointer { input in
                                dx.withUnsafeMutableBufferPointer { dx in
                                    let x = input.baseAddress!
                                    dense.backward(x, dy, inPlace ? x : dx.baseAddress!, count: shape.n,
                                                   parameters: [w.baseAddress!, b.baseAddress!],
                                                   gradients: [dW.baseAddress!, db.baseAddress!], throughReLU: x)
                                }
                            }
                        }
                    }
                }
            }
            return (inPlace ? input : dx, dW, db)
        }
        let (own, inPlace) = (run(inPlace: false), run(inPlace: true))
        #expect(own.dx.map(\.bitPattern) == inPlace.dx.map(\.bitPattern))
        #expect(own.dW.map(\.bitPattern) == inPlace.dW.map(\.bitPattern))
        #expect(own.db.map(\.bitPattern) == inPlace.db.map(\.bitPattern))
        #expect(own.dx.contains { $0 != 0 } && own.dx.contains { $0 == 0 })
    }

    /// Dense's weight for unit u and the feature (y, x, o), at u·K + (y·W' + x)·O + o in the model
    /// (Flatten's order), is at u·K + o·H'·W' + y·W' + x in the engine, for every u, y, x, o; and
    /// training moves what the engine holds, which comes back in the model's shapes.
    @Test(arguments: configurations.indices)
    func denseHoldsEachWeightAtItsFeaturesPlace(_ index: Int) throws {
        let model = Self.model(index)
        let (shape, filters, _, units) = Self.configurations[index]
        let engine = BatchEngine(model: model, batchSize: 16)
        let layout = try #require(engine.handoff).layout
        let (K, P) = (layout.outH * layout.outW * filters, layout.outH * layout.outW)
        let (modelWeights, engineWeights) = (model.layers[3].parameters[0].scalars, engine.layers[3].parameters[0].scalars)
        var misplaced = 0
        for u in 0..<units {
            for y in 0..<layout.outH {
                for x in 0..<layout.outW {
                    for o in 0..<filters where engineWeights[u * K + o * P + y * layout.outW + x] != modelWeights[u * K + (y * layout.outW + x) * filters + o] {
                        misplaced += 1
                    }
                }
            }
        }
        #expect(misplaced == 0)
        let data = RandomSamples(shape: shape, count: 32, classes: units, seed: UInt64(90 + index))
        var optimizer = Adam(learningRate: 0.05)
        _ = Array(0..<16).withUnsafeBufferPointer { engine.trainStep(data, indices: $0, optimizer: &optimizer) }
        let trained = engine.parameters(ofLayer: 3)
        #expect(trained.map(\.shape) == model.layers[3].parameters.map(\.shape) && trained != model.layers[3].parameters)
    }

    /// The trained weights come back in the model's shape and order, and the model they make
    /// predicts what the engine computes.
    @Test func trainedWeightsComeBackInFlattensOrderAndPredictAsTrained() {
        let model = Self.model(0)
        let data = RandomSamples(shape: [28, 28, 1], count: 96, classes: 10, seed: 81)
        var trained = model
        trained.train(steps: 6, on: data, batchSize: 32, optimizer: Adam(learningRate: 0.01))
        #expect(trained.layers[3].parameters[0].shape == model.layers[3].parameters[0].shape)
        #expect(trained.layers[3].parameters[0] != model.layers[3].parameters[0])
        // The engine's forward pass (planes) against the layers' own (Flatten's order), on the trained weights.
        let engine = BatchEngine(model: trained, batchSize: 96)
        var probabilities = [Float](repeating: 0, count: 96 * 10)
        _ = probabilities.withUnsafeMutableBufferPointer {
            engine.evaluate(data, indices: Array(0..<96), batchSize: 96, outputs: $0.baseAddress!)
        }
        let direct = trained.predict(data.batch)
        #expect(relativeError(Tensor(shape: [96, 10], scalars: probabilities), direct) < 1e-5)
    }

    @Test func modelsWithoutConvolutionReLUFlattenDenseHaveNoHandoff() {
        var generator = Xoshiro256StarStar(seed: 5)
        let dense = Sequential(inputShape: [4, 4, 1], layers: [Flatten(), Dense(units: 3, inputs: 16, generator: &generator), Softmax()])
        #expect(BatchEngine(model: dense, batchSize: 8).handoff == nil)
        let conv = Conv2D(filters: 2, kernelSize: 3, generator: &generator)
        let noReLU = Sequential(inputShape: [6, 6, 1], layers: [conv, Flatten(), Dense(units: 3, inputs: 32, generator: &generator), Softmax()])
        #expect(BatchEngine(model: noReLU, batchSize: 8).handoff == nil)
    }
}
