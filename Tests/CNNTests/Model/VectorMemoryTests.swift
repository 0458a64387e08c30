@testable import CNN
import Testing

/// The training engine's memory starts on cache lines (`allocateVectors`), its parameter lists put
/// each tensor on a line of its own, and Conv2D carves its scratch on lines. Alignment is for
/// speed only: the kernels must give the same bits wherever their operands start.
@Suite struct VectorMemoryTests {
    static func isOnACacheLine(_ pointer: UnsafePointer<Float>) -> Bool {
        Int(bitPattern: pointer) % UnsafeMutablePointer<Float>.cacheLine == 0
    }

    @Test(arguments: [0, 1, 15, 17, 2704 * 16, 1 << 20])
    func allocatedVectorsStartOnACacheLine(count: Int) {
        let pointer = UnsafeMutablePointer<Float>.allocateVectors(capacity: count)
        defer { pointer.deallocate() }
        #expect(Self.isOnACacheLine(pointer))
        // The whole room is usable (AddressSanitizer would catch a short allocation).
        pointer.initialize(repeating: 1, count: max(1, count))
        #expect(pointer[max(1, count) - 1] == 1)
    }

    @Test func eachTensorOfAListStartsOnALineAndTheGapsStayZero() {
        let shapes = [[3, 3, 1, 4], [4], [10, 2704], [10], [1]]
        let tensors = shapes.enumerated().map { i, shape in
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Float(i + 1) + Float($0) / 1000 })
        }
        let list = TensorList(tensors)
        for (i, tensor) in tensors.enumerated() {
            #expect(Self.isOnACacheLine(list.pointers[i]))
            #expect(list.tensor(i) == tensor)
        }
        // Everything in the storage that belongs to no tensor is zero.
        var inTensor = [Bool](repeating: false, count: list.count)
        for (i, tensor) in tensors.enumerated() {
            for k in 0..<tensor.count { inTensor[list.offsets[i] + k] = true }
        }
        let gaps = (0..<list.count).filter { !inTensor[$0] }
        #expect(gaps.allSatisfy { list.storage[$0] == 0 })
        #expect(list.count == shapes.map { ($0.reduce(1, *) + 15) / 16 * 16 }.reduce(0, +))
    }

    @Test func conv2DCarvesItsScratchOnCacheLines() {
        for (inputShape, kernelShape) in [([28, 28, 1], [3, 3, 1, 4]), ([9, 7, 3], [3, 5, 3, 6]), ([5, 5, 2], [1, 1, 2, 1])] {
            let layout = Conv2D.Layout(inputShape: inputShape, kernelShape: kernelShape)
            let scratch = UnsafeMutablePointer<Float>.allocateVectors(capacity: layout.scratchCount)
            defer { scratch.deallocate() }
            let s = layout.carve(scratch)
            let parts = [s.xp, s.wide, s.dwLanes, s.dbLanes, s.padded, s.dxp]
            #expect(parts.allSatisfy { Self.isOnACacheLine($0) }, "\(inputShape) \(kernelShape)")
            // The parts do not overlap and the last ends within the scratch.
            let sizes = [layout.planarCount, layout.wideCount, layout.weightLanesCount, layout.biasLanesCount,
                         layout.O * layout.paddedStride, layout.C * layout.inputPlaneStride]
            for k in 0..<parts.count - 1 { #expect(parts[k + 1] - parts[k] >= sizes[k]) }
            #expect(s.dxp + sizes[5] <= scratch + layout.scratchCount)
        }
    }

    /// Every layer's forward and backward on operands that start on a cache line, and on the same
    /// operands moved one float (4 bytes) off it: the outputs and gradients are the same bits.
    @Test func theKernelsGiveTheSameBitsWhereverTheirOperandsStart() {
        let model = Sequential.referenceModel(filters: 4, kernelSize: 3, seed: 7)
        var generator = Xoshiro256StarStar(seed: 11)
        let N = 5
        for (l, layer) in model.layers.enumerated() where !layer.isReshape {
            let inputShape = model.shapes[l]
            let (inCount, outCount) = (N * inputShape.reduce(1, *), N * model.shapes[l + 1].reduce(1, *))
            let x = (0..<inCount).map { _ in generator.nextUniform(-1, 1) }
            let dy = (0..<outCount).map { _ in generator.nextUniform(-1, 1) }
            let parameters = layer.parameters.map(\.scalars)
            let scratchCount = layer.scratchCount(inputShape: inputShape)

            func run(offset: Int) -> [[Float]] {
                func buffer(_ values: [Float]) -> UnsafeMutablePointer<Float> {
                    let p = UnsafeMutablePointer<Float>.allocateVectors(capacity: values.count + offset + 16) + offset
                    p.initialize(from: values, count: values.count)
                    return p
                }
                let (xp, dyp) = (buffer(x), buffer(dy))
                let (yp, dxp) = (buffer([Float](repeating: 0, count: outCount)), buffer([Float](repeating: 0, count: inCount)))
                let θ = parameters.map(buffer)
                let dθ = parameters.map { buffer([Float](repeating: 0, count: $0.count)) }
                let scratch = buffer([Float](repeating: 0, count: scratchCount))
                defer { ([xp, dyp, yp, dxp, scratch] + θ + dθ).forEach { ($0 - offset).deallocate() } }
                layer.forward(xp, yp, count: N, inputShape: inputShape, parameters: θ, scratch: scratch)
                layer.backward(xp, yp, dyp, dxp, count: N, inputShape: inputShape, parameters: θ,
                               gradients: dθ, scratch: scratch)
                return [Array(UnsafeBufferPointer(start: yp, count: outCount)), Array(UnsafeBufferPointer(start: dxp, count: inCount))]
                    + zip(dθ, parameters).map { Array(UnsafeBufferPointer(start: $0, count: $1.count)) }
            }
            let (aligned, shifted) = (run(offset: 0), run(offset: 1))
            #expect(zip(aligned, shifted).allSatisfy { zip($0, $1).allSatisfy { $0.bitPattern == $1.bitPattern } }, "\(layer.name)")
        }
    }
}
