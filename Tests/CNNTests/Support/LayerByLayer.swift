import CNN

/// dL/dθ of the mean cross-entropy of `batch` (labels `labels`), for every layer of `model`, through
/// each layer's Tensor API chained by hand: forward layer by layer, then back from
/// dL/dz = (p - onehot) / N, the gradient of softmax and cross-entropy together. An independent
/// path to compare the training engine with (its shards, tiles, layouts and fused gradients).
func layerByLayerGradients(_ model: Sequential, batch: Tensor, labels: [Int]) -> [[Tensor]] {
    let layers = model.layers, N = labels.count
    var inputs = [batch]
    for layer in layers.dropLast() { inputs.append(layer.forward(inputs.last!)) }
    let p = layers.last!.forward(inputs.last!)
    var dz = Tensor(shape: p.shape, scalars: p.scalars.map { $0 / Float(N) })
    for n in 0..<N { dz[n, labels[n]] -= 1 / Float(N) }
    var gradients: [[Tensor]] = Array(repeating: [], count: layers.count)
    var g = dz
    for l in stride(from: layers.count - 2, through: 0, by: -1) {
        let step = layers[l].backward(inputs[l], outputGradient: g)
        gradients[l] = step.parameters
        g = step.input
    }
    return gradients
}
