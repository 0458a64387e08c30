import Foundation

/// Adam (Kingma and Ba, 2015) with Keras 3's defaults and formula.
///
///     t ← t + 1
///     α = η · √(1 - β2^t) / (1 - β1^t)          (bias correction folded into the step size)
///     m ← m + (g - m)·(1 - β1)                  (running mean of gradients)
///     v ← v + (g² - v)·(1 - β2)                 (running mean of squared gradients)
///     θ ← θ - α · m / (√v + ε)
///
/// Each parameter gets its own step size: large where gradients have been small and steady,
/// small where they have been large or noisy.
public struct Adam: Optimizer, Codable {
    /// η; Keras' default is 0.001.
    public var learningRate: Float
    /// β1, the decay of the mean of gradients.
    public var beta1: Float
    /// β2, the decay of the mean of squared gradients.
    public var beta2: Float
    /// ε, which keeps the division finite.
    public var epsilon: Float
    /// t, the number of steps taken.
    public private(set) var iterations: Int = 0
    /// m and v, one buffer per parameter (empty until the first step).
    public private(set) var firstMoments: [[Float]] = []
    public private(set) var secondMoments: [[Float]] = []

    public var name: String { "adam" }

    /// Each element moves by its own gradient alone, part by part.
    public var stepsElementwise: Bool { true }

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        precondition(learningRate > 0, "Adam: the learning rate must be positive")
        precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam: betas must be in [0, 1)")
        (self.learningRate, self.beta1, self.beta2, self.epsilon) = (learningRate, beta1, beta2, epsilon)
    }

    public mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>]) {
        apply(gradients, to: parameters, parts: 1) { $0(0) }
    }

    public mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>],
                               parts: Int, forEachPart: ((Int) -> Void) -> Void) {
        makeState(&firstMoments, like: parameters)
        makeState(&secondMoments, like: parameters)
        iterations += 1
        // Float32 powers, as Keras computes them.
        let t = Float(iterations)
        let α = learningRate * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        let (β1, β2, ε) = (beta1, beta2, epsilon)
        withMutableBuffers(to: &firstMoments) { m in
            withMutableBuffers(to: &secondMoments) { v in
                forEachPart { p in
                    for i in parameters.indices {
                        guard let θ = parameters[i].baseAddress, let g = gradients[i].baseAddress,
                              let m = m[i].baseAddress, let v = v[i].baseAddress else { continue }
                        Self.step(part(p, of: parts, count: parameters[i].count), of: θ, gradient: g, moments: m, v,
                                  α: α, β1: β1, β2: β2, ε: ε)
                    }
                }
            }
        }
    }

    /// The update of the elements `range` of one tensor, 16 at a time. The body is a local function
    /// marked to be inlined, not a closure: as a closure, the compiler left it a function called
    /// once per vector, with the checks for a partial vector in every call.
    private static func step(_ range: Range<Int>, of θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                             moments m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                             α: Float, β1: Float, β2: Float, ε: Float) {
        @inline(__always) func update(_ k: Int, lanes: Int) {
            let gk = g.vector(at: k, lanes: lanes)
            var mk = m.vector(at: k, lanes: lanes), vk = v.vector(at: k, lanes: lanes)
            mk += (gk - mk) * (1 - β1)
            vk += (gk * gk - vk) * (1 - β2)
            let θk = θ.vector(at: k, lanes: lanes) - α * mk / (vk.squareRoot() + ε)
            m.setVector(mk, at: k, lanes: lanes)
            v.setVector(vk, at: k, lanes: lanes)
            θ.setVector(θk, at: k, lanes: lanes)
        }
        forEachVector(in: range, update)
    }
}
