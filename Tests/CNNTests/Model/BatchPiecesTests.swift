@testable import CNN
import Testing

/// A shard runs its part of a batch a piece of at most 16 samples at a time, so memory does not grow
/// with the batch, and its gradient is the sum of its pieces'.
@Suite struct BatchPiecesTests {
    @Test func aShardHoldsAtMostOnePieceWhateverTheBatch() {
        let model = InputShapeTests.model(seed: 31)
        for batchSize in [1, 7, 64, 65, 256, 60_000] {
            let engine = BatchEngine(model: model, batchSize: batchSize)
            #expect(engine.capacity == min(BatchEngine.piece, (batchSize + 3) / 4), "batch of \(batchSize)")
        }
    }

    /// The gradient of the mean loss over 200 samples (each shard's 50 in four pieces) is the mean of
    /// the gradients over its ten groups of 20 (each shard's 5 in one piece), up to rounding.
    @Test func theGradientOfABatchInManyPiecesIsTheMeanOfItsGroups() {
        let data = InputShapeTests.TwoChannelPatterns(count: 200, seed: 32)
        let model = InputShapeTests.model(seed: 33)
        func gradient(_ indices: [Int]) -> [Float] {
            let engine = BatchEngine(model: model, batchSize: indices.count)
            _ = indices.withUnsafeBufferPointer { engine.trainBatch(data, indices: $0) }
            return Array(UnsafeBufferPointer(start: engine.gradients.storage, count: engine.gradients.count))
        }
        let whole = gradient(Array(0..<200))
        var groups = [Float](repeating: 0, count: whole.count)
        for g in 0..<10 {
            for (k, value) in gradient(Array(g * 20 ..< (g + 1) * 20)).enumerated() { groups[k] += value / 10 }
        }
        #expect(whole.contains { $0 != 0 })
        for k in whole.indices {
            #expect(abs(whole[k] - groups[k]) <= 1e-6 + 1e-4 * abs(groups[k]), "element \(k): \(whole[k]) vs \(groups[k])")
        }
    }

    /// Loss and correct predictions are counted over every piece.
    @Test func theResultCountsEverySample() {
        let data = InputShapeTests.TwoChannelPatterns(count: 200, seed: 34)
        let engine = BatchEngine(model: InputShapeTests.model(seed: 35), batchSize: 200)
        let result = Array(0..<200).withUnsafeBufferPointer { engine.trainBatch(data, indices: $0) }
        let evaluation = engine.evaluate(data, indices: 0..<200, batchSize: 200)
        #expect(abs(result.lossSum / 200 - evaluation.loss) < 1e-9 && result.correct == Int((evaluation.accuracy * 200).rounded()))
    }
}
