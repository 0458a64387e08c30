import ArgumentParser
import CNN
import Foundation

/// `tutor-benchmark kernels`: times each layer kernel of the reference model on one shard's batch
/// (16 images), on one thread, and reports the best time per image over many repetitions.
///
/// The best of many repetitions, not the mean: with other work on the machine the mean measures the
/// machine's load; the best is what the kernel costs when it has a core to itself.
struct KernelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Time each layer kernel of the reference model on 16 images, one thread, best of many runs.")

    @Option(help: "Images per call (the training engine gives each of its 4 shards 16).")
    var count = 16

    @Option(help: "Repetitions of each kernel; the best is reported.")
    var repetitions = 2000

    @Option(help: "Convolution filters, from 1 to 256 (the reference model has 4).")
    var filters = 4

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1") }
        guard repetitions > 0 else { throw ValidationError("--repetitions must be at least 1") }
        guard (1...256).contains(filters) else { throw ValidationError("--filters must be from 1 to 256") }
    }

    func run() throws {
        print(VectorTarget.description)
        let model = Sequential.referenceModel(filters: filters, kernelSize: 3, seed: 1)
        let N = count
        let shapes = model.shapes
        var generator = Xoshiro256StarStar(seed: 2)
        func buffer(_ shape: [Int], scale: Float = 1) -> UnsafeMutablePointer<Float> {
            let n = N * shape.reduce(1, *)
            let p = UnsafeMutablePointer<Float>.allocateVectors(capacity: n + 64)
            for i in 0..<(n + 64) { p[i] = generator.nextUniform(-scale, scale) }
            return p
        }
        print("kernel".padding(toLength: 22, withPad: " ", startingAt: 0) + "ns/image".leftPadded(10) + "GFLOP/s".leftPadded(10))
        for (l, layer) in model.layers.enumerated() where !layer.isReshape {
            let inputShape = shapes[l]
            let x = buffer(inputShape, scale: 255), y = buffer(shapes[l + 1]), dy = buffer(shapes[l + 1])
            let dx = buffer(inputShape)
            let θ = layer.parameters.map { t -> UnsafeMutablePointer<Float> in
                let p = UnsafeMutablePointer<Float>.allocateVectors(capacity: t.count + 64)
                t.scalars.withUnsafeBufferPointer { p.initialize(from: $0.baseAddress!, count: t.count) }
                return p
            }
            let dθ = layer.parameters.map { t in buffer(t.shape) }
            let scratch = UnsafeMutablePointer<Float>.allocateVectors(capacity: layer.scratchCount(inputShape: inputShape))
            let flops = Double(flopsPerImage(layer, inputShape: inputShape))
            let forward = best {
                layer.forward(x, y, count: N, inputShape: inputShape, parameters: θ, scratch: scratch)
            }
            report("\(layer.name) forward", forward, flops: flops)
            let isFirst = l == 0
            let backward = best {
                layer.backward(x, y, dy, isFirst ? nil : dx, count: N, inputShape: inputShape,
                               parameters: θ, gradients: dθ, scratch: scratch)
            }
            report("\(layer.name) backward", backward, flops: 2 * flops - (isFirst ? flops : 0))
        }
        // The same layers called as training calls them (`TrainingKernels`): the ReLU inside
        // Conv2D, the feature maps handed to Dense as planes, not copied into Flatten's order.
        print("as training runs them:")
        let training = TrainingKernels(model: model, count: N, seed: 2)
        var total = 0.0
        for kernel in training.kernels {
            let seconds = best(kernel.run)
            total += seconds
            report(kernel.name, seconds, flops: Double(kernel.flopsPerImage))
        }
        report("all four", total, flops: Double(training.kernels.map(\.flopsPerImage).reduce(0, +)))
    }

    /// The best wall time of `body` over `repetitions` runs, in seconds.
    private func best(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<repetitions {
            let t = clock.measure(body)
            best = min(best, Double(t.components.attoseconds) * 1e-18 + Double(t.components.seconds))
        }
        return best
    }

    private func report(_ name: String, _ seconds: Double, flops: Double) {
        let perImage = seconds / Double(count)
        let rate = flops > 0 ? String(format: "%.1f", flops / perImage * 1e-9) : "-"
        print(name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%.0f", perImage * 1e9).leftPadded(10)
              + rate.leftPadded(10))
    }

    /// Multiply-adds (2 flops each) of one image through `layer`'s forward pass.
    private func flopsPerImage(_ layer: any Layer, inputShape: [Int]) -> Int {
        let outputs = layer.outputShape(for: inputShape).reduce(1, *)
        switch layer {
        case let conv as Conv2D: return 2 * outputs * conv.kernelHeight * conv.kernelWidth * conv.inputChannels
        case let dense as Dense: return 2 * outputs * dense.inputCount
        default: return 0
        }
    }
}

/// `tutor-benchmark target`: the processor, and the instruction set the kernels were built for.
struct TargetDescription: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target",
        abstract: "Print the processor and the instruction set the kernels were built for (TUTOR_TARGET_CPU).")

    func run() { print(VectorTarget.description) }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
