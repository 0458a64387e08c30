import Foundation

/// Cross-entropy between predicted probabilities and an integer label, as Keras'
/// `sparse_categorical_crossentropy` on probabilities (`from_logits=False`).
///
///     p is (N, K) probabilities, t is (N) labels in 0..<K
///     L = (1/N) Σn -log(clip(p[n, t[n]], ε, 1 - ε)),   ε = 1e-7
///
/// The clip keeps one confidently wrong sample (p = 0) from making the loss infinite: its loss
/// is at most -log(1e-7) ≈ 16.12, the ceiling Keras shows too.
public enum SparseCategoricalCrossEntropy {
    /// Keras' `epsilon()`.
    public static let epsilon: Float = 1e-7

    /// -log(clip(p[t])) for one sample's K probabilities.
    @inline(__always)
    static func loss(_ p: UnsafePointer<Float>, label t: Int) -> Float {
        -logf(min(max(p[t], epsilon), 1 - epsilon))
    }

    /// dL/dp of the mean loss over N samples: -1/(N · p[t]) at the label, where the clip is not
    /// active, and zero elsewhere.
    static func probabilityGradient(_ p: UnsafePointer<Float>, label t: Int, count K: Int, batchSize N: Int,
                                    into dp: UnsafeMutablePointer<Float>) {
        dp.update(repeating: 0, count: K)
        if p[t] > epsilon && p[t] < 1 - epsilon { dp[t] = -1 / (Float(N) * p[t]) }
    }

    /// dL/dz of the mean loss over N samples when p = softmax(z), fused through the softmax:
    ///
    ///     dz[k] = (p[k] - [k == t]) / N
    ///
    /// (The clip is left out: it only bounds the reported loss, and this gradient is bounded anyway.)
    @inline(__always)
    static func logitGradient(_ p: UnsafePointer<Float>, label t: Int, count K: Int, batchSize N: Int,
                              into dz: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(N)
        for k in 0..<K { dz[k] = (p[k] - (k == t ? 1 : 0)) * scale }
    }
}

/// The cross-entropy of one sample: `sparseCategoricalCrossEntropy(probabilities: [0.1, 0.7, 0.2], label: 1)` ≈ 0.357.
public func sparseCategoricalCrossEntropy(probabilities: [Float], label: Int) -> Float {
    precondition(label >= 0 && label < probabilities.count, "label \(label) outside 0..<\(probabilities.count)")
    return probabilities.withUnsafeBufferPointer { SparseCategoricalCrossEntropy.loss($0.baseAddress!, label: label) }
}

/// The mean cross-entropy of a batch of probabilities `[N, K]` against N labels.
public func sparseCategoricalCrossEntropy(probabilities: Tensor, labels: [Int]) -> Float {
    precondition(probabilities.rank == 2 && probabilities.shape[0] == labels.count,
                 "cross-entropy: \(labels.count) labels for probabilities \(probabilities.shape)")
    let K = probabilities.shape[1]
    var sum: Double = 0
    probabilities.scalars.withUnsafeBufferPointer { p in
        for (n, t) in labels.enumerated() {
            precondition(t >= 0 && t < K, "label \(t) outside 0..<\(K)")
            sum += Double(SparseCategoricalCrossEntropy.loss(p.baseAddress! + n * K, label: t))
        }
    }
    return Float(sum / Double(labels.count))
}

/// dL/dp of the mean cross-entropy of a batch (for checking the backward pass of Softmax).
public func sparseCategoricalCrossEntropyGradient(probabilities: Tensor, labels: [Int]) -> Tensor {
    let (N, K) = (probabilities.shape[0], probabilities.shape[1])
    var dp = Tensor(shape: probabilities.shape)
    probabilities.scalars.withUnsafeBufferPointer { p in
        dp.scalars.withUnsafeMutableBufferPointer { dp in
            for n in 0..<N {
                SparseCategoricalCrossEntropy.probabilityGradient(p.baseAddress! + n * K, label: labels[n], count: K,
                                                                  batchSize: N, into: dp.baseAddress! + n * K)
            }
        }
    }
    return dp
}

/// dL/dz of the mean cross-entropy of softmax(z), the fused path training uses: (p - onehot) / N.
public func softmaxCrossEntropyGradient(logits: Tensor, labels: [Int]) -> Tensor {
    let (N, K) = (logits.shape[0], logits.shape[1])
    let p = softmax(logits)
    var dz = Tensor(shape: logits.shape)
    p.scalars.withUnsafeBufferPointer { p in
        dz.scalars.withUnsafeMutableBufferPointer { dz in
            for n in 0..<N {
                SparseCategoricalCrossEntropy.logitGradient(p.baseAddress! + n * K, label: labels[n], count: K,
                                                            batchSize: N, into: dz.baseAddress! + n * K)
            }
        }
    }
    return dz
}
