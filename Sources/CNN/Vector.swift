/// Sixteen floats processed by one instruction: one AVX-512 register, or two AVX2 ones.
///
/// Swift does not vectorize floating-point sums by itself (that would reorder the additions), so
/// the fast kernels spell the vector arithmetic out with this type and `addingProduct` (a fused
/// multiply-add). Each kernel fixes its own summation order, so results do not depend on the machine.
typealias Vector = SIMD16<Float>

extension Vector {
    /// The number of floats in a vector.
    static let width = 16
}

extension UnsafePointer where Pointee == Float {
    /// The 16 floats starting at `self + offset`; no alignment needed.
    @inline(__always)
    func vector(at offset: Int) -> Vector {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Vector.self)
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// The 16 floats starting at `self + offset`; no alignment needed.
    @inline(__always)
    func vector(at offset: Int) -> Vector {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Vector.self)
    }

    /// Writes 16 floats starting at `self + offset`; no alignment needed.
    @inline(__always)
    func setVector(_ value: Vector, at offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: Vector.self)
    }
}
