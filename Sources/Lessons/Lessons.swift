import Book

/// The steps the chapters call, each in a file of its own so its page can show its source.
public enum Lessons {
    /// Every step, in the order of the chapters that use them.
    public static let registry = StepRegistry(
        steps: [
            // 1. Convolution
            showDigit, kernels, convolveAll, onePixel, validPadding,
            // 2. ReLU
            reluMap, reluHistogram, linearCollapse,
            // 3. Softmax
            trainSample, softmaxDigit, softmaxOverflow, softmaxTemperature,
            // 4. Cross-entropy
            lossCurve, lossExamples, gradientCheck, firstBatchLoss,
            // 5. Adam
            adamSteps, valley, sgdVersusAdam,
            // 6. The MNIST run
            trainMNIST, learnedKernels, featureMaps, misclassified, confusionMatrix, trainVariant, compareRuns,
        ],
        sources: EmbeddedSources.files,
        fingerprint: EmbeddedSources.fingerprint
    )
}
