import Book
import CNN

/// How chapter 3 splits the sample: the first four fifths to train on, the last fifth held out
/// (400 and 100 of the 500 digits shipped). A sample of any size from 2 digits up is split the
/// same way, with at least one digit on each side.
struct SampleSplit {
    let training: Range<Int>
    let heldOut: Range<Int>

    init(_ sample: MNIST) throws {
        guard sample.count >= 2 else {
            throw StepError.failed("the sample holds \(Datasets.describe(sample.count)): training needs at least 2, "
                                   + "one to train on and one held out")
        }
        let held = max(1, sample.count / 5)
        training = 0 ..< sample.count - held
        heldOut = sample.count - held ..< sample.count
    }

    /// "#400-#499", or "#1" for one digit.
    static func describe(_ range: Range<Int>) -> String {
        range.count == 1 ? "#\(range.lowerBound)" : "#\(range.lowerBound)-#\(range.upperBound - 1)"
    }

    /// `index`, checked to be a held-out digit of the sample: the model never trained on it.
    func heldOut(_ index: Int, in sample: MNIST) throws -> Int {
        _ = try Datasets.checked(index, in: sample)
        guard heldOut.contains(index) else {
            throw StepError.failed("sample #\(index) is one the model trained on; the held-out digits are \(Self.describe(heldOut))")
        }
        return index
    }
}
