import Foundation

/// Layers applied one after another, as Keras' `Sequential`: the output of each is the input of the next.
///
/// A model is a value: copy it, train the copy, and the original is unchanged. It is `Codable`, so a
/// trained model can be cached as JSON. Training (`fit`, `train(steps:)`) is in `Training.swift`.
public struct Sequential: Sendable {
    /// The shape of one input sample, e.g. `[28, 28, 1]`.
    public let inputShape: [Int]
    /// The layers, first to last.
    public private(set) var layers: [any Layer]
    /// `shapes[l]` is the shape of one sample into layer l; the last entry is the model's output.
    public let shapes: [[Int]]

    /// A model of `layers` taking samples of `inputShape`; traps if a layer cannot take its input.
    public init(inputShape: [Int], layers: [any Layer]) {
        do {
            try self.init(checking: inputShape, layers: layers)
        } catch {
            preconditionFailure("Sequential: \(error.description)")
        }
    }

    private init(checking inputShape: [Int], layers: [any Layer]) throws(ShapeError) {
        var shapes = [inputShape]
        for layer in layers { shapes.append(try layer.checkedOutputShape(for: shapes.last!)) }
        self.inputShape = inputShape
        self.layers = layers
        self.shapes = shapes
    }

    /// The book's reference model, as in Keras:
    /// `Conv2D(filters, kernelSize) -> ReLU -> Flatten -> Dense(10) -> Softmax` on 28x28x1 images,
    /// Glorot-uniform kernels (convolution first, then dense) from `seed`, zero biases.
    public static func referenceModel(filters: Int = 4, kernelSize: Int = 3, seed: UInt64 = 1) -> Sequential {
        var generator = Xoshiro256StarStar(seed: seed)
        let conv = Conv2D(filters: filters, kernelSize: kernelSize, inputChannels: 1, generator: &generator)
        let features = conv.outputShape(for: MNIST.imageShape).reduce(1, *)
        let dense = Dense(units: 10, inputs: features, generator: &generator)
        return Sequential(inputShape: MNIST.imageShape, layers: [conv, ReLU(), Flatten(), dense, Softmax()])
    }

    /// The dense-only baseline: `Flatten -> Dense(10) -> Softmax` on 28x28x1 images.
    public static func denseModel(seed: UInt64 = 1) -> Sequential {
        var generator = Xoshiro256StarStar(seed: seed)
        let dense = Dense(units: 10, inputs: MNIST.pixelsPerImage, generator: &generator)
        return Sequential(inputShape: MNIST.imageShape, layers: [Flatten(), dense, Softmax()])
    }

    /// The shape of one output sample, e.g. `[10]`.
    public var outputShape: [Int] { shapes.last! }

    /// The first convolution layer, if any: its `kernel` is `[KH, KW, C, O]`.
    public var convolution: Conv2D? { layers.lazy.compactMap { $0 as? Conv2D }.first }

    /// The last dense layer, if any: `weights(ofUnit:shape:)` shows what each digit's unit looks for.
    public var dense: Dense? { layers.lazy.compactMap { $0 as? Dense }.last }

    /// The number of trainable floats.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameters.reduce(0) { $0 + $1.count } } }

    /// A table of the layers, their output shapes and parameter counts, like Keras' `model.summary()`.
    public var summary: String {
        var lines = ["Layer (type)          Output Shape          Param #"]
        for (l, layer) in layers.enumerated() {
            let shape = "(None, " + shapes[l + 1].map(String.init).joined(separator: ", ") + ")"
            let count = layer.parameters.reduce(0) { $0 + $1.count }
            lines.append(layer.name.padding(toLength: 22, withPad: " ", startingAt: 0)
                         + shape.padding(toLength: 22, withPad: " ", startingAt: 0) + String(count))
        }
        lines.append("Total params: \(parameterCount)")
        return lines.joined(separator: "\n")
    }

    /// Replaces the parameters of layer `l` (shapes must match), e.g. to set a hand-made kernel.
    public mutating func setParameters(_ parameters: [Tensor], ofLayer l: Int) {
        layers[l].parameters = parameters
    }

    /// The output of every layer for one sample (no batch axis): for the reference model, the 4
    /// feature maps `[26, 26, 4]`, after ReLU, flattened, the scores `[10]`, the probabilities `[10]`.
    public func activations(for sample: Tensor) -> [Tensor] {
        precondition(sample.shape == inputShape, "Sequential: sample is \(sample.shape), the model takes \(inputShape)")
        var x = sample.reshaped([1] + inputShape)
        var outputs: [Tensor] = []
        for layer in layers {
            x = layer.forward(x)
            outputs.append(x.reshaped(Array(x.shape.dropFirst())))
        }
        return outputs
    }

    /// The model's output for a batch `[N, input shape...]`: `[N, output shape...]`.
    public func predict(_ samples: Tensor) -> Tensor {
        precondition(Array(samples.shape.dropFirst()) == inputShape,
                     "Sequential: samples are \(samples.shape), the model takes [N] + \(inputShape)")
        return layers.reduce(samples) { $1.forward($0) }
    }

    /// The probabilities the model gives each image of `data`, `[N, 10]`.
    public func predict(_ data: MNIST, batchSize: Int = 256) -> Tensor {
        let engine = BatchEngine(model: self, batchSize: batchSize)
        var probabilities = Tensor(shape: [data.count] + outputShape)
        probabilities.scalars.withUnsafeMutableBufferPointer { out in
            _ = engine.evaluate(data, indices: 0..<data.count, batchSize: batchSize, outputs: out.baseAddress)
        }
        return probabilities
    }

    /// Mean loss and accuracy on `data`, as Keras' `model.evaluate`.
    public func evaluate(_ data: MNIST, batchSize: Int = 32) -> Evaluation {
        BatchEngine(model: self, batchSize: batchSize).evaluate(data, indices: 0..<data.count, batchSize: batchSize)
    }
}

/// Mean loss and accuracy over a data set.
public struct Evaluation: Codable, Equatable, Sendable {
    /// Mean sparse categorical cross-entropy.
    public var loss: Double
    /// The fraction of images whose most probable digit is the label.
    public var accuracy: Double
}

// MARK: - Codable: each layer is written with a "type" key holding its Keras name.

extension Sequential: Codable {
    private enum CodingKeys: String, CodingKey { case inputShape, layers }
    private enum LayerKeys: String, CodingKey { case type }

    /// The layer types a saved model may contain, by name.
    static let layerTypes: [String: any Layer.Type] = [
        "conv2d": Conv2D.self, "re_lu": ReLU.self, "flatten": Flatten.self, "dense": Dense.self, "softmax": Softmax.self,
    ]

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let inputShape = try container.decode([Int].self, forKey: .inputShape)
        // A sample has at least one value on every axis, and no more values than an Int counts.
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }), Tensor.checkedCount(of: inputShape) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .inputShape, in: container, debugDescription: "no model takes samples of shape \(inputShape)")
        }
        var list = try container.nestedUnkeyedContainer(forKey: .layers)
        var layers: [any Layer] = []
        while !list.isAtEnd {
            let layerDecoder = try list.superDecoder()
            let name = try layerDecoder.container(keyedBy: LayerKeys.self).decode(String.self, forKey: .type)
            guard let type = Sequential.layerTypes[name] else {
                throw DecodingError.dataCorruptedError(in: list, debugDescription: "unknown layer type '\(name)'")
            }
            layers.append(try type.init(from: layerDecoder))
        }
        do {
            try self.init(checking: inputShape, layers: layers)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .layers, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputShape, forKey: .inputShape)
        var list = container.nestedUnkeyedContainer(forKey: .layers)
        for layer in layers {
            let layerEncoder = list.superEncoder()
            var keys = layerEncoder.container(keyedBy: LayerKeys.self)
            try keys.encode(layer.name, forKey: .type)
            try layer.encode(to: layerEncoder)
        }
    }
}
