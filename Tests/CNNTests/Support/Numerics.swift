import CNN

/// A tensor of uniform random values in `range`, the same for the same seed.
func randomTensor(_ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -1...1) -> Tensor {
    var generator = Xoshiro256StarStar(seed: seed)
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<count).map { _ in
        generator.nextUniform(range.lowerBound, range.upperBound)
    })
}

/// max |a - b| / max |b|: the error of `a` relative to the scale of the oracle `b`.
func relativeError(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
    let scale = b.scalars.reduce(0) { max($0, abs($1)) }
    return a.maxAbsoluteDifference(b) / max(scale, 1e-12)
}

/// dS/dv by central differences, S(v) = Σ r · f(v), summed in Double:
/// (S(v + h·e_k) - S(v - h·e_k)) / 2h for every element k of v.
///
/// With f computed in Float, the error is about (rounding of f) / h + O(h²) from curvature:
/// for h = 1e-2 and values of order 1, about 1e-4 relative.
func numericalGradient(at v: Tensor, weights r: Tensor, h: Float = 1e-2, of f: (Tensor) -> Tensor) -> Tensor {
    func S(_ v: Tensor) -> Double {
        let y = f(v)
        precondition(y.shape == r.shape, "weights \(r.shape) do not match f's output \(y.shape)")
        return zip(y.scalars, r.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    var gradient = Tensor(shape: v.shape)
    for k in 0..<v.count {
        var plus = v, minus = v
        plus.scalars[k] += h
        minus.scalars[k] -= h
        gradient.scalars[k] = Float((S(plus) - S(minus)) / (2 * Double(h)))
    }
    return gradient
}
