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

    struct Enough: Error, Equatable {}

    /// Every parameter of every layer, in order.
    static func scalars(_ model: Sequential) -> [[Float]] { model.layers.flatMap { $0.parameters.map(\.scalars) } }

    /// A run stopped from its callback (`tutor serve`, when the reader left) ends after that batch
    /// with the callback's error, and leaves the model untouched; one never stopped trains exactly
    /// as plain `fit` does.
    @Test func aCallbackThatThrowsStopsTheTrainingAndLeavesTheModelAsItWas() throws {
        let data = try Self.sample()
        let start = Sequential.referenceModel(seed: 7)
        var stopped = start
        var seen: [Int] = []
        #expect(throws: Enough()) {
            try stopped.fit(data, epochs: 3, batchSize: 32, seed: 7, throwingOnBatch: { progress in
                seen.append((progress.epoch - 1) * progress.batches + progress.batch)
                if seen.count == 5 { throw Enough() }
            })
        }
        #expect(seen == [1, 2, 3, 4, 5])
        #expect(Self.scalars(stopped) == Self.scalars(start))

        var plain = start, throwing = start
        let history = plain.fit(data, epochs: 1, batchSize: 32, seed: 7)
        let same = try throwing.fit(data, epochs: 1, batchSize: 32, seed: 7, throwingOnBatch: { _ in })
        #expect(Self.scalars(plain) != Self.scalars(start), "a batch trained changes the weights")
        #expect(same.epochs.map(\.metrics) == history.epochs.map(\.metrics))
        #expect(Self.scalars(throwing) == Self.scalars(plain))

        var steps = start
        var taken = 0
        #expect(throws: Enough()) {
            try steps.train(steps: 10, on: data, batchSize: 16, throwingOnStep: { _ in
                taken += 1
                if taken == 3 { throw Enough() }
            })
        }
        #expect(taken == 3)
        #expect(Self.scalars(steps) == Self.scalars(start))
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
        // The loss is summed in another grouping (validation goes in larger batches), so equal to rounding.
        #expect(abs(history.epochs[0].validationLoss! - validation.loss) < 1e-12)
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

    /// An independent oracle for the whole training loop: Keras 3.15.1 (JAX backend), given the
    /// initial weights of `referenceModel(seed: 1)` (via `set_weights`), the same data, pixels / 255,
    /// Adam, batches of 64, the last 20% held out and `shuffle=False`, printed these per-epoch figures.
    @Test(releaseBuildsOnly)
    func normalizedTrainingMatchesKerasGivenTheSameInitialWeights() throws {
        let train = try MNIST.training(in: try mnistDirectory(), normalize: true)
        var model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: 1)
        let history = model.fit(train, epochs: 5, batchSize: 64, validationSplit: 0.2, shuffle: false)
        let keras = (accuracy: [0.8847, 0.9313, 0.9454, 0.9534, 0.9581], loss: [0.4226, 0.2416, 0.1907, 0.1633, 0.1466],
                     valAccuracy: [0.9287, 0.9445, 0.9527, 0.9563, 0.9581], valLoss: [0.2553, 0.2003, 0.1737, 0.1612, 0.1543])
        // Summation orders differ (XLA against these kernels), so agreement is to about 3 digits.
        for (e, record) in history.epochs.enumerated() {
            #expect(abs(record.accuracy - keras.accuracy[e]) < 1e-3, "epoch \(e + 1) accuracy")
            #expect(abs(record.loss - keras.loss[e]) < 1e-3, "epoch \(e + 1) loss")
            #expect(abs(record.validationAccuracy! - keras.valAccuracy[e]) < 1e-3, "epoch \(e + 1) val_accuracy")
            #expect(abs(record.validationLoss! - keras.valLoss[e]) < 1e-3, "epoch \(e + 1) val_loss")
        }
    }

    /// With 4 filters the result depends on the initial weights: for seeds 1-10 the test accuracy
    /// ranges from 94.9% to 97.4% (seed 1: 95.9%). Keras given the SAME initial weights and order
    /// gives the same history to 4 digits, so this is the draw, not the training; the figure that
    /// describes normalizing is the mean over seeds.
    @Test(releaseBuildsOnly)
    func normalizedPixelsReach96PercentOnTheTestSetOnAverageOverSeeds() throws {
        let directory = try mnistDirectory()
        let train = try MNIST.training(in: directory, normalize: true), test = try MNIST.test(in: directory, normalize: true)
        var accuracies: [Double] = []
        for seed: UInt64 in 1...5 {
            var model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: seed)
            model.fit(train, epochs: 5, batchSize: 64, validationSplit: 0.2, seed: seed)
            accuracies.append(model.evaluate(test).accuracy)
        }
        let mean = accuracies.reduce(0, +) / Double(accuracies.count)
        print("normalized pixels: test accuracy \(accuracies), mean \(mean)")
        #expect(mean >= 0.96)
    }
}
