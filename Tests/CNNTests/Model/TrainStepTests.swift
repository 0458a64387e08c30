@testable import CNN
import Testing

/// `trainStep` adds up the shards' gradients inside the optimizer's step when the optimizer steps
/// element by element; the parameters it leaves must be those of `trainBatch` then `step`, bit for bit.
@Suite struct TrainStepTests {
    /// A step that reads a whole gradient at once (its norm), so it may not be given a part that
    /// was summed just before: the engine must sum everything first.
    struct ClippedSGD: Optimizer {
        var name: String { "clipped-sgd" }
        mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>]) {
            let norm = gradients.reduce(Float(0)) { $0 + $1.reduce(0) { $0 + $1 * $1 } }.squareRoot()
            let scale = 0.05 / max(norm, 1)
            for (g, θ) in zip(gradients, parameters) {
                for k in θ.indices { θ[k] -= scale * g[k] }
            }
        }
    }

    /// Parameters after `steps` batches, one way or the other.
    func parameters(_ optimizer: some Optimizer, steps: Int, fused: Bool) -> [Float] {
        let data = InputShapeTests.TwoChannelPatterns(count: 300, seed: 41)
        let engine = BatchEngine(model: InputShapeTests.model(seed: 42), batchSize: 37)
        var optimizer = optimizer
        for step in 0..<steps {
            let indices = (0..<37).map { (step * 37 + $0 * 7) % 300 }
            _ = indices.withUnsafeBufferPointer { indices in
                if fused { return engine.trainStep(data, indices: indices, optimizer: &optimizer) }
                let result = engine.trainBatch(data, indices: indices)
                engine.step(&optimizer)
                return result
            }
        }
        return Array(UnsafeBufferPointer(start: engine.parameters.storage, count: engine.parameters.count))
    }

    @Test(arguments: ["adam", "sgd", "sgd with momentum", "clipped"])
    func aFusedStepLeavesTheSameParametersAsASumThenAStep(_ name: String) {
        func both(_ optimizer: some Optimizer) -> ([Float], [Float]) {
            (parameters(optimizer, steps: 6, fused: false), parameters(optimizer, steps: 6, fused: true))
        }
        let (separate, fused) = switch name {
        case "adam": both(Adam())
        case "sgd": both(SGD())
        case "sgd with momentum": both(SGD(momentum: 0.9))
        default: both(ClippedSGD())
        }
        let start = parameters(Adam(), steps: 0, fused: true)
        #expect(separate != start, "the steps moved the parameters")
        let differing = zip(separate, fused).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(separate.count == fused.count && differing == 0, "\(differing) of \(separate.count) parameters differ")
    }

    @Test func onlyOptimizersThatStepElementByElementSayTheyDo() {
        #expect(Adam().stepsElementwise && SGD().stepsElementwise && SGD(momentum: 0.5).stepsElementwise)
        #expect(!ClippedSGD().stepsElementwise)
    }
}
