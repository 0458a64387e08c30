import Foundation

/// Turns each sample's scores (logits) into probabilities that sum to 1.
///
///     y[k] = exp(z[k] - m) / Σj exp(z[j] - m),   m = maxj z[j]
///     dz[k] = y[k] · (dy[k] - Σj dy[j] · y[j])
///
/// In training, softmax followed by cross-entropy takes the fused gradient instead
/// (see `SparseCategoricalCrossEntropy.logitGradient`), which is simpler and never divides by a tiny y.
public struct Softmax: Layer {
    public var name: String { "softmax" }

    public init() {}

    public var parameters: [Tensor] {
        get { [] }
        set { precondition(newValue.isEmpty, "Softmax has no parameters") }
    }

    public func checkedOutputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.count == 1, inputShape[0] > 0 else {
            throw ShapeError(layer: name, inputShape: inputShape, reason: "needs a vector [K]")
        }
        return inputShape
    }

    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
                        inputShape: [Int], parameters: [UnsafeMutablePointer<Float>],
                        scratch: UnsafeMutablePointer<Float>) {
        let K = inputShape[0]
        for n in 0..<count { Softmax.probabilities(x + n * K, y + n * K, count: K) }
    }

    public func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                         _ dx: UnsafeMutablePointer<Float>?, count: Int, inputShape: [Int],
                         parameters: [UnsafeMutablePointer<Float>], gradients: [UnsafeMutablePointer<Float>],
                         scratch: UnsafeMutablePointer<Float>) {
        guard let dx else { return }
        let K = inputShape[0]
        for n in 0..<count {
            let (y, dy, dz) = (y + n * K, dy + n * K, dx + n * K)
            var dot: Float = 0
            for j in 0..<K { dot += dy[j] * y[j] }
            for k in 0..<K { dz[k] = y[k] * (dy[k] - dot) }
        }
    }

    /// p = softmax(z) for one vector of K scores.
    static func probabilities(_ z: UnsafePointer<Float>, _ p: UnsafeMutablePointer<Float>, count K: Int) {
        // Subtract the largest score so exp() cannot overflow; the result is unchanged.
        var m = z[0]
        for k in 1..<K { m = max(m, z[k]) }
        var sum: Float = 0
        for k in 0..<K {
            p[k] = expf(z[k] - m)
            sum += p[k]
        }
        for k in 0..<K { p[k] /= sum }
    }
}

/// softmax(z) of one vector of scores: `softmax([2, 1, 0.1])` ≈ `[0.659, 0.242, 0.099]`.
public func softmax(_ logits: [Float]) -> [Float] {
    precondition(!logits.isEmpty, "softmax of an empty vector")
    var p = [Float](repeating: 0, count: logits.count)
    logits.withUnsafeBufferPointer { z in
        p.withUnsafeMutableBufferPointer { Softmax.probabilities(z.baseAddress!, $0.baseAddress!, count: z.count) }
    }
    return p
}

/// softmax along the last axis of a tensor of any rank.
public func softmax(_ logits: Tensor) -> Tensor {
    let K = logits.shape.last ?? 0
    precondition(K > 0, "softmax of an empty axis, shape \(logits.shape)")
    var p = logits
    logits.scalars.withUnsafeBufferPointer { z in
        p.scalars.withUnsafeMutableBufferPointer { p in
            for row in 0..<(logits.count / K) {
                Softmax.probabilities(z.baseAddress! + row * K, p.baseAddress! + row * K, count: K)
            }
        }
    }
    return p
}
