/// A layer of a sequential network: a function of a batch of samples, and its backward rule.
///
/// Each layer has two levels of API:
/// - the kernels `forward(_:_:count:...)` and `backward(...)` work on raw buffers holding `count`
///   samples one after another, so training can run on preallocated memory with no copies;
/// - `forward(_ x: Tensor)` and `backward(_:outputGradient:)` (in the extension below) wrap them for
///   tests and for the book's lesson steps.
///
/// Shapes passed to the kernels are per sample, without the batch axis: a 28x28 grey image is
/// `[28, 28, 1]`, and a batch buffer of it holds `count * 784` floats.
public protocol Layer: Sendable, Codable {
    /// The name Keras gives this kind of layer ("conv2d", "re_lu", "flatten", "dense", "softmax").
    var name: String { get }

    /// The shape of one sample out, for one sample in, or why the layer cannot take that input.
    func checkedOutputShape(for inputShape: [Int]) throws(ShapeError) -> [Int]

    /// The trainable tensors, in a fixed order (kernel, then bias); empty if there are none.
    var parameters: [Tensor] { get set }

    /// How many floats of scratch memory one call of `forward` or `backward` needs.
    func scratchCount(inputShape: [Int]) -> Int

    /// True if the layer only changes the shape, not the stored floats (Flatten): training then
    /// lets its output share its input's memory and skips it.
    var isReshape: Bool { get }

    /// y = f(x) for `count` samples.
    ///
    /// The kernel reads the parameters through `parameters` (tensors shaped like `self.parameters`),
    /// not from the layer's own stored tensors: training keeps its own copy, read by several shards at once.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
                 inputShape: [Int], parameters: [UnsafeMutablePointer<Float>],
                 scratch: UnsafeMutablePointer<Float>)

    /// Given x, y = f(x) and dL/dy for `count` samples: WRITES dL/dθ, summed over the samples, into
    /// `gradients` (one buffer per parameter, whatever was there before) and, if `dx` is not nil,
    /// dL/dx. (Writing, not adding: training's shards would otherwise clear 108 KB of gradients
    /// before every batch, and read them back from a slower cache; measured, 5% of the run's CPU.)
    func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                  _ dx: UnsafeMutablePointer<Float>?, count: Int, inputShape: [Int],
                  parameters: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                  scratch: UnsafeMutablePointer<Float>)
}

/// A layer cannot take an input of this shape (a mistake in how a model is put together).
public struct ShapeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layer's name.
    public var layer: String
    /// The shape of one sample it was given.
    public var inputShape: [Int]
    /// What it needs instead.
    public var reason: String

    public var description: String { "\(layer): cannot take input \(inputShape): \(reason)" }
}

/// What `Layer.backward(_:outputGradient:)` returns: dL/dx and dL/dθ for each parameter.
public struct LayerGradients: Sendable {
    /// dL/dx, shaped like the layer's input.
    public var input: Tensor
    /// dL/dθ, one tensor per parameter, shaped like `Layer.parameters`.
    public var parameters: [Tensor]
}

extension Layer {
    /// The shape of one sample out, for one sample in; traps if the layer cannot take it.
    public func outputShape(for inputShape: [Int]) -> [Int] {
        do {
            return try checkedOutputShape(for: inputShape)
        } catch {
            preconditionFailure(error.description)
        }
    }

    /// The layer has no parameters and no scratch, unless it says otherwise.
    public func scratchCount(inputShape: [Int]) -> Int { 0 }

    public var isReshape: Bool { false }

    /// y = f(x) on a batch `[N, sample shape...]`.
    public func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 2, "\(name).forward: expected a batch [N, ...], got \(x.shape)")
        let count = x.shape[0], inputShape = Array(x.shape.dropFirst())
        var y = Tensor(shape: [count] + outputShape(for: inputShape))
        var parameters = self.parameters
        withPointers(to: &parameters) { θ in
            withScratch(inputShape: inputShape) { scratch in
                x.scalars.withUnsafeBufferPointer { x in
                    y.scalars.withUnsafeMutableBufferPointer { y in
                        forward(x.baseAddress!, y.baseAddress!, count: count, inputShape: inputShape,
                                parameters: θ, scratch: scratch)
                    }
                }
            }
        }
        return y
    }

    /// dL/dx and dL/dθ on a batch `[N, sample shape...]`, given dL/dy.
    public func backward(_ x: Tensor, outputGradient dy: Tensor) -> LayerGradients {
        let count = x.shape[0], inputShape = Array(x.shape.dropFirst())
        let y = forward(x)
        precondition(dy.shape == y.shape, "\(name).backward: dL/dy is \(dy.shape), y is \(y.shape)")
        var dx = Tensor(shape: x.shape)
        var parameters = self.parameters
        var gradients = parameters.map { Tensor(shape: $0.shape) }
        withPointers(to: &parameters) { θ in
            withPointers(to: &gradients) { dθ in
                withScratch(inputShape: inputShape) { scratch in
                    x.scalars.withUnsafeBufferPointer { x in
                        y.scalars.withUnsafeBufferPointer { y in
                            dy.scalars.withUnsafeBufferPointer { dy in
                                dx.scalars.withUnsafeMutableBufferPointer { dx in
                                    backward(x.baseAddress!, y.baseAddress!, dy.baseAddress!, dx.baseAddress!,
                                             count: count, inputShape: inputShape,
                                             parameters: θ, gradients: dθ, scratch: scratch)
                                }
                            }
                        }
                    }
                }
            }
        }
        return LayerGradients(input: dx, parameters: gradients)
    }

    private func withScratch<R>(inputShape: [Int], _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        let scratch = UnsafeMutablePointer<Float>.allocateVectors(capacity: scratchCount(inputShape: inputShape))
        defer { scratch.deallocate() }
        return body(scratch)
    }
}

/// Calls `body` with a pointer to a copy of the scalars of each tensor, then copies them back.
///
/// (Nesting `withUnsafeMutableBufferPointer` over an array of tensors would hold overlapping
/// accesses to the array; copies are simpler, and this path is not the training loop.)
func withPointers<R>(to tensors: inout [Tensor], _ body: ([UnsafeMutablePointer<Float>]) -> R) -> R {
    let pointers = tensors.map { tensor in
        let pointer = UnsafeMutablePointer<Float>.allocateVectors(capacity: tensor.count)
        if tensor.count > 0 {
            tensor.scalars.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: tensor.count) }
        }
        return pointer
    }
    defer { pointers.forEach { $0.deallocate() } }
    let result = body(pointers)
    for (index, pointer) in pointers.enumerated() {
        tensors[index].scalars = Array(UnsafeBufferPointer(start: pointer, count: tensors[index].count))
    }
    return result
}
