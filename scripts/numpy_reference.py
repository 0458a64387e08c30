#!/usr/bin/env python3
"""The yardstick for `tutor train`'s speed: the same training run written in plain numpy.

Same model, data and settings as `tutor train` (and `TutorBenchmark train`):
Conv2D(4 filters, 3x3, valid, ReLU) -> Flatten -> Dense(10, softmax), Glorot-uniform weights,
zero biases, Adam (Keras defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7), 5 epochs,
batches of 64, the last 20% of the 60,000 training images held out for validation, raw 0-255
pixels, shuffled each epoch, float32 throughout.

The convolution is the usual numpy idiom: the 3x3 patches gathered with stride tricks ("im2col")
and one matrix product, so numpy spends its time in BLAS. The weights are numpy's own random draw,
not tutor's, so the accuracy is comparable only roughly; the time is the figure that matters.

Usage: numpy_reference.py MNIST_DIRECTORY [--epochs 5]
Prints one JSON line: {"seconds": ..., "accuracy": ..., "val_accuracy": ...}. The time covers
training and validation, not loading the files (as TutorBenchmark's fit time).
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np


def read_idx(path, magic):
    """An IDX file's values as uint8, its magic number and sizes checked."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    found, = struct.unpack(">I", data[:4])
    if found != magic:
        sys.exit(f"{path}: bad magic number {found:#x}, expected {magic:#x}")
    dims = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    values = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims))
    if values.size != int(np.prod(dims)):
        sys.exit(f"{path}: {values.size} values, the header says {int(np.prod(dims))}")
    return values.reshape(dims)


def glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


def patches(x):
    """x (N, 28, 28) -> (N, 26, 26, 9): the 3x3 patch under every output pixel, as a view."""
    n, h, w = x.shape
    s = x.strides
    return np.lib.stride_tricks.as_strided(x, shape=(n, h - 2, w - 2, 3, 3),
                                           strides=(s[0], s[1], s[2], s[1], s[2])).reshape(n, h - 2, w - 2, 9)


def forward(params, x):
    wc, bc, wd, bd = params
    p = patches(x)                                   # (N, 26, 26, 9)
    z = p @ wc + bc                                  # (N, 26, 26, 4)
    a = np.maximum(z, 0)
    f = a.reshape(len(x), -1)                        # (N, 2704)
    logits = f @ wd + bd                             # (N, 10)
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    prob = e / e.sum(axis=1, keepdims=True)
    return p, z, f, prob


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="the directory with the four MNIST .gz files")
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    images = read_idx(os.path.join(args.data, "train-images-idx3-ubyte.gz"), 0x803).astype(np.float32)
    labels = read_idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz"), 0x801).astype(np.int64)
    if len(images) != len(labels):
        sys.exit(f"{len(images)} images but {len(labels)} labels")

    split = int(len(images) * (1 - 0.2))
    train_x, train_y, val_x, val_y = images[:split], labels[:split], images[split:], labels[split:]
    rng = np.random.default_rng(1)
    params = [glorot(rng, (9, 4), 9, 36), np.zeros(4, np.float32),
              glorot(rng, (2704, 10), 2704, 10), np.zeros(10, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = np.float32(0.001), np.float32(0.9), np.float32(0.999), np.float32(1e-7)
    t = 0
    batch = 64

    start = time.perf_counter()
    for epoch in range(args.epochs):
        order = rng.permutation(split)
        correct = 0
        for first in range(0, split, batch):
            index = order[first:first + batch]
            x, y = train_x[index], train_y[index]
            n = len(x)
            p, z, f, prob = forward(params, x)
            correct += int((prob.argmax(axis=1) == y).sum())
            # Softmax and cross-entropy together: dL/dlogits = (prob - onehot) / n.
            dlogits = prob
            dlogits[np.arange(n), y] -= 1
            dlogits /= n
            dwd = f.T @ dlogits
            dbd = dlogits.sum(axis=0)
            da = (dlogits @ params[2].T).reshape(z.shape)
            dz = da * (z > 0)
            dwc = p.reshape(-1, 9).T @ dz.reshape(-1, 4)
            dbc = dz.reshape(-1, 4).sum(axis=0)
            t += 1
            alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            for i, g in enumerate((dwc, dbc, dwd, dbd)):
                m[i] += (g - m[i]) * (1 - b1)
                v[i] += (g * g - v[i]) * (1 - b2)
                params[i] -= alpha * m[i] / (np.sqrt(v[i]) + eps)
        val_correct = 0
        for first in range(0, len(val_x), 256):
            prob = forward(params, val_x[first:first + 256])[3]
            val_correct += int((prob.argmax(axis=1) == val_y[first:first + 256]).sum())
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": round(seconds, 3), "accuracy": correct / split,
                      "val_accuracy": val_correct / len(val_x)}))


if __name__ == "__main__":
    main()
