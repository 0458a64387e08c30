@testable import CNN
import Testing

/// Training steps the optimizer on every core: each thread updates a part of every tensor
/// (`apply(_:to:parts:forEachPart:)`). However the parts are split and whatever order they run
/// in, the parameters and the optimizer's state must be what one `apply` gives, bit for bit.
@Suite struct OptimizerPartsTests {
    /// Sizes around the vector width (16), and the reference model's.
    static let sizes = [1, 15, 16, 17, 33, 36, 4, 27_040, 10]

    static func random(_ count: Int, _ generator: inout Xoshiro256StarStar, scale: Float) -> [Float] {
        (0..<count).map { _ in generator.nextUniform(-scale, scale) }
    }

    /// Three steps with `optimizer`, split into `parts` run in `order`, concurrently if asked; the
    /// parameters after each step. Concurrently: on a team of three threads, as training runs them.
    static func steps<O: Optimizer>(_ optimizer: O, parts: Int?, order: [Int] = [], concurrently: Bool = false) -> ([[Float]], O) {
        var optimizer = optimizer
        let team = ShardTeam(helpers: 2)  // the threads that run training's parts
        var generator = Xoshiro256StarStar(seed: 5)
        var parameters = sizes.map { random($0, &generator, scale: 1) }
        var history: [[Float]] = []
        for _ in 0..<3 {
            var gradients = sizes.map { random($0, &generator, scale: 0.1) }
            withMutableBuffers(to: &gradients) { g in
                withMutableBuffers(to: &parameters) { θ in
                    let g = g.map { UnsafeBufferPointer($0) }
                    guard let parts else { return optimizer.apply(g, to: θ) }
                    optimizer.apply(g, to: θ, parts: parts) { body in
                        if concurrently {
                            team.run(parts, body)
                        } else {
                            for p in order { body(p) }
                        }
                    }
                }
            }
            history.append(parameters.flatMap { $0 })
        }
        return (history, optimizer)
    }

    static func same(_ a: [[Float]], _ b: [[Float]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy { $0.bitPattern == $1.bitPattern } }
    }

    @Test(arguments: [1, 2, 3, 4, 7])
    func adamInPartsIsAdamBitForBit(parts: Int) {
        let (whole, one) = Self.steps(Adam(learningRate: 0.01), parts: nil)
        let (backwards, two) = Self.steps(Adam(learningRate: 0.01), parts: parts, order: (0..<parts).reversed())
        let (together, three) = Self.steps(Adam(learningRate: 0.01), parts: parts, concurrently: true)
        #expect(Self.same(whole, backwards) && Self.same(whole, together))
        #expect(Self.same(one.firstMoments, two.firstMoments) && Self.same(one.secondMoments, three.secondMoments))
        #expect(two.iterations == 3 && three.iterations == 3)
    }

    @Test(arguments: [0, 0.9] as [Float])
    func sgdInPartsIsSGDBitForBit(momentum: Float) {
        let sgd = SGD(learningRate: 0.05, momentum: momentum)
        let (whole, one) = Self.steps(sgd, parts: nil)
        let (backwards, two) = Self.steps(sgd, parts: 4, order: [3, 1, 2, 0])
        let (together, _) = Self.steps(sgd, parts: 4, concurrently: true)
        #expect(Self.same(whole, backwards) && Self.same(whole, together))
        #expect(Self.same(one.velocities, two.velocities))
        // The steps did move the parameters (a test that compares nothing to nothing cannot fail).
        #expect(whole[0] != whole[2])
    }

    /// An optimizer that knows nothing of parts still steps correctly: the default runs it whole, once.
    @Test func anOptimizerWithoutPartsStepsOnce() {
        struct Halve: Optimizer {
            var name: String { "halve" }
            var calls = 0
            mutating func apply(_ gradients: [UnsafeBufferPointer<Float>], to parameters: [UnsafeMutableBufferPointer<Float>]) {
                calls += 1
                for p in parameters { for k in p.indices { p[k] /= 2 } }
            }
        }
        var halve = Halve(), θ: [Float] = [4, 8]
        θ.withUnsafeMutableBufferPointer { θ in
            halve.apply([UnsafeBufferPointer(θ)], to: [θ], parts: 4) { body in for p in 0..<4 { body(p) } }
        }
        #expect(θ == [2, 4] && halve.calls == 1)
    }

    @Test func thePartsCoverEveryElementOnceAndStartOnVectors() {
        for count in [0, 1, 15, 16, 17, 100, 27_040] {
            for parts in 1...6 {
                let ranges = (0..<parts).map { part($0, of: parts, count: count) }
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count, "\(count) in \(parts)")
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                #expect(ranges.allSatisfy { $0.isEmpty || $0.lowerBound % Vector.width == 0 })
            }
        }
    }
}
