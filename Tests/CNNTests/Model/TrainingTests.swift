import CNN
import Foundation
import Testing

@Suite struct TrainingTests {
    static func sample() throws -> MNIST { try MNIST.sample(in: sampleDirectory) }

    @Test func theSameSeedGivesTheSameHistoryBitForBit() throws {
        let data = try Self.sample()
        func run() -> [[Double?]] {
            var model = Sequential.referenceModel(seed: 7)
            return model.fit(data, epochs: 2, batchSize: 32, validationSplit: 0.2, seed: 7).epochs.map(\.metrics)
        }
        let first = run()
        #expect(first == run())
        #expect(first.count == 2 && first.allSatisfy { $0.allSatisfy { $0 != nil } })
    }

    @Test func anotherSeedGivesAnotherHistory() throws {
        let data = try Self.sample()
        var a = Sequential.referenceModel(seed: 7), b = a
        let ha = a.fit(data, epochs: 1, batchSize: 32, seed: 7), hb = b.fit(data, epochs: 1, batchSize: 32, seed: 8)
        #expect(ha.epochs[0].metrics != hb.epochs[0].metrics)
    }

    @Test func validationIsTheLastFractionOfTheData() throws {
        let data = try Self.sample().normalized()
        var model = Sequential.referenceModel(seed: 1)
        let history = model.fit(data, epochs: 1, batchSize: 50, validationSplit: 0.2, shuffle: false)
        let validation = model.evaluate(data.subset(400..<500), batchSize: 50)
        #expect(history.epochs[0].validationLoss == validation.loss)
        #expect(history.epochs[0].validationAccuracy == validation.accuracy)
    }

    @Test func fitReportsEveryBatchWithRunningMeans() throws {
        let data = try Self.sample().subset(0..<100)
        var model = Sequential.referenceModel(seed: 1)
        var progress: [BatchProgress] = []
        let history = model.fit(data, epochs: 2, batchSize: 32, onBatch: { progress.append($0) })
        // 100 images in batches of 32: 4 batches, the last of 4 images.
        #expect(progress.map(\.batch) == [1, 2, 3, 4, 1, 2, 3, 4])
        #expect(progress.allSatisfy { $0.batches == 4 && $0.epochs == 2 })
        #expect(progress[3].loss == history.epochs[0].loss && progress[3].accuracy == history.epochs[0].accuracy)
    }

    @Test func trainingStepsReturnOneLossPerStepAndLearn() throws {
        let data = try Self.sample().normalized()
        var model = Sequential.referenceModel(seed: 1)
        let steps = model.train(steps: 60, on: data, batchSize: 32, optimizer: Adam(learningRate: 0.01))
        #expect(steps.map(\.step) == Array(1...60))
        let early = steps.prefix(10).map(\.loss).reduce(0, +), late = steps.suffix(10).map(\.loss).reduce(0, +)
        #expect(late < early / 2)
        var again = Sequential.referenceModel(seed: 1)
        #expect(again.train(steps: 60, on: data, batchSize: 32, optimizer: Adam(learningRate: 0.01)) == steps)
    }

    /// One SGD step with learning rate 1 moves θ by exactly -dL/dθ, the gradient the training engine
    /// computed with its shards, vectors and fused softmax; finite differences of the model's loss
    /// (computed by the plain Tensor path) check it.
    @Test func theTrainingGradientAgreesWithFiniteDifferencesOfTheLoss() throws {
        let data = try Self.sample().normalized().subset(0..<24)
        let images = Tensor.stack((0..<data.count).map(data.image))
        var before = Sequential.referenceModel(seed: 11)
        // With a zero bias, every background pixel sits exactly on ReLU's kink, where finite
        // differences see a corner; a nonzero bias moves them off it.
        before.setParameters([before.convolution!.kernel, Tensor([0.1, -0.1, 0.05, -0.05])], ofLayer: 0)
        var after = before
        after.train(steps: 1, on: data, batchSize: data.count, optimizer: SGD(learningRate: 1))

        func loss(_ model: Sequential) -> Double {
            Double(sparseCategoricalCrossEntropy(probabilities: model.predict(images), labels: data.labels))
        }
        // Every conv weight and bias, and a spread of dense weights.
        let checks: [(layer: Int, parameter: Int, index: Int)] =
            (0..<36).map { (0, 0, $0) } + (0..<4).map { (0, 1, $0) }
            + stride(from: 5, to: 27_040, by: 1351).map { (3, 0, $0) } + (0..<10).map { (3, 1, $0) }
        let h: Float = 1e-3
        for check in checks {
            let θ = before.layers[check.layer].parameters
            let trained = Double(θ[check.parameter].scalars[check.index])
                - Double(after.layers[check.layer].parameters[check.parameter].scalars[check.index])
            var plus = before, minus = before
            var θPlus = θ, θMinus = θ
            θPlus[check.parameter].scalars[check.index] += h
            θMinus[check.parameter].scalars[check.index] -= h
            plus.setParameters(θPlus, ofLayer: check.layer)
            minus.setParameters(θMinus, ofLayer: check.layer)
            let numeric = (loss(plus) - loss(minus)) / (2 * Double(h))
            // Float losses over 2h: about 2e-7 / 2e-3 = 1e-4 of noise, plus O(h²) curvature.
            #expect(abs(trained - numeric) < 1e-3 + 1e-2 * abs(numeric), "\(check): \(trained) vs \(numeric)")
        }
    }
}

/// The full default run, as `tutor train`, against the Keras reference figures.
@Suite(.serialized) struct FullTrainingTests {
    @Test(releaseBuildsOnly)
    func theDefaultRunReachesKerasAccuracyOnRawPixels() throws {
        let directory = try mnistDirectory()
        let train = try MNIST.training(in: directory), test = try MNIST.test(in: directory)
        var model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: 1)
        let history = model.fit(train, epochs: 5, batchSize: 64, validationSplit: 0.2, seed: 1)
        let last = try #require(history.epochs.last)
        let testAccuracy = model.evaluate(test).accuracy
        print("raw pixels: accuracy \(last.accuracy), val_accuracy \(last.validationAccuracy ?? 0), test \(testAccuracy)")
        // Keras: 97.8% training, 95.4% validation.
        #expect(last.accuracy >= 0.97)
        #expect(try #require(last.validationAccuracy) >= 0.95)
        #expect(testAccuracy >= 0.95)
    }

    @Test(releaseBuildsOnly)
    func normalizedPixelsReach96PercentOnTheTestSet() throws {
        let directory = try mnistDirectory()
        let train = try MNIST.training(in: directory, normalize: true), test = try MNIST.test(in: directory, normalize: true)
        var model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: 1)
        model.fit(train, epochs: 5, batchSize: 64, validationSplit: 0.2, seed: 1)
        let testAccuracy = model.evaluate(test).accuracy
        print("normalized pixels: test accuracy \(testAccuracy)")
        #expect(testAccuracy >= 0.96)
    }
}
