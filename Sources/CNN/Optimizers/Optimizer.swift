/// Something that moves parameters against their gradients, one step at a time.
///
/// An optimizer may keep state per parameter (momentum, moment estimates): buffer number i must
/// mean the same parameter on every call.
public protocol Optimizer: Sendable {
    /// A short name, as Keras spells it ("sgd", "adam").
    var name: String { get }

    /// One step: every `parameters[i]` moves against `gradients[i]`.
    mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>])

    /// The same step, its work split into `parts` parts: `forEachPart(body)` calls `body(p)` once
    /// for each p in 0..<parts, perhaps on several threads at once, and returns when all are done.
    /// The result must be the same bit for bit as `apply`'s, however the parts run. The default
    /// does the whole step in one part; an optimizer whose step goes element by element gives each
    /// part its share of every tensor (`part(_:of:count:)`), so that training steps on every core.
    mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>],
                        parts: Int, forEachPart: ((Int) -> Void) -> Void)

    /// True if part p of a split step (`apply(_:to:parts:forEachPart:)`) reads only part p of each
    /// gradient, `part(p, of: parts, count:)` of its elements, and only inside `body(p)`. Then the
    /// training engine adds up the threads' gradients for a part just before that part's step,
    /// in the same pass (see `BatchEngine.trainStep`). False by default: an optimizer that looks
    /// at a whole gradient (to clip its norm, say) gets it summed first.
    var stepsElementwise: Bool { get }
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

extension Optimizer {
    public mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>],
                               parts: Int, forEachPart: ((Int) -> Void) -> Void) {
        apply(gradients, to: parameters)
    }

    public var stepsElementwise: Bool { false }
}

/// Part p of `parts` of `count` elements (a tensor, or a list of them): whole vectors, so that every part but the
/// last starts and ends where a vector does, and each element is in exactly one part.
func part(_ p: Int, of parts: Int, count: Int) -> Range<Int> {
    let vectors = (count + Vector.width - 1) / Vector.width
    let start = p * vectors / parts * Vector.width, end = (p + 1) * vectors / parts * Vector.width
    return min(start, count) ..< min(end, count)
}

/// Calls `body` with the floats of each array in `arrays` (state an optimizer keeps per tensor),
/// valid for the duration of the call, so that parts on several threads can update different
/// elements of the same arrays.
func withMutableBuffers<R>(to arrays: inout [[Float]], _ body: ([UnsafeMutableBufferPointer<Float>]) -> R) -> R {
    func nest(_ i: Int, _ buffers: [UnsafeMutableBufferPointer<Float>], _ outer: UnsafeMutableBufferPointer<[Float]>) -> R {
        guard i < outer.count else { return body(buffers) }
        return outer[i].withUnsafeMutableBufferPointer { nest(i + 1, buffers + [$0], outer) }
    }
    return arrays.withUnsafeMutableBufferPointer { nest(0, [], $0) }
}
