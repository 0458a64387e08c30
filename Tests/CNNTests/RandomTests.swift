import CNN
import Testing

@Suite struct RandomTests {
    @Test func theSameSeedGivesTheSameSequence() {
        var a = Xoshiro256StarStar(seed: 42), b = Xoshiro256StarStar(seed: 42)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }

    @Test func differentSeedsGiveDifferentSequences() {
        var a = Xoshiro256StarStar(seed: 1), b = Xoshiro256StarStar(seed: 2)
        #expect(a.next() != b.next())
    }

    @Test func seedZeroGivesTheOutputOfTheReferenceAlgorithms() {
        // Computed by an independent Python transcription of Vigna's splitmix64.c (whose first
        // output from 0, e220a8397b1dcdaf, is the published one) and xoshiro256starstar.c.
        var generator = Xoshiro256StarStar(seed: 0)
        #expect((0..<3).map { _ in generator.next() } == [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0])
    }

    @Test func aJumpedGeneratorGivesTheOutputOfTheReferenceJumpFunction() {
        // Same independent Python transcription, of xoshiro256starstar.c's jump().
        var jumped = Xoshiro256StarStar(seed: 0).jumped()
        #expect([jumped.next(), jumped.next()] == [0x3762_15ed_c846_d62c, 0x57c0_611d_e835_0ca7])
    }

    @Test func uniformFloatsStayInTheirRangeWithAboutTheRightMean() {
        var generator = Xoshiro256StarStar(seed: 7)
        let values = (0..<10_000).map { _ in generator.nextUniform(-2, 3) }
        #expect(values.allSatisfy { $0 >= -2 && $0 < 3 })
        let mean = values.reduce(0, +) / Float(values.count)
        #expect(abs(mean - 0.5) < 0.05)
    }

    @Test func boundedIntegersCoverTheirRangeAndNothingElse() {
        var generator = Xoshiro256StarStar(seed: 3)
        let values = Set((0..<1000).map { _ in generator.nextInt(below: 7) })
        #expect(values == Set(0..<7))
    }

    @Test func shufflingIsAPermutationFixedByTheSeed() {
        var a = Xoshiro256StarStar(seed: 5), b = Xoshiro256StarStar(seed: 5)
        var x = Array(0..<50), y = Array(0..<50)
        a.shuffle(&x)
        b.shuffle(&y)
        #expect(x == y)
        #expect(x.sorted() == Array(0..<50))
        #expect(x != Array(0..<50))
    }
}
