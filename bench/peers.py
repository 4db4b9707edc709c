#!/usr/bin/env python3
"""The peers of vanish-bench: issue 7's and issue 15's workloads written as a numpy user would.

    python3 bench/peers.py WORKLOAD PEER      (WORKLOAD: w1 w2 w3 w4 w5)
    python3 bench/peers.py w5 check DIR       (W5 from vanish's start, batch by batch; see below)
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
W5 is dense(784, 64, tanh), then 20 pre-norm residual blocks, each a = a + tanh(w LN(a) + b)
with its own layernorm (gain, shift), a last layernorm, and dense(64, 10, softmax) under the
log-likelihood cost, lr 0.1, batches of 32 (`w5_step`).
Only the training loop is timed, not loading the data or measuring accuracy; every peer runs
three times from the same start (the accuracy is the first run's), as vanish-bench runs its own.

`w5 check DIR` reads what `vanish-bench check` wrote into DIR: vanish's W5 network before
training (`start.json`, the fields of vanish.network/2), for each k the order of the examples of
vanish's first k batches (`orders.txt`, a line `k i1 i2 ...`), and vanish's network after the
last k (`after.json`). From that start it trains the same batches and prints
`CHECK k cost` (the mean cost over the 10,000 test images after k batches) and
`CHECK weights maxdiff` (the largest difference from vanish's parameters after the last k).
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


W5_WIDTH, W5_BLOCKS, W5_BATCH, W5_LR, EPS = 64, 20, 32, 0.1, 1e-5


def w5_network(rng):
    """W5's parameters, drawn as vanish draws them (Nielsen's: w ~ N(0, 1/n_in), b ~ N(0, 1);
    a layernorm's gain 1 and shift 0): a dict of arrays, a block's as lists of 20."""
    def dense(n_in, n_out):
        return rng.standard_normal((n_out, n_in)) / np.sqrt(n_in), rng.standard_normal((n_out, 1))
    width = W5_WIDTH
    net = {"gain": [], "shift": [], "w": [], "b": []}
    net["w0"], net["b0"] = dense(784, width)
    for _ in range(W5_BLOCKS):
        net["gain"].append(np.ones((width, 1)))
        net["shift"].append(np.zeros((width, 1)))
        w, b = dense(width, width)
        net["w"].append(w)
        net["b"].append(b)
    net["gainL"], net["shiftL"] = np.ones((width, 1)), np.zeros((width, 1))
    net["wL"], net["bL"] = dense(width, 10)
    return net


def layernorm(x, gain, shift):
    """Per example (column): gain (.) (x - mean) / sqrt(var + eps) + shift, the variance biased."""
    xc = x - x.mean(axis=0, keepdims=True)
    inv = 1.0 / np.sqrt((xc * xc).mean(axis=0, keepdims=True) + EPS)
    xhat = xc * inv
    return gain * xhat + shift, xhat, inv


def layernorm_backward(d, gain, xhat, inv):
    """dC/dx from d = dC/d(out), per example: (g - mean(g) - xhat mean(g xhat)) / sqrt(var + eps)."""
    g = d * gain
    return (g - g.mean(axis=0, keepdims=True) - xhat * (g * xhat).mean(axis=0, keepdims=True)) * inv


def w5_outputs(net, x):
    """The output layer's z for the examples in the columns of x, with the last layernorm's
    input and output for backprop."""
    h = np.tanh(net["w0"] @ x + net["b0"])
    for gain, shift, w, b in zip(net["gain"], net["shift"], net["w"], net["b"]):
        h = h + np.tanh(w @ layernorm(h, gain, shift)[0] + b)
    return net["wL"] @ layernorm(h, net["gainL"], net["shiftL"])[0] + net["bL"]


def w5_step(net, x, t, lr):
    """One sgd step on the batch in the columns of x (targets one-hot in t): forward keeping
    what backward needs, then backward, each layer's parameters stepped once its gradient
    and the gradient it hands down are made."""
    m = x.shape[1]
    first = np.tanh(net["w0"] @ x + net["b0"])
    h = first
    blocks = []
    for gain, shift, w, b in zip(net["gain"], net["shift"], net["w"], net["b"]):
        n, xhat, inv = layernorm(h, gain, shift)
        u = np.tanh(w @ n + b)
        blocks.append((n, xhat, inv, u))
        h = h + u
    nL, xhatL, invL = layernorm(h, net["gainL"], net["shiftL"])
    z = net["wL"] @ nL + net["bL"]
    e = np.exp(z - z.max(axis=0, keepdims=True))
    delta = e / e.sum(axis=0, keepdims=True) - t  # softmax with log-likelihood: a - y
    step = lr / m
    dn = net["wL"].T @ delta
    net["wL"] -= step * (delta @ nL.T)
    net["bL"] -= step * delta.sum(axis=1, keepdims=True)
    grad = layernorm_backward(dn, net["gainL"], xhatL, invL)  # dC/dh: the residual stream's
    net["gainL"] -= step * (dn * xhatL).sum(axis=1, keepdims=True)
    net["shiftL"] -= step * dn.sum(axis=1, keepdims=True)
    for i in range(W5_BLOCKS - 1, -1, -1):
        n, xhat, inv, u = blocks[i]
        du = grad * (1 - u * u)
        dn = net["w"][i].T @ du
        net["w"][i] -= step * (du @ n.T)
        net["b"][i] -= step * du.sum(axis=1, keepdims=True)
        grad = grad + layernorm_backward(dn, net["gain"][i], xhat, inv)  # the skip, and the block
        net["gain"][i] -= step * (dn * xhat).sum(axis=1, keepdims=True)
        net["shift"][i] -= step * dn.sum(axis=1, keepdims=True)
    dz = grad * (1 - first * first)
    net["w0"] -= step * (dz @ x.T)
    net["b0"] -= step * dz.sum(axis=1, keepdims=True)


def w5_batches(net, x, y, order):
    eye = np.eye(10)
    for start in range(0, len(order), W5_BATCH):
        idx_ = order[start:start + W5_BATCH]
        w5_step(net, x[idx_].T, eye[:, y[idx_]], W5_LR)


def w5_cost(net, tx, ty):
    """The mean log-likelihood cost, ln(sum e^z) - z_y, and the accuracy."""
    z = w5_outputs(net, tx.T)
    top = z.max(axis=0)
    cost = top + np.log(np.exp(z - top).sum(axis=0)) - z[ty, np.arange(len(ty))]
    return float(cost.mean()), float(np.mean(np.argmax(z, axis=0) == ty))


def w5_copy(net):
    return {k: [a.copy() for a in v] if isinstance(v, list) else v.copy() for k, v in net.items()}


def w5(peer):
    if peer != "batched":
        raise SystemExit("w5 has the batched peer only")
    x, y, tx, ty = load()
    start_net = w5_network(np.random.default_rng(1))
    rates, accuracy_ = [], None
    for run in range(3):
        net = w5_copy(start_net)
        order = np.random.default_rng(2).permutation(len(x))
        start = time.perf_counter()
        w5_batches(net, x, y, order)
        rates.append(len(x) / (time.perf_counter() - start))
        if run == 0:
            accuracy_ = w5_cost(net, tx, ty)[1]
    return rates, accuracy_


def w5_from_vanish(path):
    """A network in vanish.network/2's fields, checked to be W5's shape, as w5_network's dict."""
    import json
    with open(path) as f:
        saved = json.load(f)
    layers = saved["layers"]
    kinds = [layer["kind"] for layer in layers]
    expected = ["dense"] + ["layernorm", "dense"] * W5_BLOCKS + ["layernorm", "dense"]
    skips = [(s["from"], s["to"]) for s in saved["skips"]]
    if kinds != expected or skips != [(2 + 2 * i, 3 + 2 * i) for i in range(W5_BLOCKS)]:
        raise SystemExit(f"{path} is not W5: kinds {kinds}, skips {skips}")
    col = lambda v: np.array(v, dtype=np.float64).reshape(-1, 1)
    net = {"gain": [], "shift": [], "w": [], "b": []}
    net["w0"], net["b0"] = np.array(layers[0]["w"]), col(layers[0]["b"])
    for i in range(W5_BLOCKS):
        norm, dense = layers[1 + 2 * i], layers[2 + 2 * i]
        net["gain"].append(col(norm["gain"]))
        net["shift"].append(col(norm["shift"]))
        net["w"].append(np.array(dense["w"]))
        net["b"].append(col(dense["b"]))
    net["gainL"], net["shiftL"] = col(layers[-2]["gain"]), col(layers[-2]["shift"])
    net["wL"], net["bL"] = np.array(layers[-1]["w"]), col(layers[-1]["b"])
    return net


def w5_check(directory):
    x, y, tx, ty = load()
    start_net = w5_from_vanish(f"{directory}/start.json")
    with open(f"{directory}/orders.txt") as f:
        orders = [[int(v) for v in line.split()] for line in f if line.strip()]
    net = None
    for k, *order in orders:
        net = w5_copy(start_net)
        w5_batches(net, x, y, np.array(order, dtype=np.int64))
        print(f"CHECK {k} {w5_cost(net, tx, ty)[0]!r}")
    theirs = w5_from_vanish(f"{directory}/after.json")
    diff = max(float(np.max(np.abs(a - b)))
               for key in net
               for a, b in (zip(net[key], theirs[key]) if isinstance(net[key], list) else [(net[key], theirs[key])]))
    print(f"CHECK weights {diff!r}")


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
    if workload == "w5" and peer == "check":
        return w5_check(sys.argv[3])
    accuracy_ = None
    if workload == "w4":
        rates = [best_of(chain_floats if peer == "floats" else chain_numpy) for _ in range(3)]
    elif workload == "w5":
        rates, accuracy_ = w5(peer)
    else:
        rates, accuracy_ = training(workload, peer)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {workload} {peer} {peak} {'-' if accuracy_ is None else accuracy_} {' '.join(map(str, rates))}")


if __name__ == "__main__":
    main()
