/// The kernels a shard runs on one piece of training images, layer by layer, called as training
/// calls them: Conv2D with its ReLU, writing the feature maps as planes; Dense reading them so and
/// writing its dL/dx through the ReLU; Conv2D's backward from that gradient (see `BatchEngine`
/// and `PlanarHandoff`). For `TutorBenchmark kernels`, which times what training
/// runs rather than a layer's plain `forward` (whose copies into Flatten's order training skips).
public final class TrainingKernels {
    /// One kernel: a name for the report, its floating-point operations per image (a multiply-add
    /// is 2), and a call that runs it once on the piece.
    public struct Kernel {
        public let name: String
        public let flopsPerImage: Int
        public let run: () -> Void
    }

    /// The kernels in training's order: forward up the layers, then backward down them.
    public private(set) var kernels: [Kernel] = []
    private var allocations: [UnsafeMutablePointer<Float>] = []

    /// The kernels of `model`, which must be Conv2D, ReLU, Flatten, Dense, Softmax (the reference
    /// model, any number of filters), on `count` images of random pixels from 0 to 255.
    public init(model: Sequential, count N: Int, seed: UInt64) {
        let layers = model.layers
        guard let handoff = PlanarHandoff(layers: layers, shapes: model.shapes), handoff.conv == 0, layers.count == 5,
              let conv = layers[0] as? Conv2D, let dense = handoff.engineLayers(layers)[3] as? Dense else {
            preconditionFailure("TrainingKernels: the model must be Conv2D, ReLU, Flatten, Dense, Softmax")
        }
        var generator = Xoshiro256StarStar(seed: seed)
        func buffer(_ count: Int, _ scale: Float) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocateVectors(capacity: count)
            for i in 0..<count { p[i] = generator.nextUniform(-scale, scale) }
            allocations.append(p)
            return p
        }
        func copy(_ tensor: Tensor) -> UnsafeMutablePointer<Float> {
            let p = buffer(tensor.count, 0)
            tensor.scalars.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: tensor.count) }
            return p
        }
        let inputShape = model.shapes[0], layout = handoff.layout
        let (pixels, features, units) = (inputShape.reduce(1, *), handoff.count, dense.units)
        let x = buffer(N * pixels, 255)
        for i in 0..<N * pixels { x[i] = abs(x[i]) }
        let maps = buffer(N * features, 0), logits = buffer(N * units, 0), dLogits = buffer(N * units, 0.01)
        let dMaps = buffer(N * features, 0.01)
        let convθ = conv.parameters.map(copy), denseθ = dense.parameters.map(copy)
        let convGradients = conv.parameters.map { buffer($0.count, 0) }, denseGradients = dense.parameters.map { buffer($0.count, 0) }
        let scratch = buffer(conv.scratchCount(inputShape: inputShape), 0)
        // The feature maps as training leaves them (ReLU'd planes), for Dense to read.
        conv.forward(x, maps, count: N, inputShape: inputShape, parameters: convθ, scratch: scratch, thenReLU: true, planesOutput: true)
        let convFlops = 2 * layout.outH * layout.outW * layout.O * conv.kernelHeight * conv.kernelWidth * conv.inputChannels
        let denseFlops = 2 * units * handoff.count
        kernels = [
            Kernel(name: "conv2d+relu forward", flopsPerImage: convFlops) {
                conv.forward(x, maps, count: N, inputShape: inputShape, parameters: convθ, scratch: scratch,
                             thenReLU: true, planesOutput: true)
            },
            Kernel(name: "dense forward", flopsPerImage: denseFlops) {
                dense.forward(maps, logits, count: N, inputShape: [features], parameters: denseθ, scratch: scratch)
            },
            Kernel(name: "dense backward", flopsPerImage: 2 * denseFlops) {
                dense.backward(maps, dLogits, dMaps, count: N, parameters: denseθ, gradients: denseGradients, throughReLU: maps)
            },
            Kernel(name: "conv2d backward", flopsPerImage: convFlops) {
                conv.backward(x, dMaps, nil, count: N, inputShape: inputShape, parameters: convθ, gradients: convGradients,
                              scratch: scratch, throughReLU: nil, planesGradient: true)
            },
        ]
    }

    deinit { allocations.forEach { $0.deallocate() } }
}
