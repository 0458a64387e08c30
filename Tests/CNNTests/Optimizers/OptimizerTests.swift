import CNN
import Foundation
import Testing

@Suite struct AdamTests {
    @Test func oneStepAgreesWithTheKeras3FormulaComputedByHand() {
        var optimizer = Adam()
        var θ = [Tensor([1, -2, 0.5])]
        let g = [Tensor([0.5, 0.1, -3])]
        optimizer.update(&θ, g)
        // t = 1: m = 0.1·g, v = 0.001·g², α = 0.001 · √(1 - 0.999) / (1 - 0.9).
        let α = 0.001 * (1 - 0.999).squareRoot() / (1 - 0.9)
        let expected = zip([1.0, -2, 0.5], [0.5, 0.1, -3.0]).map { θ, g in
            θ - α * (0.1 * g) / ((0.001 * g * g).squareRoot() + 1e-7)
        }
        for (actual, expected) in zip(θ[0].scalars, expected) {
            #expect(abs(Double(actual) - expected) < 1e-6)
        }
        #expect(optimizer.iterations == 1)
    }

    @Test func twoStepsAgreeWithTheFormulaComputedByHand() {
        var optimizer = Adam(learningRate: 0.1)
        var θ = [Tensor([2])]
        var m = 0.0, v = 0.0, x = 2.0
        for t in 1...2 {
            let g = 2 * x  // the gradient of x²
            optimizer.update(&θ, [Tensor([Float(2 * Double(θ[0].scalars[0]))])])
            m += (g - m) * 0.1
            v += (g * g - v) * 0.001
            let α = 0.1 * (1 - pow(0.999, Double(t))).squareRoot() / (1 - pow(0.9, Double(t)))
            x -= α * m / (v.squareRoot() + 1e-7)
        }
        #expect(abs(Double(θ[0].scalars[0]) - x) < 1e-5)
    }

    @Test func adamDefaultsAreKeras() {
        let adam = Adam()
        #expect(adam.learningRate == 0.001 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-7)
    }
}

@Suite struct SGDTests {
    @Test func plainSGDStepsAgainstTheGradient() {
        var optimizer = SGD(learningRate: 0.1)
        var θ = [Tensor([1, 2])]
        optimizer.update(&θ, [Tensor([10, -5])])
        #expect(θ[0].scalars == [0, 2.5])
    }

    @Test func momentumAccumulatesVelocityAsKerasDoes() {
        var optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        var θ = [Tensor([0])]
        optimizer.update(&θ, [Tensor([1])])   // v = -0.1,            θ = -0.1
        optimizer.update(&θ, [Tensor([1])])   // v = -0.09 - 0.1,     θ = -0.29
        #expect(abs(θ[0].scalars[0] - -0.29) < 1e-6)
    }

    @Test func optimizersFindTheMinimumOfABowl() {
        // f(x, y) = x² + 10 y², gradient (2x, 20y): the chapter's 2-D example.
        func descend(_ optimizer: some Optimizer, steps: Int) -> [Float] {
            var optimizer = optimizer
            var point = [Tensor([1.5, -0.5])]
            for _ in 0..<steps {
                let (x, y) = (point[0].scalars[0], point[0].scalars[1])
                optimizer.update(&point, [Tensor([2 * x, 20 * y])])
            }
            return point[0].scalars
        }
        for end in [descend(SGD(learningRate: 0.04), steps: 200),
                    descend(SGD(learningRate: 0.02, momentum: 0.9), steps: 200),
                    descend(Adam(learningRate: 0.05), steps: 500)] {
            #expect(abs(end[0]) < 1e-2 && abs(end[1]) < 1e-2, "ended at \(end)")
        }
    }
}
