/// Stochastic gradient descent, with optional momentum, as Keras 3's `SGD` (not Nesterov).
///
///     without momentum:  θ ← θ - η·g
///     with momentum μ:   v ← μ·v - η·g,  θ ← θ + v
///
/// Momentum lets steps build up speed along directions where the gradient keeps its sign, and
/// damps the zig-zag across a narrow valley.
public struct SGD: Optimizer, Codable {
    /// η; Keras' default is 0.01.
    public var learningRate: Float
    /// μ in [0, 1); 0 means plain SGD.
    public var momentum: Float
    /// v, one buffer per parameter (empty until the first step with momentum).
    public private(set) var velocities: [[Float]] = []

    public var name: String { "sgd" }

    /// Each element moves by its own gradient alone, part by part.
    public var stepsElementwise: Bool { true }

    public init(learningRate: Float = 0.01, momentum: Float = 0) {
        precondition(learningRate > 0, "SGD: the learning rate must be positive")
        precondition(momentum >= 0 && momentum < 1, "SGD: momentum must be in [0, 1)")
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>]) {
        apply(gradients, to: parameters, parts: 1) { $0(0) }
    }

    public mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>],
                               parts: Int, forEachPart: ((Int) -> Void) -> Void) {
        let (η, μ) = (learningRate, momentum)
        if μ != 0 { makeState(&velocities, like: parameters) }
        withMutableBuffers(to: &velocities) { velocities in
            forEachPart { p in
                for i in parameters.indices {
                    guard let θ = parameters[i].baseAddress, let g = gradients[i].baseAddress else { continue }
                    Self.step(part(p, of: parts, count: parameters[i].count), of: θ, gradient: g,
                              velocity: μ == 0 ? nil : velocities[i].baseAddress, η: η, μ: μ)
                }
            }
        }
    }

    /// The update of the elements `range` of one tensor, 16 at a time (see `Adam.step` for why the
    /// body is an inlined local function rather than a closure).
    private static func step(_ range: Range<Int>, of θ: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>,
                             velocity v: UnsafeMutablePointer<Float>?, η: Float, μ: Float) {
        guard let v else {
            @inline(__always) func descend(_ k: Int, lanes: Int) {
                θ.setVector(θ.vector(at: k, lanes: lanes) - g.vector(at: k, lanes: lanes) * η, at: k, lanes: lanes)
            }
            return forEachVector(in: range, descend)
        }
        @inline(__always) func descendWithMomentum(_ k: Int, lanes: Int) {
            let vk = v.vector(at: k, lanes: lanes) * μ - g.vector(at: k, lanes: lanes) * η
            v.setVector(vk, at: k, lanes: lanes)
            θ.setVector(θ.vector(at: k, lanes: lanes) + vk, at: k, lanes: lanes)
        }
        forEachVector(in: range, descendWithMomentum)
    }
}
