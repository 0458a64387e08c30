import Book
import CNN
import Foundation
@testable import Lessons
import Testing

/// The lesson steps compute what the prose around them claims.
@Suite struct StepTests {
    @Test func theTermByTermSumEqualsTheLibrarysConvolution() throws {
        for kernel in ["sobelX", "sharpen", "boxBlur"] {
            let outputs = try run(step("onePixel"), ["kernel": .identifier(kernel), "row": .integer(9), "column": .integer(11)])
            let text = try #require(texts(outputs).first)
            #expect(text.contains("the same number"), "\(kernel): \(text)")
        }
    }

    @Test func aPixelOutsideTheValidOutputIsAnError() {
        #expect(throws: StepError.self) {
            try run(step("onePixel"), ["row": .integer(26)])
        }
    }

    @Test func validPaddingShrinksTheImageByTheKernelSizeMinusOne() throws {
        let table = try #require(tables(try run(step("validPadding"), ["sizes": .list([.integer(1), .integer(5), .integer(27)])])).first)
        #expect(table.rows.map { $0[2] } == ["28×28", "24×24", "2×2"])
    }

    @Test func twoLinearLayersCollapseIntoOneButNotWithReLUBetween() throws {
        let table = try #require(tables(try run(step("linearCollapse"))).first)
        let withoutReLU = try #require(Double(table.rows[0][1])), withReLU = try #require(Double(table.rows[1][1]))
        #expect(withoutReLU < 1e-4)
        #expect(withReLU > 0.1)
    }

    @Test func reluZeroesExactlyTheNegativeValues() throws {
        let table = try #require(tables(try run(step("reluMap"))).first)
        // rows: negative, zero, positive; columns: before, after
        let negativeBefore = try #require(Int(table.rows[0][1])), zeroBefore = try #require(Int(table.rows[1][1]))
        #expect(table.rows[0][2] == "0")
        #expect(Int(table.rows[1][2]) == negativeBefore + zeroBefore)
        #expect(table.rows[2][1] == table.rows[2][2])
    }

    @Test func theFusedGradientMatchesFiniteDifferences() throws {
        for label in [0, 3, 9] {
            let table = try #require(tables(try run(step("gradientCheck"), ["label": .integer(label)])).first)
            for row in table.rows {
                let difference = try #require(Double(row[5]))
                #expect(difference < 1e-5, "class \(row[0]): \(difference)")
            }
            // Only the true class has a negative gradient.
            #expect(table.rows.filter { (Double($0[3]) ?? 0) < 0 }.map { $0[0] } == ["\(label)"])
        }
    }

    @Test func theNaiveSoftmaxOverflowsWhereTheStableOneDoesNot() throws {
        let state = ChapterState()
        try state.set("logits", [Float]([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
        let large = try #require(tables(try run(step("softmaxOverflow"), ["scale": .number(100)], state: state)).first)
        #expect(large.rows.contains { $0[2] == "∞ (overflow)" && $0[3] == "undefined" })
        #expect(large.rows.allSatisfy { Double($0[4])?.isFinite == true })
        let small = try #require(tables(try run(step("softmaxOverflow"), ["scale": .number(1)], state: state)).first)
        #expect(small.rows.allSatisfy { $0[3] == $0[4] })
    }

    /// "Every e^z fits in a Float" is said only when none underflowed to 0; otherwise the page
    /// counts those that did, and says whether the stable form keeps their probabilities.
    @Test func theNaiveSoftmaxVerdictCountsTheExponentialsThatUnderflowed() throws {
        func verdict(_ logits: [Float], scale: Double) throws -> String {
            let state = ChapterState()
            try state.set("logits", logits)
            let outputs = try run(step("softmaxOverflow"), ["scale": .number(scale)], state: state)
            return try #require(texts(outputs).last)
        }
        #expect(try verdict([1, 2, 3], scale: 1).contains("every e^z fits in a Float"))
        // e^-200 is 0 in Float, and so is its probability in the stable form (e^-203 / ...).
        let rounded = try verdict([3, 2, -200], scale: 1)
        #expect(!rounded.contains("every e^z fits"), "\(rounded)")
        #expect(rounded.contains("1 of the 3 e^z underflowed to 0, and the stable form rounds its probability to 0 as well"), "\(rounded)")
        // Every logit far below 0: e^-150 underflows, but e^(-150 - (-80)) = e^-70 does not.
        let kept = try verdict([-80, -150, -80.5], scale: 1)
        #expect(kept.contains("1 of the 3 e^z underflowed to 0, a probability of 0 where the stable form keeps it above 0"), "\(kept)")
    }

    @Test func adamsFirstStepIsTheLearningRateTimesGOverGPlusEpsilon() throws {
        for gradient in [0.5, 100.0, -3.0, 1e-7] {
            let table = try #require(tables(try run(step("adamSteps"), ["gradient": .number(gradient)])).first)
            let firstStep = try #require(Double(table.rows[0][5]))
            // η·|g|/(|g| + ε), computed here independently of the step.
            let expected = 0.001 * abs(gradient) / (abs(gradient) + 1e-7)
            #expect(abs(abs(firstStep) - expected) < 1e-6 * expected, "g = \(gradient): \(firstStep)")
            // The library's Float update follows the formula when |g| ≫ ε (it adds ε as Keras does,
            // before the bias correction, which shows only for gradients near ε).
            for row in table.rows where abs(gradient) > 1e-3 {
                #expect(abs(try #require(Double(row[6])) - (try #require(Double(row[7])))) < 1e-6)
            }
        }
    }

    @Test func inTheValleyAdamAndMomentumEndLowerThanPlainSGD() throws {
        let table = try #require(tables(try run(step("valley"))).first)
        let f = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[0], Double($0[4]) ?? .infinity) })
        #expect(try #require(f["Adam"]) < (try #require(f["SGD"])))
        #expect(try #require(f["momentum"]) < (try #require(f["SGD"])))
    }

    @Test func rawPixelsStartWithAMuchLargerLossThanScaledOnes() throws {
        let table = try #require(tables(try run(step("firstBatchLoss"))).first)
        let raw = try #require(Double(table.rows[0][1])), scaled = try #require(Double(table.rows[0][2]))
        #expect(raw > 2 * scaled)
    }

    @Test func sameSeedSameOutputs() throws {
        let first = try run(step("sgdVersusAdam"), ["steps": .integer(10)])
        let second = try run(step("sgdVersusAdam"), ["steps": .integer(10)])
        #expect(first == second)
    }

    /// Values `tutor check` accepts, at which a step once failed its own claim or printed a
    /// sentence its numbers contradict.
    @Test func stepsHoldTheirClaimsAtAwkwardValues() throws {
        func matrix(_ rows: [[Double]]) -> ParameterValue { .list(rows.map { .list($0.map(ParameterValue.number)) }) }
        // Cancelling weights: a sum near 0 of terms near 2.5e8, whose rounding scales with the terms.
        let cancelling = try run(step("onePixel"), ["kernel": matrix([[999999.7, -999999.7, 0], [0, 0, 0], [0, 0, 0]]),
                                                    "row": .integer(10), "column": .integer(12)])
        #expect(texts(cancelling).contains { $0.hasPrefix("The library's Conv2D gives") })
        // Every value negative, or none: the bins reach zero, and the counts add up.
        // (The histograms count the map the reluMap cell before them left.)
        func histogram(kernel: ParameterValue, digit: Int = 3, bins: Int = 16) throws -> String {
            let state = ChapterState()
            _ = try run(step("reluMap"), ["kernel": kernel, "digit": .integer(digit)], state: state)
            return texts(try run(step("reluHistogram"), ["bins": .integer(bins)], state: state)).joined()
        }
        let negative = matrix(Array(repeating: Array(repeating: -1, count: 15), count: 15))
        let allNegative = try histogram(kernel: negative)
        #expect(allNegative.contains("to the bar holding zero"), "\(allNegative)")
        let positive = matrix(Array(repeating: Array(repeating: 1, count: 15), count: 15))
        let noneNegative = try histogram(kernel: positive, digit: 0, bins: 4)
        #expect(noneNegative.contains("ReLU changed no bar: the map had no negative values."), "\(noneNegative)")
        // Two bars, zero's the first: no bar lies left of it (found by an exploration, which read
        // "ReLU emptied the bars left of zero's" here).
        let sobel = matrix([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
        let noBarLeft = try histogram(kernel: sobel, bins: 2)
        #expect(noBarLeft.contains("all of them in the bar holding zero already: no bar changed.")
                && !noBarLeft.contains("left of zero's"), "\(noBarLeft)")
        // An all-zero map: bars around 0, zero's in the middle.
        let zero = matrix([[0]])
        #expect(try histogram(kernel: zero, bins: 3).contains("ReLU changed no bar"))
        // One digit can be confidently right: said, not failed.
        for seed: UInt64 in [2, 10, 15] {
            let one = texts(try run(step("firstBatchLoss"), ["batchSize": .integer(1)], seed: seed)).joined()
            #expect(one.contains("The first raw-pixel batch costs"), "seed \(seed): \(one)")
        }
    }

    /// What an outside reviewer found false or ungrammatical at allowed values, now computed from
    /// the numbers printed beside it.
    @Test func sentencesAgreeWithTheNumbersBesideThemAtTheEdges() throws {
        func matrix(_ rows: [[Double]]) -> ParameterValue { .list(rows.map { .list($0.map(ParameterValue.number)) }) }
        // onePixel: the written sum is the sum of the terms as written (0.1·226 + … = 830, not
        // Float's 830.0001), and Float's own sum is said apart, as the library's is compared with it.
        let decimals = try run(step("onePixel"), ["kernel": matrix([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]),
                                                  "row": .integer(9), "column": .integer(11)])
        let equation = try #require(decimals.compactMap { if case .math(let m) = $0 { m } else { nil } }.first)
        var written = 0.0
        // Terms as written by hand: "= 0.1 \cdot 226 + 0.2 \cdot 3 - 0.4 \cdot 0", a negative weight subtracted.
        for term in equation.matches(of: /(= -|= |\+ |- )([0-9.]+(?:e-?[0-9]+)?) \\cdot (\d+)/) {
            written += (term.output.1.contains("-") ? -1 : 1) * Double(term.output.2)! * Double(term.output.3)!
        }
        #expect(equation.matches(of: /\\cdot/).count == 9 && !equation.contains("("), "\(equation)")
        // Sobel x's negative weights are subtracted: "- 1 \cdot", never "+ (-1) \cdot".
        let sobel = try #require(try run(step("onePixel"), [:]).compactMap { if case .math(let m) = $0 { m } else { nil } }.first)
        #expect(sobel.contains(" - 1 \\cdot") && !sobel.contains("(") && !sobel.contains("+ -"), "\(sobel)")
        #expect(equation.hasSuffix("= \(Format.short(written))"), "\(equation) against \(written)")
        // Float's sum, if it differs, is said, and it is the one the library's is compared with.
        if let float = texts(decimals).first(where: { $0.hasPrefix("In Float") }), let value = float.firstMatch(of: /add up to ([-0-9.e]+):/) {
            #expect(texts(decimals).contains { $0.contains("gives \(value.output.1) at row 9") }, "\(texts(decimals))")
        }

        // reluMap: one positive value is "the 1 positive one".
        let kernel = matrix([[-1, -1, 1, -1, -1]] + Array(repeating: [-1, -1, -1, -1, -1], count: 4))
        let relu = try run(step("reluMap"), ["kernel": kernel, "digit": .integer(0)])
        let counts = try #require(tables(relu).first)
        let (positive, zero) = (Int(counts.rows[2][1])!, Int(counts.rows[1][1])!)
        let sentence = texts(relu).joined()
        #expect(sentence.contains(positive == 1 ? "kept the 1 positive one," : positive == 0 ? "had no positive one to keep" : "kept the \(positive) positive ones"),
                "\(sentence)")
        #expect(!sentence.contains(" 1 positive ones") && !sentence.contains(" 1 zeros"), "\(sentence)")
        _ = zero

        // valley: end points that moved less than the fourth decimal are shown with the digits
        // that give the f beside them.
        let still = try run(step("valley"), ["learningRate": .number(0.000001), "adamLearningRate": .number(0.000001),
                                             "steps": .integer(1), "momentum": .number(0)])
        for row in try #require(tables(still).first).rows {
            let (x, y) = (try #require(Double(row[2])), try #require(Double(row[3])))
            #expect(Format.short((x * x + 25 * y * y) / 2) == row[4], "\(row)")
        }

        // firstBatchLoss with one digit: no talk of confident guesses that were wrong.
        for seed: UInt64 in [2, 25, 39] {
            let one = texts(try run(step("firstBatchLoss"), ["batchSize": .integer(1), "batches": .integer(3)], seed: seed)).joined()
            #expect(!one.contains("confident") && !one.contains(" of it") && !one.contains("costs 0.000,"), "seed \(seed): \(one)")
        }

        // adamSteps: a gradient near ε, where the library's (Keras') first step is not the formula's.
        let small = try run(step("adamSteps"), ["gradient": .number(0.00001), "steps": .integer(1)])
        let smallTable = try #require(tables(small).first)
        let libraryFirst = abs(try #require(Double(smallTable.rows[0][7])))
        let smallText = texts(small).joined()
        let keras = 0.001 * 0.00001 / (0.00001 + 1e-7 / (1 - 0.999).squareRoot())
        #expect(smallText.contains("The library's first step, as Keras', is η·|g|/(|g| + ε/√(1 − β2)) = \(Format.short(keras))"), "\(smallText)")
        #expect(abs(libraryFirst - keras) < 1e-3 * keras, "library \(libraryFirst), Keras' form \(keras)")
        let tiny = texts(try run(step("adamSteps"), ["gradient": .number(0.0000001), "steps": .integer(3)])).joined()
        #expect(tiny.contains("The library's θ differs from the formula's by") && !tiny.contains("to within"), "\(tiny)")
        #expect(!tiny.contains("computes in Float") && !smallText.contains("computes in Float"))
        // A gradient Float flushes to 0, or rounds: said, with what the library saw.
        let flushed = texts(try run(step("adamSteps"), ["gradient": .number(1e-300), "steps": .integer(2)])).joined()
        #expect(flushed.contains("The library computes in Float, where g = 1.000e-300 is 0: its weight never moves"), "\(flushed)")
        let rounded = texts(try run(step("adamSteps"), ["gradient": .number(-1e-44), "steps": .integer(2)])).joined()
        #expect(rounded.contains("where g = -1.000e-44 is -9.809e-45, 1.9% off"), "\(rounded)")
        // Found by an exploration: sentences that followed the formula, not the library's numbers.
        // g = 1e-44: m = 0.1·g rounds to 0 in Float, so the library's weight stays 0; said so.
        #expect(rounded.contains("the library's weight never moves") && rounded.contains("never leaves 0")
                && !rounded.contains("as Keras', is"), "\(rounded)")
        // g = 1e-40: m is below Float's normal range; the library's own first step is quoted.
        let subnormal = try run(step("adamSteps"), ["gradient": .number(1e-40), "steps": .integer(2)])
        let subnormalTable = try #require(tables(subnormal).first)
        let subnormalFirst = try #require(Double(subnormalTable.rows[0][7]))
        #expect(texts(subnormal).joined().contains("The library's own first step is \(Format.short(abs(subnormalFirst)))"),
                "\(texts(subnormal).joined())")
        // g = 1e-30: the library is 96% from the formula (ε's place); never "to within" a gap as large as θ.
        let far = texts(try run(step("adamSteps"), ["gradient": .number(1e-30), "steps": .integer(2)])).joined()
        #expect(far.contains("The library's θ differs from the formula's by") && !far.contains("to within"), "\(far)")
        // g = 0: nothing moves, exactly.
        let motionless = texts(try run(step("adamSteps"), ["gradient": .number(0), "steps": .integer(2)])).joined()
        #expect(motionless.contains("The library's θ is exactly the formula's."), "\(motionless)")
        // The book's g = 0.5: Float rounding only, a tiny fraction of θ.
        let usual = texts(try run(step("adamSteps"), ["gradient": .number(0.5)])).joined()
        #expect(usual.contains("The library's θ is the formula's to within "), "\(usual)")
    }

    /// Captions' numbers: none that two decimals would show as 0 when it is not, nor a trap for a huge one.
    @Test func compactNumbersNeverHideAValueOrTrap() {
        #expect(Format.compact(-2.6e-28) == "-2.600e-28" && Format.compact(0.0042) == "0.0042" && Format.compact(0.25) == "0.25")
        #expect(Format.compact(0) == "0" && Format.compact(12.6) == "13" && Format.compact(-3) == "-3")
        #expect(Format.compact(3e38) == "3.000e+38" && Format.compact(1e300) == "1.000e+300" && Format.compact(.infinity) == "inf")
        #expect(Format.compact(99_999.4) == "99999")
    }

    /// Short numbers keep at most six significant digits (a Float holds about seven) and four decimals.
    @Test func shortNumbersShowNoMoreDigitsThanAFloatHolds() {
        #expect(Format.short(Double(Float(69975.7422))) == "69975.7" && Format.short(1234.5678) == "1234.57")
        #expect(Format.short(0.0125) == "0.0125" && Format.short(123.45678) == "123.457" && Format.short(-99999.26) == "-99999.3")
        #expect(Format.short(5) == "5" && Format.short(0.5) == "0.5")
    }

    @Test func aProbabilityNeverRoundsToACertaintyItIsNot() {
        #expect(Format.probability(0.99996, digits: 1) == "over 99.9%")
        #expect(Format.probability(0.996, digits: 0) == "over 99%")
        // A softmax output Float rounded to 1 or 0 is still not a certainty.
        #expect(Format.probability(1, digits: 1) == "over 99.9%")
        #expect(Format.probability(0.00004, digits: 1) == "under 0.1%")
        #expect(Format.probability(0, digits: 0) == "under 1%")
        #expect(Format.probability(0.4567, digits: 1) == "45.7%")
    }

    /// A map whose values span less than 1 gets bars labelled with the digits that tell them apart.
    @Test func histogramLabelsTellTheBarsApart() throws {
        let state = ChapterState()
        _ = try run(step("reluMap"), ["kernel": .list([.list([.number(-0.001)])])], state: state)
        let charts = try run(step("reluHistogram"), ["bins": .integer(4)], state: state).compactMap {
            if case .barChart(let chart) = $0 { chart } else { nil }
        }
        let labels = try #require(charts.first).labels
        #expect(Set(labels).count == labels.count, "\(labels)")
    }

    /// A patch past the digit's edge is cut there, and its caption says so; one pixel is "row 27".
    @Test func aPatchPastTheEdgeSaysItWasCut() throws {
        let cut = try #require(tables(try run(step("showDigit"), ["top": .integer(27), "left": .integer(27), "size": .integer(14)])).first)
        #expect(cut.caption == "pixels of row 27, column 27 (the 14×14 patch asked for stops at the digit's bottom and right edges, 28×28)")
        // Only the rows run out: the columns are cut to keep it square, and the caption says which edge.
        let rows = try #require(tables(try run(step("showDigit"), ["top": .integer(20), "left": .integer(0), "size": .integer(14)])).first)
        #expect(rows.caption == "pixels of rows 20-27, columns 0-7 (the 14×14 patch asked for stops at the digit's bottom edge, and stays square, 28×28)")
        #expect(cut.rows.count == 1)
        let whole = try #require(tables(try run(step("showDigit"))).first)
        #expect(whole.caption == "pixels of rows 8-15, columns 8-15")
        let partly = try #require(tables(try run(step("showDigit"), ["top": .integer(20), "size": .integer(10)])).first)
        #expect(partly.caption.hasPrefix("pixels of rows 20-27, columns 8-15 (the 10×10 patch") && partly.rows.count == 8, "\(partly.caption)")
    }

    /// The map a kernel makes is named as a reader would say it: "the sobelX map", "your kernel's
    /// map" for a matrix (not "the your kernel map"), in the histograms that count it.
    @Test func theHistogramNamesTheMapItCounts() throws {
        func captions(kernel: ParameterValue) throws -> [String] {
            let state = ChapterState()
            _ = try run(step("reluMap"), ["kernel": kernel], state: state)
            return try run(step("reluHistogram"), state: state).compactMap {
                if case .barChart(let chart) = $0 { return chart.caption } else { return nil }
            }
        }
        let named = try captions(kernel: .string("sobelY"))
        #expect(named.first?.contains("values of the sobelY map of digit 3") == true, "\(named)")
        let rows: [[Double]] = [[0, 1, 0], [1, -4, 1], [0, 1, 0]]
        let matrix = try captions(kernel: .list(rows.map { .list($0.map(ParameterValue.number)) }))
        #expect(matrix.first?.contains("values of your kernel's map of digit 3") == true, "\(matrix)")
        #expect(!(named + matrix).contains { $0.contains("the your") })
    }

    /// Equal heights are named as a tie, not ranked; one step is "1 step".
    @Test func theValleyNamesTiesAsTies() throws {
        let momentumOff = texts(try run(step("valley"), ["momentum": .number(0)])).joined()
        #expect(momentumOff.contains("then SGD and momentum, tied (") || momentumOff.contains("SGD and momentum are lowest, tied"), "\(momentumOff)")
        let oneStep = texts(try run(step("valley"), ["steps": .integer(1)])).joined()
        #expect(oneStep.contains("After 1 step, ") && !oneStep.contains("1 steps"), "\(oneStep)")
        let tiny = texts(try run(step("valley"), ["learningRate": .number(0.000001), "steepness": .number(1)])).joined()
        #expect(tiny.contains("1 − η·a = 0.999999: y shrinks."), "\(tiny)")
    }

    /// With η = 10 and a = 1, SGD multiplies x and y by −9 each step: from x = −4.5, |x| first passes
    /// 10^6 at step 6 (4.5 · 9^6 ≈ 2.4 · 10^6, 4.5 · 9^5 ≈ 2.7 · 10^5). The sentence names the step
    /// that left the square, and the table the steps kept before it.
    @Test func theValleyNamesTheStepThatLeftTheSquare() throws {
        let outputs = try run(step("valley"), ["steepness": .number(1), "steps": .integer(100), "learningRate": .number(10),
                                               "momentum": .number(0), "adamLearningRate": .number(0.1)])
        var x: Double = -4.5, leaving = 0
        for k in 1...100 where leaving == 0 {
            x *= 1 - 10 * 1
            if abs(x) > 1_000_000 { leaving = k }
        }
        #expect(leaving == 6)
        let text = texts(outputs).joined()
        #expect(text.contains("SGD diverged: step \(leaving) took it out of the square |x|, |y| ≤ 10^6, so its path stops after step \(leaving - 1)."),
                "\(text)")
        let table = try #require(tables(outputs).first)
        #expect(table.rows.first { $0[0] == "SGD" }?[1] == "\(leaving - 1)")
        // Every optimizer that leaves it opens its sentence with a capital, momentum too.
        let all = texts(try run(step("valley"), ["steepness": .number(1000), "steps": .integer(1000), "learningRate": .number(10),
                                                 "momentum": .number(0.999), "adamLearningRate": .number(10)])).joined()
        #expect(all.contains("Momentum diverged: step") && !all.contains(". momentum"), "\(all)")
    }

    /// The sentence on SGD across the valley says what y ← (1 − η·a)·y does, measured over a few
    /// steps: whether y changes sign, and whether its size shrinks, stays or grows.
    @Test(arguments: [0.07, 0.08, 0.1, 0.04, 0.02, 0.01])
    func theValleySentenceSaysWhatRepeatedStepsDoToY(learningRate: Double) throws {
        let text = texts(try run(step("valley"), ["learningRate": .number(learningRate), "steepness": .number(25)])).joined()
        var y = 1.0, flips = 0
        // The factor as plain SGD applies it, in Float: y₁ = y₀ − η·(a·y₀) from y₀ = 1.5 (with η = 0.08,
        // Double's 1 − η·a is −1.0000000000000004, while Float's step gives exactly −1).
        let factor = Double(Float(1.5) - Float(learningRate) * (25 * Float(1.5))) / 1.5
        for _ in 0..<4 {
            let next = factor * y
            if next * y < 0 { flips += 1 }
            y = next
        }
        #expect(text.contains("changes sign at every step") == (flips == 4), "\(factor): \(text)")
        let size = abs(y) < 1 ? "shrinks" : abs(y) == 1 ? "neither shrinks nor grows" : "grows"
        #expect(text.contains(size), "\(factor): \(text)")
        #expect(text.contains("cannot settle") == (abs(y) > 1), "\(factor): \(text)")
    }

    /// A split whose percent rounds to 0 or 100 still says how many images were held out.
    @Test func aTinySplitSaysHowManyImagesItHeldOut() throws {
        let mnist = try mnistDirectory()
        for (split, words) in [(0.001, "the last 60 images (0.10%) held out"), (1e-17, "nothing held out")] {
            let outputs = try run(step("trainVariant"), ["model": .identifier("dense"), "epochs": .integer(1), "validationSplit": .number(split)],
                                  mnist: mnist)
            #expect(texts(outputs).first?.contains("batches of 64, \(words), learning from") == true, "\(texts(outputs).first ?? "")")
        }
    }

    /// A data folder whose test files are its training files: the book says so beside the test
    /// accuracy, as `tutor train` does (found by an exploration: the page stated 100.00% in silence).
    @Test func aTestSetThatIsTheTrainingSetIsSaidBesideItsAccuracy() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (kind, names) in [("images-idx3-ubyte", ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte"]),
                              ("labels-idx1-ubyte", ["train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"])] {
            for name in names {
                try FileManager.default.copyItem(at: sampleDirectory.appendingPathComponent("sample-\(kind).gz"),
                                                 to: folder.appendingPathComponent(name + ".gz"))
            }
        }
        let outputs = try run(step("trainMNIST"), ["epochs": .integer(1), "batchSize": .integer(50)], mnist: folder)
        #expect(texts(outputs).contains { $0.hasPrefix("The test file holds the same 500 images as the training file") }, "\(texts(outputs))")
        // The real sets are not the same.
        let real = try run(step("trainVariant"), ["model": .identifier("dense"), "epochs": .integer(1)], mnist: try mnistDirectory())
        #expect(!texts(real).contains { $0.contains("holds the same") })
    }

    @Test func theComparisonSaysHowEachRunWasTrainedNotHowTheReferenceWas() throws {
        let mnist = try mnistDirectory(), state = ChapterState()
        _ = try run(step("trainMNIST"), ["epochs": .integer(1)], state: state, mnist: mnist)
        _ = try run(step("trainVariant"), ["model": .identifier("dense"), "epochs": .integer(2), "validationSplit": .number(0.1)],
                    state: state, mnist: mnist)
        let table = try #require(tables(try run(step("compareRuns"), state: state, mnist: mnist)).first)
        #expect(table.caption == "the runs, each trained as its row says")
        #expect(table.rows.map { $0[2] } == ["1 epoch of Adam, batches of 64, the last 12000 images (20%) held out",
                                             "2 epochs of Adam, batches of 64, the last 6000 images (10%) held out"])
        let outputs = try run(step("compareRuns"), state: state, mnist: mnist)
        let verdict = try #require(texts(outputs).last)
        #expect(verdict.contains("They were not trained the same way"))
        // The dense run's 2 epochs do not fit the chart's axis of 1: said, not dropped in silence.
        #expect(texts(outputs).contains("Not on the chart: Dense only, pixels / 255 (2 epochs of validation, where the chart's axis has the 1 of CNN)."),
                "\(texts(outputs))")
    }

    /// Sentences that fit every value a control offers (found by an exploration of the pages).
    @Test func sentencesFitEveryValueTheControlsOffer() throws {
        // reluMap: a blur has no negative value: "changed nothing", not "set 0 of 676 (0.0%)".
        let blur = texts(try run(step("reluMap"), ["kernel": .identifier("boxBlur")])).joined()
        #expect(blur.contains("ReLU changed nothing: the map had no negative value") && !blur.contains("set 0 of"), "\(blur)")
        // lossExamples: moving the true class changes no loss, and the step says why.
        let examples = texts(try run(step("lossExamples"), ["label": .integer(7)])).joined()
        #expect(examples.contains("the three losses are the same to the last digit"), "\(examples)")
        // featureMaps: the network's answer is called right or wrong against the label.
        let mnist = try mnistDirectory(), state = ChapterState()
        _ = try run(step("trainMNIST"), ["epochs": .integer(1)], state: state, mnist: mnist)
        var verdicts: Set<String> = []
        let test = try MNIST.test(in: mnist)
        for index in 0..<40 {
            let text = texts(try run(step("featureMaps"), ["index": .integer(index)], state: state, mnist: mnist)).joined()
            let answer = try #require(text.firstMatch(of: /answers (\d) with probability [^,]+, (which is right|but the label is (\d))\./), "\(text)")
            let label = test.label(at: index)
            #expect((answer.output.2 == "which is right") == (Int(answer.output.1)! == label), "\(text)")
            verdicts.insert(String(answer.output.2.prefix(5)))
        }
        #expect(verdicts == ["which", "but t"], "a one-epoch network gets some of the first 40 test digits wrong: \(verdicts)")
    }

    /// Every run of a chapter is compared: a second run of the same model is numbered, not put
    /// in the first's place, and a CNN names its filters when they are not the reference's 4.
    @Test func everyRunIsComparedAndToldApart() throws {
        let mnist = try mnistDirectory(), state = ChapterState()
        for filters in [1, 1, 4] {
            _ = try run(step("trainMNIST"), ["epochs": .integer(1), "filters": .integer(filters)], state: state, mnist: mnist)
        }
        let table = try #require(tables(try run(step("compareRuns"), state: state, mnist: mnist)).first)
        #expect(table.rows.map { $0[0] } == ["CNN, 1 filter", "CNN, 1 filter, run 2", "CNN"], "\(table.rows)")
        #expect(Runs.name(dense: true, filters: 8, normalize: true, sayPixels: true) == "Dense only, pixels / 255")
    }

    /// The steps after the training run the trained model on the test digits scaled as it
    /// learned them: the confusion matrix's diagonal and the count of mistakes agree with the
    /// test accuracy the training printed, with pixels / 255 or raw.
    @Test(arguments: [true, false])
    func theStepsAfterTheTrainingAgreeWithItsTestAccuracy(_ normalize: Bool) throws {
        let mnist = try mnistDirectory(), state = ChapterState()
        let training = try run(step("trainMNIST"), ["epochs": .integer(1), "batchSize": .integer(256), "validationSplit": .number(0.5),
                                                    "filters": .integer(2), "normalize": .identifier(normalize ? "true" : "false")], state: state, mnist: mnist)
        let accuracy = try #require(texts(training).compactMap { text in
            text.firstRange(of: "Test accuracy on the 10000 test digits: ").map { String(text[$0.upperBound...].dropLast()) }
        }.first)
        let diagonal = try #require(texts(try run(step("confusionMatrix"), state: state, mnist: mnist)).compactMap { text in
            text.firstRange(of: "The diagonal holds ").flatMap { Int(text[$0.upperBound...].prefix { $0.isNumber }) }
        }.first)
        #expect(Format.percent(Double(diagonal) / 10000) == accuracy, "diagonal \(diagonal), accuracy \(accuracy)")
        let mistakes = try #require(texts(try run(step("misclassified"), state: state, mnist: mnist)).compactMap { text in
            Int(text.prefix { $0.isNumber })
        }.first)
        #expect(mistakes == 10000 - diagonal)
        // One mistake shown is "mistake", not "Mistakes 410 to 410" or "The first 1".
        let first = texts(try run(step("misclassified"), ["count": .integer(1)], state: state, mnist: mnist)).joined()
        #expect(first.contains("The first mistake, captioned"), "\(first)")
        let last = texts(try run(step("misclassified"), ["from": .integer(mistakes - 1), "count": .integer(10)],
                                 state: state, mnist: mnist)).joined()
        #expect(last.contains("Mistake \(mistakes), captioned"), "\(last)")
    }

    /// A measured value in a table is never shown as zero when it is not: a softmax probability of
    /// 1.04e-9 was "0.0000" beside its bar.
    @Test func aMeasuredValueThatIsNotZeroIsNotShownAsZero() throws {
        #expect(Format.measured(1.04e-9, digits: 4) == "1.040e-09" && Format.measured(-2e-5, digits: 3) == "-2.000e-05")
        #expect(Format.measured(0.12345, digits: 3) == "0.123" && Format.measured(0, digits: 2) == "0.00")
        let outputs = try run(step("firstBatchLoss"), ["batches": .integer(1), "batchSize": .integer(1)], seed: 2)
        for table in tables(outputs) {
            for row in table.rows { #expect(!row.dropFirst().contains { Double($0) == 0 }, "\(row)") }
        }
    }

    /// "The most common mistake" is said only of a mistake made more often than every other; ties
    /// are named as ties (a test set of 12 digits with two mistakes made once each once read
    /// "the most common mistake: 1 test digit 5 read as 6").
    @Test func theMostCommonMistakeIsOnlySaidOfOneAndTiesAreNamed() {
        func counts(_ entries: [(Int, Int, Double)]) -> [Double] {
            var counts = [Double](repeating: 0, count: 100)
            for d in 0..<10 { counts[d * 11] = 50 }  // the diagonal never counts as a mistake
            for (r, c, n) in entries { counts[r * 10 + c] = n }
            return counts
        }
        #expect(Lessons.mostCommonMistakes(counts([])) == "the network makes no mistakes on them")
        #expect(Lessons.mostCommonMistakes(counts([(4, 9, 7), (7, 2, 3)])) == "the most common mistake: 7 test digits 4 read as 9")
        #expect(Lessons.mostCommonMistakes(counts([(5, 6, 1), (3, 8, 1)]))
                == "2 mistakes are the most common, tied at 1 test digit each: 3 read as 8 and 5 read as 6")
        #expect(Lessons.mostCommonMistakes(counts([(0, 1, 2), (1, 0, 2), (2, 3, 2), (9, 8, 2), (8, 9, 2), (5, 5, 0), (6, 1, 1)]))
                == "5 mistakes are the most common, tied at 2 test digits each: 0 read as 1, 1 read as 0, 2 read as 3, 8 read as 9 and 1 more")
    }

    @Test func aStepThatNeedsAnEarlierCellSaysWhichValueIsMissing() {
        #expect(throws: StepError.missingState("sampleModel")) {
            try run(step("softmaxDigit"))
        }
    }
}

/// Chapter state no step of the course leaves (read back from a cache entry changed by hand):
/// the cell that reads it fails with a message, and nothing stops the program.
@Suite struct StoredStateTests {
    func failure(_ name: String, _ state: ChapterState, _ overrides: [String: ParameterValue] = [:]) -> String? {
        do {
            _ = try run(step(name), overrides, state: state)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func modelsOfAnotherShapeFailTheCellsThatReadThem() throws {
        // A dense network where the steps after trainSample expect the CNN (they read its layers
        // by position), and a CNN of the right layers on 10x10 images.
        let state = ChapterState()
        try state.set("sampleModel", Sequential.denseModel())
        try state.set("logits", [Float](repeating: 0, count: 10))
        let message = try #require(failure("softmaxDigit", state))
        #expect(message.contains("'sampleModel'") && message.contains("Conv2D, ReLU, Flatten, Dense, Softmax"), "\(message)")
        var generator = Xoshiro256StarStar(seed: 1)
        let small = Sequential(inputShape: [10, 10, 1], layers: [Conv2D(filters: 2, kernelSize: 3, inputChannels: 1, generator: &generator),
                                                                 ReLU(), Flatten(), Dense(units: 10, inputs: 128, generator: &generator), Softmax()])
        try state.set("sampleModel", small)
        #expect(try #require(failure("softmaxDigit", state)).contains("[10, 10, 1]"))
    }

    @Test func logitsAndLabelsNoStepLeavesFailTheirCells() throws {
        let state = ChapterState()
        try state.set("logits", [Float]())
        try state.set("label", 3)
        #expect(failure("softmaxOverflow", state) != nil)
        #expect(failure("softmaxTemperature", state) != nil)
        try state.set("logits", [Float.nan, 1])
        #expect(failure("softmaxOverflow", state) != nil)
        try state.set("logits", [Float](repeating: 1, count: 10))
        try state.set("label", 12)
        #expect(try #require(failure("softmaxTemperature", state)).contains("'label'"))
        try state.set("label", 2)
        #expect(failure("softmaxTemperature", state) == nil)
        // Any number of classes draws: three logits, three bars.
        try state.set("logits", [Float]([1, 2, 3]))
        #expect(failure("softmaxTemperature", state) == nil)
    }

    @Test func aFeatureMapOfNoValuesOrNaNFailsTheHistogram() throws {
        let state = ChapterState()
        for values in [[Float](), [1, .nan, 2]] {
            try state.set(FeatureMap.stateKey, FeatureMap(values: values, name: "m"))
            #expect(try #require(failure("reluHistogram", state)).contains("'\(FeatureMap.stateKey)'"))
        }
        try state.set(FeatureMap.stateKey, FeatureMap(values: [-1, 0, 2], name: "m"))
        #expect(failure("reluHistogram", state) == nil)
    }
}
