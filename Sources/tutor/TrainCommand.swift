import ArgumentParser
import CNN
import Book
import Foundation
import Lessons

/// `tutor train`: the book's reference experiment from the command line, with Keras' log.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train Conv2D -> ReLU -> Flatten -> Dense(10) -> Softmax on MNIST and report its accuracy.",
        discussion: """
            The defaults are the book's reference run, as in Keras: 5 epochs of Adam on batches of 64, the \
            last 20% of the 60,000 training images held out for validation, 4 filters of 3x3, raw pixels \
            0-255, seed 1. The same settings and seed give the same figures on every run. The test-set \
            accuracy is measured on the 10,000 test images after training.
            """)

    // Numbers are parsed .unconditional, so that `--batch-size -1` reaches validate() instead of
    // reading as a missing value followed by an option named "-1". Each range is stated once,
    // below, and used by both the help and validate().
    @Option(parsing: .unconditional, help: "Passes over the training images: \(Self.epochsRange).")
    var epochs = 5

    @Option(parsing: .unconditional, help: "Images per gradient step: \(Self.batchSizeRange).")
    var batchSize = 64

    @Option(parsing: .unconditional, help: "Fraction of the training file held out for validation: its last images, as Keras takes them; \(Self.validationSplitRange).")
    var validationSplit = 0.2

    @Option(parsing: .unconditional, help: "Number of convolution filters: \(Self.filtersRange).")
    var filters = 4

    @Option(parsing: .unconditional, help: "Height and width of each filter: an odd number, \(Self.kernelSizeRange).")
    var kernelSize = 3

    @Option(parsing: .unconditional, help: "Seed of the initial weights and of the shuffling: \(SeedArgument.range).")
    var seed = SeedArgument(1)

    @Flag(help: "Divide pixels by 255 (0...1) instead of feeding them raw (0...255).")
    var normalize = false

    @Option(help: ArgumentHelp("The MNIST directory (default: $TUTOR_DATA, then data/mnist).", valueName: "dir"))
    var data: String?

    @Option(help: "adam or sgd.")
    var optimizer: OptimizerName = .adam

    @Option(parsing: .unconditional, help: "Step size: above 0, at most \(Self.largestLearningRate) (default: Keras', 0.001 for adam and 0.01 for sgd).")
    var learningRate: TypedNumber?

    @Flag(help: "Print one JSON object (settings, per-epoch history, test accuracy, training seconds) instead of the log.")
    var json = false

    enum OptimizerName: String, ExpressibleByArgument, CaseIterable, Codable {
        case adam, sgd
    }

    static let epochsRange = Bound(1, 1000)
    /// No larger than the training file.
    static let batchSizeRange = Bound(1, 60_000)
    /// At most 0.99, so at least 600 images are left to train on.
    static let validationSplitRange = Bound(0.0, 0.99)
    static let filtersRange = Bound(1, 256)
    /// A filter no larger than the 28x28 digit, odd so it has a centre pixel.
    static let kernelSizeRange = Bound(1, 27)
    /// Beyond this, Adam and SGD only diverge.
    static let largestLearningRate: Double = 10

    /// JSON with every character a terminal could act on (U+202E in a folder's name, say) written as
    /// a JSON escape, `\u202e`: the same value to a JSON reader, where the stream's own guard
    /// (`TerminalSafeText`) would write the six letters "U+202E" into the string instead. Such
    /// characters are only ever inside strings: JSON's own syntax is ASCII. (All of them are below
    /// U+FFFF, so one `\\uXXXX` escape each.)
    static func terminalSafe(json: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if TerminalSafeText.isControl(scalar) {
                out.append(contentsOf: ("\\u" + Excerpt.hexadecimal(of: scalar, uppercase: false)).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The seed, checked in range by `validate` (which ArgumentParser runs before `run`).
    private var seedValue: UInt64 { seed.value ?? 1 }

    func validate() throws {
        func check<Value>(_ option: String, _ value: Value, _ bound: Bound<Value>) throws {
            guard bound.contains(value) else { throw ValidationError("\(option) must be \(bound) (got \(value)).") }
        }
        try check("--epochs", epochs, Self.epochsRange)
        try check("--batch-size", batchSize, Self.batchSizeRange)
        try check("--validation-split", validationSplit, Self.validationSplitRange)
        try check("--filters", filters, Self.filtersRange)
        try check("--kernel-size", kernelSize, Self.kernelSizeRange)
        guard kernelSize % 2 == 1 else {
            throw ValidationError("--kernel-size must be odd, \(Self.kernelSizeRange) (got \(kernelSize)): a filter needs a centre pixel.")
        }
        _ = try seed.validated("--seed")
        try BookOptions.requireNonEmpty(data, "--data")
        // Checked as typed (a Double), so that 10.0000001 is not rounded to 10 first; then as the
        // 32-bit float training uses, which holds nothing below about 1e-45.
        if let typed = learningRate, case let learningRate = typed.value,
           !(learningRate > 0 && learningRate <= Self.largestLearningRate) || Float(learningRate) == 0 {
            // Above 0 as typed, but 0 once a float: 1e-400 is 0 even as a Double.
            let tooSmall = learningRate <= Self.largestLearningRate && !(learningRate < 0)
                && (learningRate > 0 || typed.namesANonzeroNumber)
            let got = tooSmall ? "\(typed.text), too small for a 32-bit float, below about 1e-45" : typed.text
            throw ValidationError("--learning-rate must be above 0 and at most \(Self.largestLearningRate) (got \(got)).")
        }
    }

    func run() throws {
        let directory = DataLocation.resolve(option: data)
        let train: MNIST, test: MNIST
        do {
            (train, test) = try MNIST.trainingAndTest(in: directory, normalize: normalize)
        } catch {
            printError("tutor: error: \(error)")
            if case .missingFile = error {
                printError(DataInstructions.whereToPut(directory))
                printError("`tutor data` downloads them where the machine has a network.")
            }
            throw ExitCode.failure
        }
        DataInstructions.ignoredCopies(in: directory).forEach(printError)
        // Valid MNIST files may hold any number of images (at least one: `MNIST` refuses empty ones);
        // too few leave none to learn from after the split.
        guard Sequential.trainingCount(of: train.count, validationSplit: validationSplit) > 0 else {
            printError("tutor: error: --validation-split \(validationSplit) leaves none of the \(train.count) training images "
                       + "in \(directory.path) to train on.")
            throw ExitCode.failure
        }

        if train.holdsTheSameImages(as: test) {
            printError("tutor: warning: the training and the test files in \(directory.path) hold the same \(test.count) images: "
                       + "the test accuracy will measure what the model saw in training, not how it does on digits it has not seen. "
                       + "`tutor data` checks the files against MNIST's own.")
        }
        if let swapped = DataAdvice.swappedSets(training: train.count, test: test.count) {
            printError("tutor: warning: in \(directory.path), " + swapped)
        }
        var model = Sequential.referenceModel(filters: filters, kernelSize: kernelSize, seed: seedValue)
        let progress = TrainProgress.forStandardOutput(json: json)
        let history: History
        switch optimizer {
        case .adam:
            history = fit(&model, train, Adam(learningRate: learningRate.map { Float($0.value) } ?? 0.001), progress)
        case .sgd:
            history = fit(&model, train, SGD(learningRate: learningRate.map { Float($0.value) } ?? 0.01), progress)
        }
        let evaluation = model.evaluate(test, batchSize: batchSize)

        if json {
            // Times to the microsecond: a clock's reading has no more, and 0.33681547300000003 reads as noise.
            func microseconds(_ seconds: Double) -> Double { (seconds * 1e6).rounded() / 1e6 }
            let epochs = history.epochs.map { record in
                var timed = record
                timed.seconds = microseconds(record.seconds)
                return timed
            }
            let trained = Sequential.trainingCount(of: train.count, validationSplit: validationSplit)
            let report = Report(settings: settings(directory, trainingImages: trained),
                                trainingImages: trained, validationImages: train.count - trained, history: epochs,
                                testLoss: evaluation.loss, testAccuracy: evaluation.accuracy,
                                trainingSeconds: microseconds(history.seconds))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try StandardStream.output.write(Self.terminalSafe(json: String(decoding: try encoder.encode(report), as: UTF8.self)) + "\n")
        } else {
            try printOutput("Test accuracy: \(String(format: "%.4f", evaluation.accuracy)) (loss \(String(format: "%.4f", evaluation.loss)), "
                            + "\(test.count) image\(test.count == 1 ? "" : "s"))")
            try printOutput("Total training time: \(String(format: "%.2f", history.seconds)) s")
        }
    }

    private func fit(_ model: inout Sequential, _ train: MNIST, _ optimizer: some Optimizer, _ progress: TrainProgress) -> History {
        let epochs = self.epochs
        return model.fit(train, epochs: epochs, batchSize: batchSize, validationSplit: validationSplit,
                         shuffle: true, seed: seedValue, optimizer: optimizer,
                         onBatch: json ? nil : { progress.batchDone($0) },
                         onEpoch: json ? nil : { progress.epochDone($0, epochs: epochs) })
    }

    /// The settings the run used: a batch larger than the images trained on is all of them.
    private func settings(_ directory: URL, trainingImages: Int) -> Settings {
        Settings(epochs: epochs, batchSize: min(batchSize, trainingImages), validationSplit: validationSplit, filters: filters,
                 kernelSize: kernelSize, seed: seedValue, normalize: normalize, optimizer: optimizer,
                 learningRate: learningRate.map { Float($0.value) } ?? (optimizer == .adam ? 0.001 : 0.01), data: directory.path)
    }

    /// What `--json` prints.
    struct Report: Codable {
        var settings: Settings
        /// The training file's images the run learned from, and those it held out.
        var trainingImages: Int
        var validationImages: Int
        var history: [EpochRecord]
        var testLoss: Double
        var testAccuracy: Double
        var trainingSeconds: Double
    }

    struct Settings: Codable {
        var epochs: Int
        var batchSize: Int
        var validationSplit: Double
        var filters: Int
        var kernelSize: Int
        var seed: UInt64
        var normalize: Bool
        var optimizer: OptimizerName
        var learningRate: Float
        var data: String
    }
}

/// A number given on the command line, kept as typed as well as parsed: a message quotes what was
/// typed (1e-400 parses as 0, 1e500 as inf).
struct TypedNumber: ExpressibleByArgument {
    let text: String
    let value: Double

    init?(argument: String) {
        guard let value = Double(argument) else { return nil }
        (text, self.value) = (argument, value)
    }

    /// The digits before any exponent are not all zeros (a finite number above 0 in magnitude, however small).
    var namesANonzeroNumber: Bool {
        let lowered = text.lowercased()
        guard !lowered.hasPrefix("0x"), !lowered.contains("nan"), !lowered.contains("inf") else { return value != 0 }
        let mantissa = lowered.split(separator: "e", maxSplits: 1).first ?? ""
        return mantissa.contains { $0.isNumber && $0 != "0" }
    }
}
