@testable import CNN
import Testing

/// A layer's backward WRITES its parameter gradients (`Layer.backward`): whatever the buffers held
/// before, even NaN, the result is the same bits. Training relies on it: no shard clears its
/// gradients before a batch, and a shard left without images (a batch of fewer than four) clears
/// its own, so nothing of an earlier batch reaches the sum.
@Suite struct GradientWritesTests {
    /// Shapes that exercise Conv2D's patterns (4, 6 and 1 filters) and Dense's tails (K not a
    /// multiple of 96, units not a multiple of 6).
    static let layers: [(layer: any Layer, inputShape: [Int])] = {
        var generator = Xoshiro256StarStar(seed: 3)
        return [
            (Conv2D(filters: 4, kernelSize: 3, generator: &generator), [28, 28, 1]),
            (Conv2D(filters: 6, kernelSize: 3, inputChannels: 2, generator: &generator), [9, 7, 2]),
            (Conv2D(filters: 1, kernelSize: 5, generator: &generator), [8, 8, 1]),
            (Dense(units: 10, inputs: 2704, generator: &generator), [2704]),
            (Dense(units: 7, inputs: 37, generator: &generator), [37]),
        ]
    }()

    @Test func backwardGivesTheSameGradientsWhateverTheBuffersHeld() {
        var generator = Xoshiro256StarStar(seed: 4)
        for (layer, inputShape) in Self.layers {
            let N = 3
            let outputShape = layer.outputShape(for: inputShape)
            let x = (0..<N * inputShape.reduce(1, *)).map { _ in generator.nextUniform(-1, 1) }
            let dy = (0..<N * outputShape.reduce(1, *)).map { _ in generator.nextUniform(-1, 1) }
            func gradients(startingFrom start: Float) -> [[Float]] {
                var θ = layer.parameters
                var dθ = θ.map { Tensor(shape: $0.shape, scalars: [Float](repeating: start, count: $0.count)) }
                let scratch = UnsafeMutablePointer<Float>.allocateVectors(capacity: layer.scratchCount(inputShape: inputShape))
                defer { scratch.deallocate() }
                withPointers(to: &θ) { θ in
                    withPointers(to: &dθ) { dθ in
                        x.withUnsafeBufferPointer { x in
                            dy.withUnsafeBufferPointer { dy in
                                layer.backward(x.baseAddress!, x.baseAddress!, dy.baseAddress!, nil, count: N,
                                               inputShape: inputShape, parameters: θ, gradients: dθ, scratch: scratch)
                            }
                        }
                    }
                }
                return dθ.map(\.scalars)
            }
            let (fromZero, fromNaN, fromSeven) = (gradients(startingFrom: 0), gradients(startingFrom: .nan), gradients(startingFrom: 7))
            let bits = { (g: [[Float]]) in g.map { $0.map(\.bitPattern) } }
            #expect(bits(fromZero) == bits(fromNaN) && bits(fromZero) == bits(fromSeven), "\(layer.name) \(inputShape)")
            #expect(fromZero.allSatisfy { $0.contains { $0 != 0 } }, "\(layer.name): the gradients are not all zero")
        }
    }

    /// A batch of 2 leaves two of the four shards empty. After a full batch of 64, the engine's
    /// gradient for those 2 images is the same bits as a fresh engine's.
    @Test func aSmallBatchAfterAFullOneKeepsNothingOfIt() {
        let data = InputShapeTests.TwoChannelPatterns(count: 64, seed: 12)
        let model = InputShapeTests.model(seed: 13)
        func gradient(_ engine: BatchEngine, _ indices: [Int]) -> [Float] {
            _ = indices.withUnsafeBufferPointer { engine.trainBatch(data, indices: $0) }
            return Array(UnsafeBufferPointer(start: engine.gradients.storage, count: engine.gradients.count))
        }
        let used = BatchEngine(model: model, batchSize: 64), fresh = BatchEngine(model: model, batchSize: 64)
        _ = gradient(used, Array(0..<64))
        let (afterAFullBatch, alone) = (gradient(used, [5, 9]), gradient(fresh, [5, 9]))
        #expect(afterAFullBatch.map(\.bitPattern) == alone.map(\.bitPattern))
        #expect(alone.contains { $0 != 0 })
    }
}
