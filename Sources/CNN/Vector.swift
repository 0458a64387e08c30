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

extension UnsafePointer where Pointee == Float {
    /// The `lanes` floats at `self + offset` in the first lanes of a vector, zeros after them:
    /// for the last, partial vector of an array whose length is not a multiple of 16.
    @inline(__always)
    func vector(at offset: Int, lanes: Int) -> Vector {
        if lanes == Vector.width { return vector(at: offset) }
        var v = Vector()
        for l in 0..<lanes { v[l] = self[offset + l] }
        return v
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always)
    func vector(at offset: Int, lanes: Int) -> Vector { UnsafePointer(self).vector(at: offset, lanes: lanes) }

    /// Writes the first `lanes` lanes of `value` at `self + offset`.
    @inline(__always)
    func setVector(_ value: Vector, at offset: Int, lanes: Int) {
        if lanes == Vector.width { return setVector(value, at: offset) }
        for l in 0..<lanes { self[offset + l] = value[l] }
    }
}

/// Calls `body(offset, lanes)` for the vectors covering 0..<count: whole vectors of 16 lanes, then
/// one partial vector for the rest, so a kernel is written once for both.
@inline(__always)
func forEachVector(count: Int, _ body: (_ offset: Int, _ lanes: Int) -> Void) {
    var offset = 0
    while offset + Vector.width <= count {
        body(offset, Vector.width)
        offset += Vector.width
    }
    if offset < count { body(offset, count - offset) }
}

/// Calls `body(offset, lanes)` for blocks of four vectors (64 floats) covering 0..<count; `lanes`
/// says how many lanes of each of the four vectors are real (16, except in the last block, where
/// some may be partial or empty). Kernels use blocks to keep four independent sums in flight.
@inline(__always)
func forEachBlock(count: Int, _ body: (_ offset: Int, _ lanes: (Int, Int, Int, Int)) -> Void) {
    let block = 4 * Vector.width
    var offset = 0
    while offset + block <= count {
        body(offset, (Vector.width, Vector.width, Vector.width, Vector.width))
        offset += block
    }
    if offset < count {
        let rest = count - offset
        func lanes(_ u: Int) -> Int { min(max(rest - u * Vector.width, 0), Vector.width) }
        body(offset, (lanes(0), lanes(1), lanes(2), lanes(3)))
    }
}
