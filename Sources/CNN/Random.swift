/// A small, fast, seeded pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018),
/// its state filled from the seed by SplitMix64 as its authors recommend.
///
/// The same seed gives the same numbers on every machine, which is what makes a training run
/// reproducible bit for bit. (`SystemRandomNumberGenerator` cannot be seeded.)
public struct Xoshiro256StarStar: RandomNumberGenerator, Codable, Sendable, Equatable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotateLeft(s.3, 45)
        return result
    }

    /// The same generator 2^128 steps ahead (the authors' jump function): a stream that will not
    /// overlap this one, for a second use of the same seed (initial weights, then shuffling).
    public func jumped() -> Xoshiro256StarStar {
        let jump: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var copy = self
        var t: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in jump {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    t.0 ^= copy.s.0
                    t.1 ^= copy.s.1
                    t.2 ^= copy.s.2
                    t.3 ^= copy.s.3
                }
                _ = copy.next()
            }
        }
        copy.s = t
        return copy
    }

    /// A float uniform in [0, 1), from the top 24 bits so every value is exactly representable.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A float uniform in [low, high).
    public mutating func nextUniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * nextUniform()
    }

    /// An integer uniform in 0..<bound, without modulo bias (Lemire's multiply-and-reject).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let bound = UInt64(bound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// Shuffles `values` in place (Fisher-Yates), the same way for the same generator state.
    public mutating func shuffle<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, nextInt(below: i + 1))
        }
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    // Tuples are neither Equatable nor Codable, so the four words go through an array.
    private var words: [UInt64] { [s.0, s.1, s.2, s.3] }

    public static func == (a: Self, b: Self) -> Bool { a.words == b.words }

    public init(from decoder: Decoder) throws {
        let words = try [UInt64](from: decoder)
        guard words.count == 4 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "xoshiro256** needs 4 state words"))
        }
        s = (words[0], words[1], words[2], words[3])
    }

    public func encode(to encoder: Encoder) throws { try words.encode(to: encoder) }
}
