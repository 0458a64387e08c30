import Book
import Foundation
@testable import Lessons
import Testing

/// The kernel parameter is the CNN course's own type, declared in Lessons and checked by the runner.
@Suite struct KernelParameterTests {
    let kind = KernelParameter(named: NamedKernels.names)

    @Test func aNamedKernelOrAnOddSquareMatrixIsAcceptedInCanonicalForm() {
        #expect(kind.check(.identifier("sobelX")) == .success(.identifier("sobelX")))
        #expect(kind.check(.string("sobelX")) == .success(.identifier("sobelX")))
        // Integer weights become numbers, so `[[1]]` and `[[1.0]]` share a cache entry.
        #expect(kind.check(.list([.list([.integer(1)])])) == .success(.list([.list([.number(1)])])))
    }

    @Test func everyOtherValueIsRefusedSayingWhatIsAccepted() {
        func square(_ side: Int, _ weight: ParameterValue = .integer(0)) -> ParameterValue {
            .list(Array(repeating: .list(Array(repeating: weight, count: side)), count: side))
        }
        let refused: [ParameterValue] = [
            .identifier("sobelZ"), square(2), square(KernelParameter.maximumSide + 2), .list([]),
            square(3, .number(2e6)), .list([.list([.integer(1), .integer(2)])]), .integer(3),
            // Below Float's normal numbers a weight is held only roughly (3e-45 becomes 2.8e-45),
            // and the written-out products would not be the ones computed.
            square(1, .number(3e-45)), square(3, .number(-1e-40)), square(1, .number(9e-31)),
        ]
        for value in refused {
            guard case .failure(let failure) = kind.check(value) else { Issue.record("accepted \(value)"); continue }
            #expect(failure.expected.hasPrefix("one of: identity, boxBlur"), "\(failure.expected)")
            #expect(failure.expected.contains("an odd side up to 15"))
        }
        if case .failure(let failure) = kind.check(.identifier("sobelZ")) { #expect(failure.suggestion != nil) }
        #expect(kind.check(square(1, .number(1e-30))) == .success(square(1, .number(1e-30))))
        #expect(kind.check(square(3, .number(-1e6))) == .success(square(3, .number(-1e6))))
    }

    @Test func theStepsDeclareItAsACustomTypeListedAsBefore() throws {
        let spec = try #require(Lessons.registry.step(named: "onePixel")?.parameter(named: "kernel"))
        #expect(spec.type.summary == (NamedKernels.names + ["[[matrix]]"]).joined(separator: "|"))
        guard case .custom(let custom) = spec.type else { Issue.record("kernel is not a custom type"); return }
        #expect(custom.kind.domain == .choices(NamedKernels.names))
    }
}
