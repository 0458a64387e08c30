/// Slow, obvious versions of the layer kernels, one loop per index of the formula, summed in
/// Double. The fast kernels are tested against these; they are also the clearest statement of
/// what each layer computes.
public enum Reference {
    /// out[n,y,x,o] = b[o] + Σi Σj Σc w[i,j,c,o] · in[n,y+i,x+j,c]
    ///
    /// in is (N, H, W, C), w is (KH, KW, C, O), b is (O); out is (N, H-KH+1, W-KW+1, O).
    public static func conv2D(_ input: Tensor, kernel w: Tensor, bias b: Tensor) -> Tensor {
        let (N, H, W, C) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let (KH, KW, O) = (w.shape[0], w.shape[1], w.shape[3])
        precondition(w.shape[2] == C && b.shape == [O], "Reference.conv2D: shapes \(input.shape), \(w.shape), \(b.shape)")
        var out = Tensor(shape: [N, H - KH + 1, W - KW + 1, O])
        for n in 0..<N {
            for y in 0..<(H - KH + 1) {
                for x in 0..<(W - KW + 1) {
                    for o in 0..<O {
                        var sum = Double(b[o])
                        for i in 0..<KH {
                            for j in 0..<KW {
                                for c in 0..<C { sum += Double(w[i, j, c, o]) * Double(input[n, y + i, x + j, c]) }
                            }
                        }
                        out[n, y, x, o] = Float(sum)
                    }
                }
            }
        }
        return out
    }

    /// The gradients of `conv2D` given dL/dout, for every n, y, x, o, i, j, c:
    ///
    ///     din[n,y+i,x+j,c] += w[i,j,c,o] · dout[n,y,x,o]
    ///     dw[i,j,c,o]      += in[n,y+i,x+j,c] · dout[n,y,x,o]
    ///     db[o]            += dout[n,y,x,o]
    public static func conv2DBackward(_ input: Tensor, kernel w: Tensor, outputGradient dout: Tensor)
        -> (input: Tensor, kernel: Tensor, bias: Tensor) {
        let C = input.shape[3]
        let (KH, KW, O) = (w.shape[0], w.shape[1], w.shape[3])
        let (N, outH, outW) = (dout.shape[0], dout.shape[1], dout.shape[2])
        var din = [Double](repeating: 0, count: input.count)
        var dw = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: O)
        for n in 0..<N {
            for y in 0..<outH {
                for x in 0..<outW {
                    for o in 0..<O {
                        let g = Double(dout[n, y, x, o])
                        db[o] += g
                        for i in 0..<KH {
                            for j in 0..<KW {
                                for c in 0..<C {
                                    din[input.offset([n, y + i, x + j, c])] += Double(w[i, j, c, o]) * g
                                    dw[w.offset([i, j, c, o])] += Double(input[n, y + i, x + j, c]) * g
                                }
                            }
                        }
                    }
                }
            }
        }
        return (Tensor(shape: input.shape, scalars: din.map(Float.init)),
                Tensor(shape: w.shape, scalars: dw.map(Float.init)),
                Tensor(shape: [O], scalars: db.map(Float.init)))
    }

    /// y[n,o] = b[o] + Σk W[o,k] · x[n,k]
    ///
    /// x is (N, K), W is (O, K), b is (O); y is (N, O).
    public static func dense(_ x: Tensor, weights W: Tensor, bias b: Tensor) -> Tensor {
        let (N, K, O) = (x.shape[0], x.shape[1], W.shape[0])
        precondition(W.shape[1] == K && b.shape == [O], "Reference.dense: shapes \(x.shape), \(W.shape), \(b.shape)")
        var y = Tensor(shape: [N, O])
        for n in 0..<N {
            for o in 0..<O {
                var sum = Double(b[o])
                for k in 0..<K { sum += Double(W[o, k]) * Double(x[n, k]) }
                y[n, o] = Float(sum)
            }
        }
        return y
    }

    /// The gradients of `dense` given dL/dy:
    ///
    ///     dx[n,k] = Σo dy[n,o] · W[o,k],   dW[o,k] = Σn dy[n,o] · x[n,k],   db[o] = Σn dy[n,o]
    public static func denseBackward(_ x: Tensor, weights W: Tensor, outputGradient dy: Tensor)
        -> (input: Tensor, weights: Tensor, bias: Tensor) {
        let (N, K, O) = (x.shape[0], x.shape[1], W.shape[0])
        var dx = Tensor(shape: x.shape), dW = Tensor(shape: W.shape), db = Tensor(shape: [O])
        for n in 0..<N {
            for k in 0..<K {
                var sum = 0.0
                for o in 0..<O { sum += Double(dy[n, o]) * Double(W[o, k]) }
                dx[n, k] = Float(sum)
            }
        }
        for o in 0..<O {
            for k in 0..<K {
                var sum = 0.0
                for n in 0..<N { sum += Double(dy[n, o]) * Double(x[n, k]) }
                dW[o, k] = Float(sum)
            }
            var sum = 0.0
            for n in 0..<N { sum += Double(dy[n, o]) }
            db[o] = Float(sum)
        }
        return (dx, dW, db)
    }
}
