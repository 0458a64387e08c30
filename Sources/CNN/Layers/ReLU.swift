/// The rectified linear unit, element by element: negative inputs become zero.
///
///     y = max(0, x)
///     dx = dy · [x > 0] = dy · [y > 0]
///
/// (At exactly 0 the derivative is taken as 0, as TensorFlow does.)
public struct ReLU: Layer {
    public var name: String { "re_lu" }

    public init() {}

    public var parameters: [Tensor] {
        get { [] }
        set { precondition(newValue.isEmpty, "ReLU has no parameters") }
    }

    public func checkedOutputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] { inputShape }

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
                        inputShape: [Int], parameters: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        // A nested function, not a closure: the compiler inlines it into the loop (a closure here
        // stayed a function of its own, called per vector at 5 times the cost of its arithmetic).
        @inline(__always) func relu(_ i: Int, _ lanes: Int) {
            y.setVector(ReLU.apply(x.vector(at: i, lanes: lanes)), at: i, lanes: lanes)
        }
        forEachVector(count: count * inputShape.reduce(1, *), relu)
    }

    public func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                         _ dx: UnsafeMutablePointer<Float>?, count: Int, inputShape: [Int],
                         parameters: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                         scratch: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        @inline(__always) func mask(_ i: Int, _ lanes: Int) {
            dx.setVector(ReLU.gradient(dy.vector(at: i, lanes: lanes), output: y.vector(at: i, lanes: lanes)), at: i, lanes: lanes)
        }
        forEachVector(count: count * inputShape.reduce(1, *), mask)
    }

    /// max(0, x) lane by lane (-0 and NaN pass through unchanged).
    @inline(__always)
    static func apply(_ x: Vector) -> Vector { x.replacing(with: 0, where: x .< 0) }

    /// dL/dx = dL/dy where the unit was on, else 0; "on" is read from the output, since
    /// y > 0 exactly when x > 0. Reading y lets a layer that applies ReLU as it stores its output
    /// (Conv2D, when training) backpropagate through it without keeping x.
    @inline(__always)
    static func gradient(_ dy: Vector, output y: Vector) -> Vector { dy.replacing(with: 0, where: .!(y .> 0)) }
}

/// ReLU on every element of a tensor of any shape.
public func relu(_ x: Tensor) -> Tensor {
    Tensor(shape: x.shape, scalars: x.scalars.map { max(0, $0) })
}
