import Foundation

/// Where a step finds its data.
public struct DataDirectories: Sendable, Hashable {
    /// The few hundred digits shipped with the repository.
    public var sample: URL
    /// The full MNIST directory (it may not exist; a step that needs it says how to get it).
    public var mnist: URL

    public init(sample: URL, mnist: URL) {
        self.sample = sample
        self.mnist = mnist
    }
}
