/// Flattens each sample to a vector, keeping the channels-last order as Keras does:
/// element `[y, x, c]` of a `[H, W, C]` sample lands at `(y·W + x)·C + c`.
///
/// Tensors are stored row-major, so the floats do not move: the kernels below copy them (for the
/// Tensor API), and training skips the layer altogether (`isReshape`).
public struct Flatten: Layer {
    public var name: String { "flatten" }

    public var isReshape: Bool { true }

    public init() {}

    public var parameters: [Tensor] {
        get { [] }
        set { precondition(newValue.isEmpty, "Flatten has no parameters") }
    }

    public func checkedOutputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard let count = Tensor.checkedCount(of: inputShape) else {
            throw ShapeError(layer: name, inputShape: inputShape, reason: "has no size (an axis below 0, or more elements than an Int counts)")
        }
        return [count]
    }

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
                        inputShape: [Int], parameters: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        y.update(from: x, count: count * inputShape.reduce(1, *))
    }

    public func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                         _ dx: UnsafeMutablePointer<Float>?, count: Int, inputShape: [Int],
                         parameters: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                         scratch: UnsafeMutablePointer<Float>) {
        dx?.update(from: dy, count: count * inputShape.reduce(1, *))
    }
}
