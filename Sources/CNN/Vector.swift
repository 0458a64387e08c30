/// Sixteen floats processed by one instruction: one AVX-512 register, or two AVX2 ones.
///
/// Swift does not vectorize floating-point sums by itself (that would reorder the additions), so
/// the fast kernels spell the vector arithmetic out with this type and `addingProduct` (a fused
/// multiply-add). Each kernel fixes its own summation order, so results do not depend on the machine.
typealias Vector = SIMD16<Float>

extension Vector {
    /// The number of floats in a vector.
    static var width: Int { 16 }
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
        if lanes == 0 { return Vector() }
        precondition(lanes > 0 && lanes < Vector.width, "a vector has 16 lanes")
        var v = Vector()
        withUnsafeMutableBytes(of: &v) { copyFloats(lanes, from: UnsafeRawPointer(self + offset), to: $0.baseAddress!) }
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
        if lanes == 0 { return }
        precondition(lanes > 0 && lanes < Vector.width, "a vector has 16 lanes")
        withUnsafeBytes(of: value) { copyFloats(lanes, from: $0.baseAddress!, to: UnsafeMutableRawPointer(self + offset)) }
    }
}

/// Copies `count` < 16 floats: 8, 4, 2 and 1 at a time, as the bits of `count` say, so at most four
/// moves. (A copy of `count · 4` bytes is a call to `memmove`, which for the partial vector at the
/// end of each row of a Conv2D's feature maps cost more than the row's arithmetic.)
@inline(__always)
private func copyFloats(_ count: Int, from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer) {
    @inline(__always) func move<Chunk: SIMD>(_: Chunk.Type, at index: Int) where Chunk.Scalar == Float {
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: index * 4, as: Chunk.self), toByteOffset: index * 4, as: Chunk.self)
    }
    var index = 0
    if count & 8 != 0 { move(SIMD8<Float>.self, at: index); index += 8 }
    if count & 4 != 0 { move(SIMD4<Float>.self, at: index); index += 4 }
    if count & 2 != 0 { move(SIMD2<Float>.self, at: index); index += 2 }
    if count & 1 != 0 { target.storeBytes(of: source.loadUnaligned(fromByteOffset: index * 4, as: Float.self), toByteOffset: index * 4, as: Float.self) }
}

/// Calls `body(offset, lanes)` for the vectors covering 0..<count: whole vectors of 16 lanes, then
/// one partial vector for the rest, so a kernel is written once for both.
///
/// `body` is inlined twice on purpose. In the loop over whole vectors `lanes` is the constant 16,
/// so every load is a plain vector load the compiler can fold into the multiply-add that uses it;
/// were the two cases one call, every loaded vector would have to sit in a register first, and
/// with AVX2's 16 registers the running sums would spill to memory on every step.
@inline(__always)
func forEachVector(count: Int, _ body: (_ offset: Int, _ lanes: Int) -> Void) {
    forEachVector(in: 0..<count, body)
}

/// The same for the vectors covering `range`, whose start is a multiple of 16, so that a kernel can
/// work through a long row a chunk at a time and each lane still sees the same k.
@inline(__always)
func forEachVector(in range: Range<Int>, _ body: (_ offset: Int, _ lanes: Int) -> Void) {
    let whole = range.lowerBound + range.count / Vector.width * Vector.width
    var offset = range.lowerBound
    while offset < whole {
        body(offset, Vector.width)
        offset += Vector.width
    }
    if whole < range.upperBound { body(whole, range.upperBound - whole) }
}

/// Calls `body(offset, lanes)` for blocks of `VectorTile.count` vectors (96 floats) covering
/// 0..<count; `lanes[v]` says how many lanes of vector v of the block are real: 16, except in the
/// last block, where some vectors may be partial or empty (an empty vector loads zeros and stores
/// nothing). Whole blocks first, with constant lanes, as in `forEachVector`.
@inline(__always)
func forEachVectorBlock(count: Int, _ body: (_ offset: Int, _ lanes: SIMD8<Int>) -> Void) {
    let block = VectorTile.count * Vector.width, whole = count / block * block
    var offset = 0
    while offset < whole {
        body(offset, SIMD8(repeating: Vector.width))
        offset += block
    }
    if whole < count {
        var lanes = SIMD8<Int>()
        for v in 0..<VectorTile.count { lanes[v] = min(max(count - whole - v * Vector.width, 0), Vector.width) }
        body(whole, lanes)
    }
}

/// Six vectors of running sums that stay in registers: the unit of unrolling of the fast kernels.
///
/// Why six: a kernel keeps its sums, and the operands it multiplies, in registers. AVX2 has 16
/// registers of 8 floats, so a 16-float vector takes two, and six sums take 12; eight or more sums
/// spill to memory on every step (the old kernels kept sixteen, which AVX-512's 32 registers of 16
/// floats hold, and ran 2-3 times slower on AVX2). The 4 registers left hold what the six
/// multiply-adds share. (That is why the kernels' loops over whole vectors are kept apart from
/// their tails: see `forEachVector`.) Dense's kernels, and Conv2D's backward, multiply 3 vectors
/// by 2 (`addOuterProduct`): 5 loads for 6 multiply-adds, with the 2 shared ones in registers
/// and each of the 3 others loaded once. (Conv2D's forward keeps 4 sums of its own: see Conv2D.)
/// On AVX-512 six sums still keep both multiply-add units busy. Every target runs the same code,
/// and every kernel fixes its own summation order, so the trained weights are the same bit for
/// bit on all of them.
///
/// The multiply-adds are spelled out here, once, in the two shapes the kernels need; the
/// kernels pass tuples of the vectors they loaded (`sums[i]` reads a sum back).
struct VectorTile {
    static var count: Int { 6 }
    private var s0 = Vector(), s1 = Vector(), s2 = Vector(), s3 = Vector(), s4 = Vector(), s5 = Vector()

    /// Six zero vectors.
    @inline(__always) init() {}

    /// Six vectors equal to `start`.
    @inline(__always) init(repeating start: Vector) { (s0, s1, s2, s3, s4, s5) = (start, start, start, start, start, start) }

    /// Sum `i`, 0 ≤ i < 6.
    @inline(__always)
    subscript(i: Int) -> Vector {
        get {
            switch i {
            case 0: return s0
            case 1: return s1
            case 2: return s2
            case 3: return s3
            case 4: return s4
            default: return s5
            }
        }
        set {
            switch i {
            case 0: s0 = newValue
            case 1: s1 = newValue
            case 2: s2 = newValue
            case 3: s3 = newValue
            case 4: s4 = newValue
            default: s5 = newValue
            }
        }
    }

    /// sums[m] += a · b.m, for m < 6: one vector times six (read straight from memory into the
    /// multiply-adds, so the six take no register).
    @inline(__always)
    mutating func addProducts(_ a: Vector, _ b: (Vector, Vector, Vector, Vector, Vector, Vector)) {
        s0 = s0.addingProduct(a, b.0); s1 = s1.addingProduct(a, b.1); s2 = s2.addingProduct(a, b.2)
        s3 = s3.addingProduct(a, b.3); s4 = s4.addingProduct(a, b.4); s5 = s5.addingProduct(a, b.5)
    }

    /// sums[2i + j] += a.i · b.j, for i < 3, j < 2: the outer product of three vectors and two.
    /// Each of the five operands feeds two or three multiply-adds, so it is loaded once for them.
    @inline(__always)
    mutating func addOuterProduct(_ a: (Vector, Vector, Vector), _ b: (Vector, Vector)) {
        s0 = s0.addingProduct(a.0, b.0); s1 = s1.addingProduct(a.0, b.1)
        s2 = s2.addingProduct(a.1, b.0); s3 = s3.addingProduct(a.1, b.1)
        s4 = s4.addingProduct(a.2, b.0); s5 = s5.addingProduct(a.2, b.1)
    }
}
