@testable import CNN
import Testing

/// Training runs Conv2D then ReLU as one pass (`BatchEngine.fusedReLU`). The fused kernels must give
/// exactly, bit for bit, what the two layers give one after the other, for every shape Conv2D's
/// fast kernels distinguish, inputs with exact zeros and negative zeros included.
@Suite struct FusedReLUTests {
    /// (outputs, ReLU(outputs)) the two-layer way, and the fused ReLU output.
    static func forward(_ conv: Conv2D, _ x: Tensor) -> (separate: Tensor, fused: Tensor) {
        let separate = ReLU().forward(conv.forward(x))
        var fused = Tensor(shape: separate.shape)
        let (count, inputShape) = (x.shape[0], Array(x.shape.dropFirst()))
        var parameters = conv.parameters
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, conv.scratchCount(inputShape: inputShape)))
        defer { scratch.deallocate() }
        withPointers(to: &parameters) { θ in
            x.scalars.withUnsafeBufferPointer { x in
                fused.scalars.withUnsafeMutableBufferPointer { y in
                    conv.forward(x.baseAddress!, y.baseAddress!, count: count, inputShape: inputShape,
                                 parameters: θ, scratch: scratch, thenReLU: true)
                }
            }
        }
        return (separate, fused)
    }

    /// Inputs with a share of exact zeros and negative zeros, where ReLU's derivative is decided.
    static func input(_ shape: [Int], seed: UInt64) -> Tensor {
        var x = randomTensor(shape, seed: seed)
        for i in stride(from: 0, to: x.count, by: 7) { x.scalars[i] = i % 2 == 0 ? 0 : -0.0 }
        return x
    }

    @Test(arguments: Conv2DTests.configurations.indices)
    func theFusedForwardIsConvolutionThenReLUBitForBit(_ index: Int) {
        let c = Conv2DTests.configurations[index]
        let conv = Conv2DTests.layer(c, seed: UInt64(7 * index))
        let (separate, fused) = Self.forward(conv, Self.input(c.input, seed: 31))
        #expect(separate.scalars.map(\.bitPattern) == fused.scalars.map(\.bitPattern), "input \(c.input)")
        if fused.count >= 16 {  // (a 1x1 output of 2 images may fall all on one side)
            #expect(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 }, "the ReLU both passes and stops")
        }
    }

    @Test(arguments: Conv2DTests.configurations.indices)
    func theFusedBackwardIsReLUThenConvolutionBackwardBitForBit(_ index: Int) {
        let c = Conv2DTests.configurations[index]
        let conv = Conv2DTests.layer(c, seed: UInt64(7 * index))
        let x = Self.input(c.input, seed: 32)
        let (count, inputShape) = (x.shape[0], Array(x.shape.dropFirst()))
        let (conved, reluOutput) = (conv.forward(x), Self.forward(conv, x).fused)
        let dr = randomTensor(reluOutput.shape, seed: 33)
        // The two-layer way: back through the ReLU (from its input), then through the convolution.
        let dz = ReLU().backward(conved, outputGradient: dr).input
        let separate = conv.backward(x, outputGradient: dz)

        var dx = Tensor(shape: x.shape)
        var parameters = conv.parameters, gradients = conv.parameters.map { Tensor(shape: $0.shape) }
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, conv.scratchCount(inputShape: inputShape)))
        defer { scratch.deallocate() }
        withPointers(to: &parameters) { θ in
            withPointers(to: &gradients) { dθ in
                x.scalars.withUnsafeBufferPointer { x in
                    dr.scalars.withUnsafeBufferPointer { dr in
                        reluOutput.scalars.withUnsafeBufferPointer { r in
                            dx.scalars.withUnsafeMutableBufferPointer { dx in
                                conv.backward(x.baseAddress!, dr.baseAddress!, dx.baseAddress!, count: count,
                                              inputShape: inputShape, parameters: θ, gradients: dθ, scratch: scratch,
                                              throughReLU: r.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        #expect(separate.input.scalars.map(\.bitPattern) == dx.scalars.map(\.bitPattern), "dx, input \(c.input)")
        for k in 0..<2 {
            #expect(separate.parameters[k].scalars.map(\.bitPattern) == gradients[k].scalars.map(\.bitPattern),
                    "parameter \(k), input \(c.input)")
        }
    }
}
