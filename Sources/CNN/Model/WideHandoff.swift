/// Conv2D, ReLU, Flatten, Dense in a row, trained with the feature maps left in Conv2D's wide layout.
///
/// Conv2D's fast kernels compute each output row at the input's width (see `Conv2D.Layout`): for the
/// reference model, rows of 28 positions of which the last 2 are junk. Passed on layer by layer,
/// every feature map is copied twice more per image: `narrow` drops the junk before Flatten, and
/// `widen` puts it back for the gradient (together 13.5% of a training run's CPU). Instead, the engine
/// gives Dense a copy of its weights in the wide layout, each unit's row spread out with zeros at
/// the junk columns and the padding (`Conv2D.Layout.spread`):
///
///     Dense forward:   y[n,o] = b[o] + Σk' Wwide[o,k'] · xwide[n,k']   (k' over the wide layout)
///     Dense backward:  dxwide[n,k'] = [r > 0] · Σo dy[n,o] · Wwide[o,k']   (through the ReLU, r = xwide)
///
/// Conv2D stores its ReLU'd outputs straight into the wide layout with the junk set to 0, so the
/// junk adds nothing to y, its dL/dW (Σn dy · x) is 0, and its dL/dx is stopped by the ReLU (r = 0
/// there): whatever an optimizer does to the junk weights, nothing else sees them, and
/// `narrowWeights` drops them when the trained weights are read back.
///
/// The sums of Dense's forward run over k' instead of k, so each lane adds a different set of
/// products than with the narrow layout: the logits differ from it in their last bits (on every
/// processor alike). Every other sum is the same, in the same order.
struct WideHandoff {
    /// The layers: Conv2D at `conv`, its ReLU at `conv + 1`, Flatten at `conv + 2`, Dense at `dense = conv + 3`.
    let conv: Int, dense: Int
    /// Conv2D's layout for its input shape: `layout.wideCount` floats an image.
    let layout: Conv2D.Layout
    /// The Dense layer's input width K, outH·outW·O.
    let narrowCount: Int

    /// The first Conv2D, ReLU, Flatten, Dense in a row among `layers`, whose inputs have `shapes`.
    init?(layers: [any Layer], shapes: [[Int]]) {
        guard let l = layers.indices.dropLast(3).first(where: { l in
            layers[l] is Conv2D && layers[l + 1] is ReLU && layers[l + 2] is Flatten && layers[l + 3] is Dense
        }), let convolution = layers[l] as? Conv2D else { return nil }
        conv = l
        dense = l + 3
        layout = Conv2D.Layout(inputShape: shapes[l], kernelShape: convolution.kernel.shape)
        narrowCount = layout.outH * layout.outW * layout.O
    }

    /// The layers training runs: Dense with its weight rows spread into the wide layout.
    func engineLayers(_ layers: [any Layer]) -> [any Layer] {
        var layers = layers
        let dense = layers[self.dense] as! Dense
        var wide = Tensor(shape: [dense.units, layout.wideCount])
        dense.weights.scalars.withUnsafeBufferPointer { narrow in
            wide.scalars.withUnsafeMutableBufferPointer { wide in
                for o in 0..<dense.units {
                    layout.spread(narrow.baseAddress! + o * narrowCount, into: wide.baseAddress! + o * layout.wideCount)
                }
            }
        }
        layers[self.dense] = Dense(weights: wide, bias: dense.bias)
        return layers
    }

    /// The sample shapes training uses: the feature maps, after the ReLU and after Flatten, are
    /// `layout.wideCount` floats.
    func engineShapes(_ shapes: [[Int]]) -> [[Int]] {
        var shapes = shapes
        for l in conv + 1 ... dense { shapes[l] = [layout.wideCount] }
        return shapes
    }

    /// Dense's weights `[O, K]` from the wide ones `[O, wideCount]`: the junk columns and padding dropped.
    func narrowWeights(_ wide: Tensor) -> Tensor {
        let units = wide.shape[0]
        var narrow = Tensor(shape: [units, narrowCount])
        wide.scalars.withUnsafeBufferPointer { wide in
            narrow.scalars.withUnsafeMutableBufferPointer { narrow in
                for o in 0..<units {
                    layout.gather(wide.baseAddress! + o * layout.wideCount, into: narrow.baseAddress! + o * narrowCount)
                }
            }
        }
        return narrow
    }
}
