#!/usr/bin/env python3
"""The peers of vanish-bench: issue 7's workloads written as a numpy user would write them.

    python3 bench/peers.py WORKLOAD PEER      (WORKLOAD: w1 w2 w3 w4)
    python3 bench/peers.py info               (numpy's version, its OpenBLAS, kernel and threads)

PEER is `batched` (a whole mini-batch per matrix product, examples as columns), `network.py`
(Nielsen's network.py: backprop one example at a time, as column vectors) or, for w4, `floats`
(plain Python floats, no numpy). Prints one line, `RESULT workload peer peakMB accuracy rate
rate rate` (the rate of each of three runs), which vanish-bench reads. W1-W3 are vanish-bench's:
sigmoid layers, quadratic cost, learning rate 3, Nielsen's initialisation, Double precision, one
epoch over the 60,000 Fashion-MNIST training images (network.py: the first 10,000 of the epoch
for W1, 5,000 for W2 and W3, since a whole epoch takes a minute; the rate is what counts); w4
times dense(1,1,sigmoid) x 50, one example's gradient (forward and backward, every dC/dw and
dC/db), repeated: a run is the best rate of ten stretches of 0.1 s, as vanish-bench measures it.
Only the training loop is timed, not loading the data or measuring accuracy; every peer runs
three times from the same start (the accuracy is the first run's), as vanish-bench runs its own.
"""
import gzip
import math
import resource
import sys
import time

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(f"{DATA}/{name}") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load():
    """Inputs as float64 in [0, 1], one example per row; labels as class numbers."""
    x = idx("train-images-idx3-ubyte.gz").reshape(60000, 784) / 255.0
    y = idx("train-labels-idx1-ubyte.gz").astype(np.int64)
    tx = idx("t10k-images-idx3-ubyte.gz").reshape(10000, 784) / 255.0
    ty = idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
    return x, y, tx, ty


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def network(sizes, rng):
    ws = [rng.standard_normal((o, i)) / np.sqrt(i) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [rng.standard_normal((o, 1)) for o in sizes[1:]]
    return ws, bs


def accuracy(ws, bs, tx, ty):
    a = tx.T
    for w, b in zip(ws, bs):
        a = sigmoid(w @ a + b)
    return float(np.mean(np.argmax(a, axis=0) == ty))


def batched_epoch(ws, bs, x, y, batch, lr, rng):
    """One epoch, a mini-batch at a time: X is (784, m), every layer one matrix product."""
    n = len(x)
    order = rng.permutation(n)
    eye = np.eye(10)
    for start in range(0, n, batch):
        idx_ = order[start:start + batch]
        a = x[idx_].T
        t = eye[:, y[idx_]]
        m = a.shape[1]
        acts = [a]
        for w, b in zip(ws, bs):
            a = sigmoid(w @ a + b)
            acts.append(a)
        delta = (a - t) * a * (1 - a)
        for l in range(len(ws) - 1, -1, -1):
            gw = delta @ acts[l].T
            gb = delta.sum(axis=1, keepdims=True)
            if l > 0:
                back = ws[l].T @ delta
                delta = back * acts[l] * (1 - acts[l])
            ws[l] -= (lr / m) * gw
            bs[l] -= (lr / m) * gb
    return n


def backprop(ws, bs, x, y):
    """Nielsen's network.py backprop for one example (column vectors)."""
    nabla_b = [np.zeros(b.shape) for b in bs]
    nabla_w = [np.zeros(w.shape) for w in ws]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(bs, ws):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())
    for l in range(2, len(ws) + 1):
        z = zs[-l]
        sp = sigmoid_prime(z)
        delta = np.dot(ws[-l + 1].transpose(), delta) * sp
        nabla_b[-l] = delta
        nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
    return nabla_b, nabla_w


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def per_example_epoch(ws, bs, x, y, batch, lr, rng, limit):
    """network.py's update_mini_batch: the gradient summed one example at a time."""
    n = len(x)
    order = rng.permutation(n)[:limit]
    eye = np.eye(10)
    for start in range(0, len(order), batch):
        mini = order[start:start + batch]
        nabla_b = [np.zeros(b.shape) for b in bs]
        nabla_w = [np.zeros(w.shape) for w in ws]
        for i in mini:
            dnb, dnw = backprop(ws, bs, x[i].reshape(784, 1), eye[:, y[i]].reshape(10, 1))
            nabla_b = [nb + d for nb, d in zip(nabla_b, dnb)]
            nabla_w = [nw + d for nw, d in zip(nabla_w, dnw)]
        for l in range(len(ws)):
            ws[l] -= (lr / len(mini)) * nabla_w[l]
            bs[l] -= (lr / len(mini)) * nabla_b[l]
    return len(order)


def training(workload, peer):
    sizes, batch = {"w1": ([784, 30, 10], 10), "w2": ([784, 100, 100, 100, 10], 10),
                    "w3": ([784, 100, 100, 100, 10], 128)}[workload]
    x, y, tx, ty = load()
    rng = np.random.default_rng(1)
    start_ws, start_bs = network(sizes, rng)
    rates, accuracy_ = [], None
    for run in range(3):
        ws, bs = [w.copy() for w in start_ws], [b.copy() for b in start_bs]
        shuffle = np.random.default_rng(2)
        start = time.perf_counter()
        if peer == "batched":
            n = batched_epoch(ws, bs, x, y, batch, 3.0, shuffle)
        else:
            limit = 10000 if workload == "w1" else 5000
            n = per_example_epoch(ws, bs, x, y, batch, 3.0, shuffle, limit)
        rates.append(n / (time.perf_counter() - start))
        if run == 0:
            accuracy_ = accuracy(ws, bs, tx, ty)
    return rates, accuracy_


def best_of(ten, stretch=0.1):
    """One run of W4: the best rate of ten stretches of `stretch` seconds (other processes only
    slow one down)."""
    return max(ten(stretch) for _ in range(10))


def chain_floats(seconds):
    """W4 in plain Python floats: 50 sigmoid neurons in a row, forward and backward."""
    import random
    random.seed(1)
    w = [random.gauss(0, 1) for _ in range(50)]
    b = [random.gauss(0, 1) for _ in range(50)]
    x, y = 1.0, 0.0
    exp = math.exp
    layers = range(50)
    back = range(49, -1, -1)
    a = [0.0] * 51
    dw = [0.0] * 50
    db = [0.0] * 50
    chains = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(1000):
            a[0] = out = x
            for l in layers:
                z = w[l] * out + b[l]
                if z >= 0:
                    out = 1.0 / (1.0 + exp(-z))
                else:
                    e = exp(z)
                    out = e / (1.0 + e)
                a[l + 1] = out
            delta = (out - y) * out * (1.0 - out)
            for l in back:
                db[l] = delta
                al = a[l]
                dw[l] = delta * al
                delta = w[l] * delta * al * (1.0 - al)
        chains += 1000
    return chains / (time.perf_counter() - start)


def chain_numpy(seconds):
    """W4 with network.py's backprop on 1x1 arrays."""
    rng = np.random.default_rng(1)
    ws, bs = network([1] * 51, rng)
    x = np.array([[1.0]])
    y = np.array([[0.0]])
    chains = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(100):
            backprop(ws, bs, x, y)
        chains += 100
    return chains / (time.perf_counter() - start)


def info():
    """numpy's version and its OpenBLAS: the build's configuration, the kernel it chose and its
    threads (through the library's own functions, when it is numpy's bundled scipy-openblas)."""
    import ctypes
    import glob
    import os
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    text = f"numpy {np.__version__} with {blas.get('name', '?')} {blas.get('version', '?')}"
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "libscipy_openblas*.so"))
    try:
        lib = ctypes.CDLL(libs[0])
        corename = lib.scipy_openblas_get_corename64_
        corename.restype = ctypes.c_char_p
        text += f", kernel {corename().decode()}, {lib.scipy_openblas_get_num_threads64_()} thread(s)"
    except (IndexError, OSError, AttributeError):
        pass
    print(f"INFO {text}; Python {sys.version.split()[0]}")


def main():
    if sys.argv[1:] == ["info"]:
        return info()
    workload, peer = sys.argv[1], sys.argv[2]
    accuracy_ = None
    if workload == "w4":
        rates = [best_of(chain_floats if peer == "floats" else chain_numpy) for _ in range(3)]
    else:
        rates, accuracy_ = training(workload, peer)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {workload} {peer} {peak} {'-' if accuracy_ is None else accuracy_} {' '.join(map(str, rates))}")


if __name__ == "__main__":
    main()
