/// Something that moves parameters against their gradients, one step at a time.
///
/// An optimizer may keep state per parameter (momentum, moment estimates): buffer number i must
/// mean the same parameter on every call.
public protocol Optimizer: Sendable {
    /// A short name, as Keras spells it ("sgd", "adam").
    var name: String { get }

    /// One step: every `parameters[i]` moves against `gradients[i]`.
    mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>])
}

extension Optimizer {
    /// One step on tensors of any shapes, e.g. a point on a 2-D surface:
    ///
    ///     var optimizer = Adam(learningRate: 0.1)
    ///     var point = [Tensor([1.5, -0.5])]
    ///     optimizer.update(&point, [Tensor([2 * point[0].scalars[0], 20 * point[0].scalars[1]])])
    public mutating func update(_ parameters: inout [Tensor], _ gradients: [Tensor]) {
        precondition(parameters.map(\.shape) == gradients.map(\.shape),
                     "\(name): gradient shapes \(gradients.map(\.shape)) differ from parameters \(parameters.map(\.shape))")
        var gradients = gradients
        let counts = parameters.map(\.count)
        withPointers(to: &gradients) { g in
            withPointers(to: &parameters) { θ in
                apply(zip(g, counts).map { UnsafeBufferPointer(start: $0, count: $1) },
                      to: zip(θ, counts).map { UnsafeMutableBufferPointer(start: $0, count: $1) })
            }
        }
    }
}

/// Zero-filled state buffers matching `parameters`, made on the first step.
func makeState(_ state: inout [[Float]], like parameters: [UnsafeMutableBufferPointer<Float>]) {
    if state.count != parameters.count {
        state = parameters.map { [Float](repeating: 0, count: $0.count) }
    }
    precondition(zip(state, parameters).allSatisfy { $0.count == $1.count },
                 "optimizer: the parameters changed size between steps")
}
