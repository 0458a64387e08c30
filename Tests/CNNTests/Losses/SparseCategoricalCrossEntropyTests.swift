import CNN
import Foundation
import Testing

@Suite struct SparseCategoricalCrossEntropyTests {
    @Test func lossIsMinusTheLogOfTheLabelsProbability() {
        #expect(abs(sparseCategoricalCrossEntropy(probabilities: [0.1, 0.7, 0.2], label: 1) - Float(-log(0.7))) < 1e-6)
    }

    @Test func aConfidentlyWrongPredictionIsClippedLikeKeras() {
        // -log(1e-7) = 16.118, the ceiling Keras reports.
        let loss = sparseCategoricalCrossEntropy(probabilities: [1, 0, 0], label: 2)
        #expect(abs(loss - 16.118095) < 1e-4)
    }

    @Test func batchLossIsTheMeanOverSamples() {
        let p = Tensor(shape: [2, 2], scalars: [0.5, 0.5, 0.9, 0.1])
        let expected = Float((-log(0.5) - log(0.9)) / 2)
        #expect(abs(sparseCategoricalCrossEntropy(probabilities: p, labels: [0, 0]) - expected) < 1e-6)
    }

    @Test func probabilityGradientAgreesWithFiniteDifferences() {
        let p = softmax(randomTensor([4, 5], seed: 1))
        let labels = [0, 3, 4, 1]
        let analytic = sparseCategoricalCrossEntropyGradient(probabilities: p, labels: labels)
        let one = Tensor(shape: [1], scalars: [1])
        let numeric = numericalGradient(at: p, weights: one, h: 1e-3) {
            Tensor(shape: [1], scalars: [sparseCategoricalCrossEntropy(probabilities: $0, labels: labels)])
        }
        #expect(relativeError(analytic, numeric) < 2e-2)
    }

    @Test func fusedSoftmaxGradientAgreesWithFiniteDifferencesOfTheLossOfLogits() {
        let z = randomTensor([4, 10], seed: 2, in: -2...2)
        let labels = [7, 0, 9, 3]
        let fused = softmaxCrossEntropyGradient(logits: z, labels: labels)
        let one = Tensor(shape: [1], scalars: [1])
        let numeric = numericalGradient(at: z, weights: one, h: 1e-2) {
            Tensor(shape: [1], scalars: [sparseCategoricalCrossEntropy(probabilities: softmax($0), labels: labels)])
        }
        // Float loss differences over 2h = 2e-2 carry about 1e-5 / 2e-2 of noise, on gradients ~0.1.
        #expect(relativeError(fused, numeric) < 1e-2)
    }

    @Test func fusedGradientEqualsSoftmaxBackwardOfTheProbabilityGradient() {
        let z = randomTensor([3, 6], seed: 3)
        let labels = [5, 2, 0]
        let p = softmax(z)
        let chained = Softmax().backward(z, outputGradient: sparseCategoricalCrossEntropyGradient(probabilities: p, labels: labels)).input
        #expect(relativeError(softmaxCrossEntropyGradient(logits: z, labels: labels), chained) < 1e-5)
    }
}
