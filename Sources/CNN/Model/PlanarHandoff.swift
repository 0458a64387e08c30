/// Conv2D, ReLU, Flatten, Dense in a row, trained with the feature maps handed over as planes.
///
/// Flatten lays Conv2D's output out as (H', W', O): the O filters' values at each position side
/// by side. Conv2D's fast kernels compute one filter's plane at a time (see `Conv2D.Layout`), so
/// in training they store each plane whole instead, (O, H', W'), and the engine gives Dense a copy
/// of its weights in the same order, each unit's row rearranged (`Conv2D.Layout.spread`):
///
///     Dense forward:   y[n,o] = b[o] + Σk' Wp[o,k'] · xp[n,k']   (k' over the planes)
///     Dense backward:  dxp[n,k'] = [r > 0] · Σo dy[n,o] · Wp[o,k']   (through the ReLU, r = xp)
///
/// The same numbers, in another order: nothing is added or left out, so every gradient is the
/// model's, and `modelWeights` puts the trained weights back in Flatten's order. Scattering each
/// value to its place in Flatten's order, and gathering the gradient back, cost more than the
/// ReLU and Flatten together.
///
/// The sums of Dense's forward run over k' instead of k, so each lane adds a different set of
/// products than in Flatten's order: the logits differ from it in their last bits (on every
/// processor alike). Every other sum is the same, in the same order.
struct PlanarHandoff {
    /// The layers: Conv2D at `conv`, its ReLU at `conv + 1`, Flatten at `conv + 2`, Dense at `dense = conv + 3`.
    let conv: Int, dense: Int
    /// Conv2D's layout for its input shape.
    let layout: Conv2D.Layout
    /// The Dense layer's input width K, outH·outW·O, in either order.
    let count: Int

    /// The first Conv2D, ReLU, Flatten, Dense in a row among `layers`, whose inputs have `shapes`.
    init?(layers: [any Layer], shapes: [[Int]]) {
        guard let l = layers.indices.dropLast(3).first(where: { l in
            layers[l] is Conv2D && layers[l + 1] is ReLU && layers[l + 2] is Flatten && layers[l + 3] is Dense
        }), let convolution = layers[l] as? Conv2D else { return nil }
        conv = l
        dense = l + 3
        layout = Conv2D.Layout(inputShape: shapes[l], kernelShape: convolution.kernel.shape)
        count = layout.outH * layout.outW * layout.O
    }

    /// The layers training runs: Dense with its weight rows in the order of the planes.
    func engineLayers(_ layers: [any Layer]) -> [any Layer] {
        var layers = layers
        let dense = layers[self.dense] as! Dense
        layers[self.dense] = Dense(weights: rearranged(dense.weights, layout.spread), bias: dense.bias)
        return layers
    }

    /// The sample shapes training uses: the ReLU's output is planes, not (H', W', O).
    func engineShapes(_ shapes: [[Int]]) -> [[Int]] {
        var shapes = shapes
        shapes[conv + 1] = [count]
        shapes[conv + 2] = [count]
        return shapes
    }

    /// Dense's weights `[O, K]` in Flatten's order, from the ones training uses.
    func modelWeights(_ planes: Tensor) -> Tensor { rearranged(planes, layout.gather) }

    /// Each row of `weights` moved by `move(from, to)`.
    private func rearranged(_ weights: Tensor,
                            _ move: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        var result = Tensor(shape: weights.shape)
        weights.scalars.withUnsafeBufferPointer { source in
            result.scalars.withUnsafeMutableBufferPointer { target in
                for o in 0..<weights.shape[0] { move(source.baseAddress! + o * count, target.baseAddress! + o * count) }
            }
        }
        return result
    }
}
