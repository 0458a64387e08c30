import Book
import CNN

/// What the chapter's cells leave each other in the chapter state, read back and checked.
///
/// The state is saved in the cache and read back from it. A value no step of this course could
/// have left there (an entry changed by hand, say) fails the reading cell with a message, as any
/// step's error does, rather than stopping the program at an index out of range.
enum StoredState {
    /// The trained model under `key`: Conv2D, ReLU, Flatten, Dense, Softmax on 28x28 digits, giving
    /// 10 probabilities, as `trainSample` leaves it (the steps after it read its layers by position).
    static func digitModel(_ cell: CellContext, _ key: String) throws -> Sequential {
        try checkedDigitModel(try cell.state.get(Sequential.self, key), key)
    }

    /// The model `trainMNIST` leaves under "model", with how its pixels were scaled.
    static func trainedModel(_ cell: CellContext) throws -> TrainedModel {
        let trained = try cell.state.get(TrainedModel.self, TrainedModel.stateKey)
        _ = try checkedDigitModel(trained.model, TrainedModel.stateKey)
        return trained
    }

    private static func checkedDigitModel(_ model: Sequential, _ key: String) throws -> Sequential {
        let layers = model.layers
        guard model.inputShape == MNIST.imageShape, model.outputShape == [10], layers.count == 5,
              layers[0] is Conv2D, layers[1] is ReLU, layers[2] is Flatten, layers[3] is Dense, layers[4] is Softmax else {
            throw unexpected(key, "a model of \(layers.map(\.name).joined(separator: ", ")) from \(model.inputShape) to \(model.outputShape)",
                             expected: "Conv2D, ReLU, Flatten, Dense, Softmax from 28x28 digits to 10 probabilities")
        }
        return model
    }

    /// The logits of one digit, as `softmaxDigit` leaves them (10; the steps after it take any
    /// number of classes).
    static func logits(_ cell: CellContext) throws -> [Float] {
        let logits = try cell.state.get([Float].self, "logits")
        guard !logits.isEmpty, logits.allSatisfy(\.isFinite) else {
            throw unexpected("logits", "\(logits.count) numbers, \(logits.filter { !$0.isFinite }.count) of them not finite",
                             expected: "finite logits")
        }
        return logits
    }

    /// That digit's true class.
    static func label(_ cell: CellContext) throws -> Int {
        let label = try cell.state.get(Int.self, "label")
        guard (0..<10).contains(label) else { throw unexpected("label", "the class \(label)", expected: "a class from 0 to 9") }
        return label
    }

    /// The feature map `reluMap` leaves for `reluHistogram`.
    static func featureMap(_ cell: CellContext) throws -> FeatureMap {
        let map = try cell.state.get(FeatureMap.self, FeatureMap.stateKey)
        guard !map.values.isEmpty, map.values.allSatisfy(\.isFinite) else {
            throw unexpected(FeatureMap.stateKey, "\(map.values.count) values, \(map.values.filter { !$0.isFinite }.count) of them not finite",
                             expected: "a map of finite values")
        }
        return map
    }

    static func unexpected(_ key: String, _ found: String, expected: String) -> StepError {
        .failed("the chapter state holds \(found) under '\(key)', where this step expects \(expected): "
                + "no cell of this course leaves that; rebuild with --no-cache")
    }
}

/// A model trained on the full MNIST, and the scaling of the pixels it learned from.
///
/// A network answers well only on pixels scaled as in its training: one trained on pixels / 255
/// reads raw pixels (up to 255 times larger) as saturated strokes, and its mistakes, confusion
/// matrix and feature maps would contradict the test accuracy its training cell printed. So the
/// steps that run it on test digits take them from `testDigits`, scaled as it learned.
struct TrainedModel: Codable {
    static let stateKey = "model"

    var model: Sequential
    /// Pixels divided by 255 (0...1) in training, or raw (0...255).
    var normalized: Bool

    /// The 10,000 test digits, scaled as the model learned.
    func testDigits(_ cell: CellContext) throws -> MNIST {
        try Datasets.test(cell).normalized(normalized)
    }
}
