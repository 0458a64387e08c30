import Book
import CNN
import Foundation
import Lessons
import Testing

/// Declared ranges and rules are the truth: for random values within each parameter's declared
/// type and range, `tutor check` (the registry's resolve, which `BookCheck` runs) accepts a cell
/// exactly when the step then runs without failing. A value the check lets through never breaks
/// the build later, and a value the check refuses is refused by the step's own rule.
@Suite struct ParameterRuleTests {
    /// A random value generator, seeded so a failure can be replayed.
    struct Values {
        var generator: Xoshiro256StarStar

        mutating func integer(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
        mutating func number(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &generator) }
        /// Spread over orders of magnitude: 10^u for u in `exponents`, with a random sign if asked.
        mutating func magnitude(_ exponents: ClosedRange<Double>, signed: Bool = false) -> Double {
            let value = pow(10, number(exponents))
            return signed && Bool.random(using: &generator) ? -value : value
        }
        mutating func kernel(sides: [Int] = [1, 3, 5, 7, 15]) -> String {
            if Bool.random(using: &generator) { return ["identity", "boxBlur", "sharpen", "sobelX", "sobelY", "outline"].randomElement(using: &generator)! }
            let side = sides.randomElement(using: &generator)!
            let rows = (0..<side).map { _ in "[" + (0..<side).map { _ in String(integer(-3...3)) }.joined(separator: ",") + "]" }
            return "[" + rows.joined(separator: ",") + "]"
        }
        mutating func list(_ count: ClosedRange<Int>, _ element: (inout Values) -> Double) -> String {
            "[" + (0..<integer(count)).map { _ in ParameterValue.number(element(&self)).sourceText }.joined(separator: ",") + "]"
        }
    }

    /// Info strings for a step, drawn within its declared types and ranges.
    static let generators: [String: @Sendable (inout Values) -> String] = [
        "onePixel": { v in "kernel=\(v.kernel()) digit=\(v.integer(0...9)) row=\(v.integer(0...27)) column=\(v.integer(0...27))" },
        "showDigit": { v in "digit=\(v.integer(0...9)) top=\(v.integer(0...27)) left=\(v.integer(0...27)) size=\(v.integer(1...14))" },
        "validPadding": { v in
            // Mostly odd sizes, sometimes an even or a fractional one, which the step's rule refuses.
            "sizes=" + v.list(1...5) { v in
                switch v.integer(0...9) {
                case 0: return Double(2 * v.integer(1...13))
                case 1: return (v.number(1...27) * 10).rounded() / 10
                default: return Double(2 * v.integer(0...13) + 1)
                }
            }
        },
        "reluHistogram": { v in "bins=\(v.integer(2...60))" },
        "reluMap": { v in "kernel=\(v.kernel()) digit=\(v.integer(0...9))" },
        "linearCollapse": { v in "hidden=\(v.integer(1...256)) digits=\(v.integer(1...100))" },
        "softmaxOverflow": { v in "scale=\(ParameterValue.number(v.magnitude(-3...6)).sourceText)" },
        "lossCurve": { v in "points=\(v.integer(10...1000))" },
        "lossExamples": { v in "label=\(v.integer(0...9))" },
        "gradientCheck": { v in "label=\(v.integer(0...9)) seed=\(v.integer(0...1_000_000))" },
        "adamSteps": { v in
            let g = Bool.random(using: &v.generator) ? 0 : v.magnitude(-12...6, signed: true)
            return "gradient=\(ParameterValue.number(min(1e6, max(-1e6, g))).sourceText) steps=\(v.integer(1...50))"
        },
        "valley": { v in
            "steepness=\(ParameterValue.number(v.number(1...1000)).sourceText) steps=\(v.integer(1...300)) "
                + "learningRate=\(ParameterValue.number(v.number(0...10)).sourceText) momentum=\(ParameterValue.number(v.number(0...0.999)).sourceText) "
                + "adamLearningRate=\(ParameterValue.number(v.number(0...10)).sourceText)"
        },
    ]

    @Test(arguments: generators.keys.sorted())
    func checkAcceptsExactlyWhatTheStepRuns(_ name: String) throws {
        var values = Values(generator: Xoshiro256StarStar(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude)))
        let generate = try #require(Self.generators[name])
        let state = ChapterState()
        try state.set("logits", [Float]([-4.2, 1.3, 0.7, 9.8, -2.5, 3.1, -0.4, 2.2, -6.0, 5.5]))
        // What a reluMap cell leaves for reluHistogram: a sobelX map of a digit.
        _ = try run(step("reluMap"), state: state)
        var accepted = 0
        for _ in 0..<12 {
            let info = "swift step=\(name) " + generate(&values)
            let fence = Fence(info: info, body: "", location: SourceLocation(path: "ch.md", line: 3, column: 1), infoColumn: 4)
            let cell = Cell(index: 1, fence: fence, info: try InfoString.parse(info))
            let resolved: ResolvedCell
            do {
                resolved = try Lessons.registry.resolve(cell)
            } catch {
                // Refused: only a step's own rule may refuse values within the declared ranges.
                #expect(error.all.allSatisfy { $0.message.hasPrefix("step '\(name)': ") }, "\(info): \(error)")
                continue
            }
            accepted += 1
            let context = CellContext(arguments: resolved.arguments, state: state.copy(), seed: 1,
                                      data: Lessons.dataSources(sample: sampleDirectory, mnist: URL(fileURLWithPath: "/nonexistent")))
            #expect(throws: Never.self, "\(info)") { try resolved.step.run(context) }
        }
        #expect(accepted > 0, "no accepted values were tried for \(name)")
    }

    @Test func theDocumentedFailuresAreRefusedByCheck() throws {
        for info in ["swift step=onePixel row=26", "swift step=onePixel kernel=[[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]] column=24",
                     "swift step=softmaxTemperature temperatures=[1e-300]", "swift step=softmaxTemperature temperatures=[]",
                     "swift step=validPadding sizes=[4]", "swift step=validPadding sizes=[29]", "swift step=adamSteps gradient=1e300",
                     // A dense network has no filters to set: refused, not silently ignored.
                     "swift step=trainVariant model=dense filters=64", "swift step=trainVariant model=dense vary-filters=[1,2]"] {
            let fence = Fence(info: info, body: "", location: SourceLocation(path: "ch.md", line: 3, column: 1), infoColumn: 4)
            let cell = Cell(index: 1, fence: fence, info: try InfoString.parse(info))
            #expect(throws: Diagnostics.self, "\(info)") { try Lessons.registry.resolve(cell) }
        }
    }
}
