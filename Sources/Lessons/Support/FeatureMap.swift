/// A feature map before ReLU, left in the chapter state by `reluMap` for `reluHistogram`, so that
/// the histograms count the very map shown above them, whichever kernel and digit a reader chose.
struct FeatureMap: Codable {
    static let stateKey = "reluMap"
    var values: [Float]
    /// What it is, for captions: "the sobelX map of digit 3".
    var name: String
}
