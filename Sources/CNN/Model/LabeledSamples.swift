/// A data set the training engine can read: samples of one shape, each with a class label.
///
/// MNIST is one (28x28x1 images); a lesson may train on others (smaller crops, several channels,
/// synthetic patterns), and the model's input shape then only has to match `sampleShape`.
public protocol LabeledSamples {
    /// The shape of one sample, e.g. `[28, 28, 1]`.
    var sampleShape: [Int] { get }
    /// The number of samples.
    var count: Int { get }
    /// The class of sample i, 0 ≤ i < count.
    func label(at i: Int) -> Int
    /// Writes the samples `indices`, one after another, as floats (the model's input) at `destination`.
    func copySamples(_ indices: UnsafeBufferPointer<Int>, into destination: UnsafeMutablePointer<Float>)
    /// Asks the processor to bring the samples `indices` into its caches, because `copySamples` will
    /// read them soon: training passes the next batch while it computes this one. A hint only;
    /// doing nothing (the default) is correct.
    func prefetchSamples(_ indices: UnsafeBufferPointer<Int>)
}

extension LabeledSamples {
    public func prefetchSamples(_ indices: UnsafeBufferPointer<Int>) {}
}

extension MNIST: LabeledSamples {
    public var sampleShape: [Int] { MNIST.imageShape }

    public func copySamples(_ indices: UnsafeBufferPointer<Int>, into destination: UnsafeMutablePointer<Float>) {
        copyImages(indices, into: destination)
    }

    public func prefetchSamples(_ indices: UnsafeBufferPointer<Int>) {
        prefetchImages(indices)
    }
}
