/// How a layer's parameters start, with Keras' defaults: Glorot-uniform kernels, zero biases.
public enum Initializers {
    /// Glorot (Xavier) uniform: each weight uniform in [-limit, limit), limit = √(6 / (fanIn + fanOut)).
    ///
    /// It keeps the variance of activations about the same from layer to layer. For a convolution
    /// Keras counts the receptive field in both fans: fanIn = kh·kw·cin, fanOut = kh·kw·cout.
    public static func glorotUniform(shape: [Int], fanIn: Int, fanOut: Int,
                                     generator: inout Xoshiro256StarStar) -> Tensor {
        precondition(fanIn + fanOut > 0, "glorotUniform: empty fans")
        let limit = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
        let count = shape.reduce(1, *)
        var scalars = [Float](repeating: 0, count: count)
        for i in 0..<count { scalars[i] = generator.nextUniform(-limit, limit) }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// All zeros: Keras' default bias.
    public static func zeros(shape: [Int]) -> Tensor { Tensor(shape: shape) }
}
