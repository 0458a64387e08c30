
/// Runs a model over batches of labeled samples (MNIST images, or any `LabeledSamples` of the
/// model's input shape) on memory allocated once, split into a fixed number of shards that run in parallel.
///
/// Why a FIXED number of shards: each shard sums the gradients of its own images in order, and the
/// shards' sums are then added in shard order. With the split fixed, every addition happens in the
/// same order whatever the number of cores, so a run is reproducible bit for bit on any machine.
final class BatchEngine: @unchecked Sendable {
    /// Shards per batch. 4 keeps 2 to 4 cores busy and the batch of 64 becomes 16 images per shard;
    /// measured on 2 cores, 4 shards train 10% faster than 8 and 2 (fewer gradients to add than 8,
    /// better balance than 2).
    static let shardCount = 4

    let layers: [any Layer]
    /// `shapes[l]` is one sample into layer l; `sizes[l]` its number of floats.
    let shapes: [[Int]]
    let sizes: [Int]
    /// The most samples one shard holds at a time: a piece (see `piece`).
    let capacity: Int
    /// The model's parameters, and the gradient of the last batch, each in one allocation.
    let parameters: TensorList
    let gradients: TensorList
    /// Which entries of `parameters` belong to layer l, and pointers to them (made once).
    let parameterRanges: [Range<Int>]
    let layerParameters: [[UnsafeMutablePointer<Float>]]
    /// The lowest layer that has parameters: backpropagation stops there.
    let firstTrainable: Int
    /// `fusedReLU[l]`: layer l is a Conv2D followed by a ReLU, and the two run as one: Conv2D applies
    /// the ReLU as it stores its output, and takes the gradient back through it as it reads it.
    /// The numbers are the same bit for bit; the feature maps are read and written twice less.
    let fusedReLU: [Bool]
    /// Conv2D, ReLU, Flatten and Dense in a row pass the feature maps as Conv2D's planes (see
    /// `PlanarHandoff`): `layers` then holds Dense with its weights in that order, and
    /// `parameters(ofLayer:)` puts them back in Flatten's.
    let handoff: PlanarHandoff?
    private let shards: [Shard]
    /// The memory a shard runs in, one per thread of the team (see `Workspace`).
    private let workspaces: [Workspace]
    /// Samples a shard runs through the layers at a time: its share of a batch of 64. A shard's
    /// part of a larger batch goes in pieces of this many, so that memory does not grow with the
    /// batch (a batch of 60,000 with 64 filters once asked for 30 GB), and the feature maps of
    /// one piece stay in cache where those of 64 images would not.
    static let piece = 16
    /// The threads that run the shards.
    fileprivate let team: ShardTeam

    /// An engine for `model`, for batches of `batchSize` images or any other size (a smaller
    /// `batchSize` only saves memory: a shard then holds fewer than a piece of 16). `planarHandoff:
    /// false` passes Conv2D's feature maps to Dense in Flatten's order even where planes
    /// could be used (for tests that compare the two).
    init(model: Sequential, batchSize: Int, planarHandoff: Bool = true) {
        precondition(batchSize > 0, "BatchEngine: batch size must be positive")
        precondition(model.layers.last is Softmax && model.outputShape.count == 1,
                     "BatchEngine: the model must end with Softmax, giving one probability per class")
        handoff = planarHandoff ? PlanarHandoff(layers: model.layers, shapes: model.shapes) : nil
        layers = handoff?.engineLayers(model.layers) ?? model.layers
        shapes = handoff?.engineShapes(model.shapes) ?? model.shapes
        sizes = shapes.map { $0.reduce(1, *) }
        capacity = min(Self.piece, (batchSize + Self.shardCount - 1) / Self.shardCount)
        var ranges: [Range<Int>] = []
        var tensors: [Tensor] = []
        for layer in layers {
            ranges.append(tensors.count ..< tensors.count + layer.parameters.count)
            tensors += layer.parameters
        }
        parameterRanges = ranges
        let parameters = TensorList(tensors)
        self.parameters = parameters
        layerParameters = ranges.map(parameters.pointers)
        gradients = TensorList(shapes: tensors.map(\.shape))
        firstTrainable = ranges.firstIndex { !$0.isEmpty } ?? layers.count
        let layers = model.layers
        fusedReLU = layers.indices.map { l in layers[l] is Conv2D && l + 1 < layers.count && layers[l + 1] is ReLU }
        let scratch = zip(model.layers, model.shapes).map { $0.scratchCount(inputShape: $1) }.max() ?? 0
        let (sizes, capacity) = (self.sizes, self.capacity)
        shards = (0..<Self.shardCount).map { _ in Shard(parameterShapes: tensors.map(\.shape), parameterRanges: ranges) }
        let team = ShardTeam(shards: Self.shardCount)
        self.team = team
        workspaces = (0..<team.threads).map { _ in
            Workspace(sizes: sizes, reshapes: model.layers.map(\.isReshape), capacity: capacity, scratchCount: scratch)
        }
    }

    /// Layer l is a ReLU that the Conv2D before it runs (see `fusedReLU`).
    func reluIsFused(_ l: Int) -> Bool { l > 0 && fusedReLU[l - 1] }

    /// The trained parameters of layer l, shaped as the model's layer has them.
    func parameters(ofLayer l: Int) -> [Tensor] { modelShaped(parameterRanges[l].map { parameters.tensor($0) }, ofLayer: l) }

    /// The gradient of the last batch for layer l's parameters, shaped as the model's layer has them.
    func gradients(ofLayer l: Int) -> [Tensor] { modelShaped(parameterRanges[l].map { gradients.tensor($0) }, ofLayer: l) }

    /// Layer l's tensors as the model has them: the weights of a planar hand-off's Dense in Flatten's order.
    private func modelShaped(_ tensors: [Tensor], ofLayer l: Int) -> [Tensor] {
        guard let handoff, l == handoff.dense else { return tensors }
        return [handoff.modelWeights(tensors[0])] + tensors.dropFirst()
    }

    /// The model must take the data's samples as they are (a mistake in the calling code if not).
    private func checkShape(of data: some LabeledSamples) {
        precondition(data.sampleShape == shapes[0],
                     "BatchEngine: the model takes samples of shape \(shapes[0]), the data's are \(data.sampleShape)")
    }

    /// Shard s's part of a batch of B samples.
    private func range(ofShard s: Int, batchSize B: Int) -> Range<Int> {
        (s * B / Self.shardCount) ..< ((s + 1) * B / Self.shardCount)
    }

    // MARK: - Training

    /// Forward and backward over the samples `indices` of `data`; leaves the gradient of the batch's
    /// mean loss in `gradients`, and returns the summed loss and number of correct predictions.
    /// `upcoming` is the next batch, if known (see `computeShardGradients`).
    func trainBatch(_ data: some LabeledSamples, indices: UnsafeBufferPointer<Int>,
                    upcoming: UnsafeBufferPointer<Int> = UnsafeBufferPointer(start: nil, count: 0)) -> BatchResult {
        let result = computeShardGradients(data, indices: indices, upcoming: upcoming)
        forEachShard { p in sumShardGradients(part: p) }
        return result
    }

    /// `trainBatch`, then one optimizer step with its gradient: what training does for each batch.
    ///
    /// With an optimizer that steps element by element (`stepsElementwise`), each thread adds up
    /// the shards' gradients for its part of the step just before taking it: one hand-off between
    /// threads per batch fewer, and the summed gradient is read back from the fastest cache. The
    /// sums, and so the step, are the same bit for bit as `trainBatch` then `step`.
    func trainStep(_ data: some LabeledSamples, indices: UnsafeBufferPointer<Int>,
                   upcoming: UnsafeBufferPointer<Int> = UnsafeBufferPointer(start: nil, count: 0),
                   optimizer: inout some Optimizer) -> BatchResult {
        let result = computeShardGradients(data, indices: indices, upcoming: upcoming)
        if optimizer.stepsElementwise {
            step(&optimizer) { p in sumShardGradients(part: p) }
        } else {
            forEachShard { p in sumShardGradients(part: p) }
            step(&optimizer)
        }
        return result
    }

    /// Each shard's forward and backward pass over its part of the batch `indices`, its gradient
    /// left in its own memory; returns the summed loss and number of correct predictions.
    /// `upcoming` is the next batch, if known: each of the last shards to be claimed, one per
    /// thread, asks once done for all of it to be fetched from memory. All of it, because no
    /// thread knows which part it will run next; once done, because a request made before the
    /// shard's own work was evicted by that work (measured: the image copy went from 6% to under
    /// 3% of the run's CPU); once per thread, because a second request from the same core finds
    /// the lines already on their way (every shard asking took 2% of the run's CPU).
    private func computeShardGradients(_ data: some LabeledSamples, indices: UnsafeBufferPointer<Int>,
                                       upcoming: UnsafeBufferPointer<Int>) -> BatchResult {
        let B = indices.count
        checkShape(of: data)
        precondition(B > 0, "BatchEngine: an empty batch")
        forEachShard { s, t in
            let (shard, space) = (shards[s], workspaces[t])
            let part = UnsafeBufferPointer(rebasing: indices[range(ofShard: s, batchSize: B)])
            // A shard with images writes every gradient (see `Layer.backward`); one without, zeros.
            guard !part.isEmpty else { shard.parameterGradients.zero(); shard.result = BatchResult(); return }
            // The part a piece at a time; the shard's gradient is the sum of its pieces', in order
            // (a batch of 64 is one piece per shard).
            var result = BatchResult()
            for first in stride(from: 0, to: part.count, by: capacity) {
                let piece = UnsafeBufferPointer(rebasing: part[first ..< min(first + capacity, part.count)])
                result = space.forward(self, data, piece, addingTo: result)
                space.backward(self, data, piece, batchSize: B,
                               into: first == 0 ? shard.layerGradients : shard.layerPieceGradients)
                if first > 0 { shard.addPieceGradients() }
            }
            shard.result = result
            if !upcoming.isEmpty && s >= Self.shardCount - team.threads { data.prefetchSamples(upcoming) }
        }
        return shards.reduce(BatchResult()) { $0 + $1.result }
    }

    /// gradients = Σs shard s's gradients, added in shard order, element by element, for part p
    /// of every tensor: the elements an optimizer's part p reads (`part(_:of:count:)`), so that
    /// the team adds a part each, and a step can add its part just before taking it.
    private func sumShardGradients(part p: Int) {
        for (t, offset) in gradients.offsets.enumerated() {
            let elements = part(p, of: Self.shardCount, count: gradients.buffers[t].count)
            let total = gradients.storage + offset
            forEachVector(in: elements) { k, lanes in
                var sum = UnsafePointer(shards[0].parameterGradients.storage + offset).vector(at: k, lanes: lanes)
                for s in 1..<Self.shardCount {
                    sum += UnsafePointer(shards[s].parameterGradients.storage + offset).vector(at: k, lanes: lanes)
                }
                total.setVector(sum, at: k, lanes: lanes)
            }
        }
    }

    /// One optimizer step with the gradient of the last batch (subnormals flushed, as in the shards),
    /// a part of every tensor on each of the team's threads: done by the calling thread alone, the
    /// step kept the others waiting (with Adam, 3-6% of the run's CPU). `beforePart(p)` runs on
    /// part p's thread just before the optimizer's part p.
    func step(_ optimizer: inout some Optimizer, beforePart: (Int) -> Void = { _ in }) {
        withSubnormalsFlushedToZero {
            optimizer.apply(gradients.readOnlyBuffers, to: parameters.buffers, parts: Self.shardCount) { part in
                forEachShard { p in
                    beforePart(p)
                    part(p)
                }
            }
        }
    }

    // MARK: - Inference

    /// Summed loss and correct predictions over the images `indices`, in batches of `batchSize`;
    /// the probabilities go to `outputs` (image i of `indices` at row i) if it is not nil.
    func evaluate(_ data: some LabeledSamples, indices: [Int], batchSize: Int, outputs: UnsafeMutablePointer<Float>? = nil) -> BatchResult {
        checkShape(of: data)
        precondition(batchSize > 0, "BatchEngine: batches of no images")
        var total = BatchResult()
        let K = sizes.last!
        indices.withUnsafeBufferPointer { indices in
            for start in stride(from: 0, to: indices.count, by: batchSize) {
                let batch = UnsafeBufferPointer(rebasing: indices[start ..< min(start + batchSize, indices.count)])
                forEachShard { s, t in
                    let (shard, space) = (shards[s], workspaces[t])
                    let part = range(ofShard: s, batchSize: batch.count)
                    // A shard's part in pieces (see `piece`). The loss is added up image by image in
                    // the same order whatever the pieces.
                    var result = BatchResult()
                    for first in stride(from: part.lowerBound, to: part.upperBound, by: capacity) {
                        let piece = first ..< min(first + capacity, part.upperBound)
                        result = space.forward(self, data, UnsafeBufferPointer(rebasing: batch[piece]), addingTo: result)
                        if let outputs {
                            (outputs + (start + piece.lowerBound) * K).update(from: space.activations.last!, count: piece.count * K)
                        }
                    }
                    shard.result = result
                }
                total = shards.reduce(total) { $0 + $1.result }
            }
        }
        return total
    }

    /// Mean loss and accuracy over the images in `range`.
    func evaluate(_ data: some LabeledSamples, indices range: Range<Int>, batchSize: Int, outputs: UnsafeMutablePointer<Float>? = nil) -> Evaluation {
        let total = evaluate(data, indices: Array(range), batchSize: batchSize, outputs: outputs)
        return total.mean(over: range.count)
    }
}

extension BatchEngine {
    /// Runs `body(s)` for every shard s, in parallel on all cores (see `ShardTeam`), and returns
    /// when all are done.
    ///
    /// Shards share pointers to the batch and the parameters on purpose: each reads them and writes
    /// only its own memory, which Swift's `Sendable` checking cannot see.
    fileprivate func forEachShard(_ body: (Int) -> Void) {
        team.run(Self.shardCount) { s in withSubnormalsFlushedToZero { body(s) } }
    }

    /// The same, `body(s, t)` told the thread t that runs shard s: t indexes `workspaces`.
    fileprivate func forEachShard(_ body: (_ shard: Int, _ thread: Int) -> Void) {
        team.run(Self.shardCount) { s, t in withSubnormalsFlushedToZero { body(s, t) } }
    }
}

/// Summed loss and number of correct predictions over some samples.
struct BatchResult {
    var lossSum: Double = 0
    var correct: Int = 0

    static func + (a: BatchResult, b: BatchResult) -> BatchResult {
        BatchResult(lossSum: a.lossSum + b.lossSum, correct: a.correct + b.correct)
    }

    func mean(over count: Int) -> Evaluation {
        count == 0 ? Evaluation(loss: 0, accuracy: 0)
            : Evaluation(loss: lossSum / Double(count), accuracy: Double(correct) / Double(count))
    }
}

/// What a shard keeps from its run until the shards are added up: its parameter gradients and
/// its loss and correct predictions.
private final class Shard: @unchecked Sendable {
    let parameterGradients: TensorList
    /// Pointers into `parameterGradients` for each layer.
    let layerGradients: [[UnsafeMutablePointer<Float>]]
    /// The gradient of a piece after the first, added to `parameterGradients` once computed.
    let pieceGradients: TensorList
    let layerPieceGradients: [[UnsafeMutablePointer<Float>]]
    var result = BatchResult()

    init(parameterShapes: [[Int]], parameterRanges: [Range<Int>]) {
        parameterGradients = TensorList(shapes: parameterShapes)
        layerGradients = parameterRanges.map(parameterGradients.pointers)
        pieceGradients = TensorList(shapes: parameterShapes)
        layerPieceGradients = parameterRanges.map(pieceGradients.pointers)
    }

    /// parameterGradients += pieceGradients, element by element.
    func addPieceGradients() {
        let (total, piece) = (parameterGradients.storage, UnsafePointer(pieceGradients.storage))
        // An inlined local function, not a closure: see `Adam.step`.
        @inline(__always) func add(_ k: Int, lanes: Int) {
            total.setVector(total.vector(at: k, lanes: lanes) + piece.vector(at: k, lanes: lanes), at: k, lanes: lanes)
        }
        forEachVector(count: parameterGradients.count, add)
    }
}

/// The memory one thread runs a shard in: the activations of every layer for a piece of samples,
/// two buffers for dL/d(activation), and scratch for the layers' kernels.
///
/// One per thread, not one per shard: a shard needs them only while it runs, and a thread runs its
/// shards one after another. With 4 shards on 2 cores, each core's cache then holds one set of
/// feature maps (190 KB a piece for the reference model) instead of two, and a processor with
/// 512 KB of cache per core (AMD Zen 3) keeps far more of a shard's work in it.
private final class Workspace: @unchecked Sendable {
    /// activations[0] is the input; activations[l + 1] the output of layer l (the same memory as
    /// its input if layer l is a reshape).
    let activations: [UnsafeMutablePointer<Float>]
    private let allocations: [UnsafeMutablePointer<Float>]
    let gradient: UnsafeMutablePointer<Float>, nextGradient: UnsafeMutablePointer<Float>
    let scratch: UnsafeMutablePointer<Float>

    init(sizes: [Int], reshapes: [Bool], capacity: Int, scratchCount: Int) {
        var activations = [UnsafeMutablePointer<Float>.allocateVectors(capacity: sizes[0] * capacity)]
        var allocations = activations
        for l in reshapes.indices {
            if reshapes[l] {
                activations.append(activations[l])
            } else {
                activations.append(.allocateVectors(capacity: sizes[l + 1] * capacity))
                allocations.append(activations[l + 1])
            }
        }
        self.activations = activations
        self.allocations = allocations
        let largest = max(1, (sizes.max() ?? 1) * capacity)
        gradient = .allocateVectors(capacity: largest)
        nextGradient = .allocateVectors(capacity: largest)
        scratch = .allocateVectors(capacity: scratchCount)
    }

    deinit {
        allocations.forEach { $0.deallocate() }
        gradient.deallocate()
        nextGradient.deallocate()
        scratch.deallocate()
    }

    /// Converts the samples to floats and runs every layer; returns the loss and correct predictions
    /// added to `start` (the results of earlier pieces of the same part) one image at a time.
    func forward(_ engine: BatchEngine, _ data: some LabeledSamples, _ indices: UnsafeBufferPointer<Int>,
                 addingTo start: BatchResult) -> BatchResult {
        let n = indices.count
        data.copySamples(indices, into: activations[0])
        for (l, layer) in engine.layers.enumerated() where !layer.isReshape && !engine.reluIsFused(l) {
            if engine.fusedReLU[l], let conv = layer as? Conv2D {
                // Conv2D then ReLU in one pass: the ReLU's output, activations[l + 2], is written
                // directly, as planes if it goes to Dense so.
                conv.forward(activations[l], activations[l + 2], count: n, inputShape: engine.shapes[l],
                             parameters: engine.layerParameters[l], scratch: scratch, thenReLU: true,
                             planesOutput: engine.handoff?.conv == l)
            } else {
                layer.forward(activations[l], activations[l + 1], count: n, inputShape: engine.shapes[l],
                              parameters: engine.layerParameters[l], scratch: scratch)
            }
        }
        let K = engine.sizes.last!, p = activations.last!
        var result = start
        for i in 0..<n {
            let label = data.label(at: indices[i])
            precondition(label >= 0 && label < K, "BatchEngine: label \(label) of sample \(indices[i]), the model has \(K) classes")
            result.lossSum += Double(SparseCategoricalCrossEntropy.loss(p + i * K, label: label))
            if argmax(p + i * K, count: K) == label { result.correct += 1 }
        }
        return result
    }

    /// Backpropagates the batch's mean loss over the piece `forward` ran, from the fused softmax +
    /// cross-entropy gradient down to the first layer with parameters, writing the piece's dL/dθ
    /// to `layerGradients` (a shard's, per layer).
    func backward(_ engine: BatchEngine, _ data: some LabeledSamples, _ indices: UnsafeBufferPointer<Int>, batchSize B: Int,
                  into layerGradients: [[UnsafeMutablePointer<Float>]]) {
        let n = indices.count, L = engine.layers.count
        let K = engine.sizes.last!, p = activations.last!
        for i in 0..<n {
            SparseCategoricalCrossEntropy.logitGradient(p + i * K, label: data.label(at: indices[i]), count: K,
                                                        batchSize: B, into: gradient + i * K)
        }
        // dy is dL/d(output of layer l); each dL/dx goes to whichever of the two gradient buffers
        // dy is not in (both, when dy is in an activation buffer).
        var dy = gradient
        func spare() -> UnsafeMutablePointer<Float> { dy == gradient ? nextGradient : gradient }
        // The softmax (layer L-1) is already inside the fused gradient; a reshape passes dL/dy on as it is.
        // A ReLU fused into the Conv2D below it is passed back through by that Conv2D.
        for l in stride(from: L - 2, through: engine.firstTrainable, by: -1)
        where !engine.layers[l].isReshape && !engine.reluIsFused(l) {
            let dx = l == engine.firstTrainable ? nil : spare()
            if let handoff = engine.handoff, l == handoff.dense, let dense = engine.layers[l] as? Dense {
                // dL/dx as planes, through the ReLU whose output is Dense's input x, written
                // over x (read for the last time here: see `Dense.backward`). The feature maps' cache
                // lines are rewritten where they are, instead of a fresh buffer as large being
                // brought into the cache for the gradient.
                let x = activations[l]
                dense.backward(x, dy, dx == nil ? nil : x, count: n, parameters: engine.layerParameters[l],
                               gradients: layerGradients[l], throughReLU: x)
                if dx != nil { dy = x }
            } else if let handoff = engine.handoff, l == handoff.conv, let conv = engine.layers[l] as? Conv2D {
                conv.backward(activations[l], dy, dx, count: n, inputShape: engine.shapes[l],
                              parameters: engine.layerParameters[l], gradients: layerGradients[l], scratch: scratch,
                              throughReLU: nil, planesGradient: true)
                if let dx { dy = dx }
            } else if engine.fusedReLU[l], let conv = engine.layers[l] as? Conv2D {
                conv.backward(activations[l], dy, dx, count: n, inputShape: engine.shapes[l],
                              parameters: engine.layerParameters[l], gradients: layerGradients[l], scratch: scratch,
                              throughReLU: activations[l + 2])
                if let dx { dy = dx }
            } else {
                engine.layers[l].backward(activations[l], activations[l + 1], dy, dx,
                                          count: n, inputShape: engine.shapes[l],
                                          parameters: engine.layerParameters[l],
                                          gradients: layerGradients[l], scratch: scratch)
                if let dx { dy = dx }
            }
        }
    }

    private func argmax(_ p: UnsafePointer<Float>, count K: Int) -> Int {
        var best = 0
        for k in 1..<K where p[k] > p[best] { best = k }
        return best
    }
}
