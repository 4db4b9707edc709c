"""An independent numpy reference for vanish's batch gradient on Fashion-MNIST.

Usage: grad_reference.py NETWORK.json COST COUNT [DIR]
Reads the network vanish saved (vanish.network/1), the first COUNT training images and labels
straight from the IDX files in DIR (Debian's /usr/share/datasets/fashion-mnist by default),
scales pixels to [0, 1], makes labels one-hot, runs Nielsen's backprop over the batch and prints
{"C", "dw", "db"} as JSON: the mean cost and the mean gradients, layer 1 first.
numpy only; the equations are written out here, not taken from vanish.
"""
import gzip
import json
import sys

import numpy as np


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise SystemExit(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * d: 8 + 4 * d], "big") for d in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def activation(name):
    if name == "sigmoid":
        f = lambda z: 1.0 / (1.0 + np.exp(-z))
        return f, lambda z: f(z) * (1.0 - f(z))
    if name == "tanh":
        return np.tanh, lambda z: 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)
    if name == "linear":
        return lambda z: z, lambda z: np.ones_like(z)
    raise SystemExit(f"activation {name} is not in this reference")


def main():
    net_path, cost, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    directory = sys.argv[4] if len(sys.argv) > 4 else "/usr/share/datasets/fashion-mnist"
    net = json.load(open(net_path))
    layers = [(np.array(l["w"], dtype=float), np.array(l["b"], dtype=float), activation(l["activation"]))
              for l in net["layers"]]
    images = idx(f"{directory}/train-images-idx3-ubyte.gz")[:count].reshape(count, -1)
    labels = idx(f"{directory}/train-labels-idx1-ubyte.gz")[:count]
    x = images.T.astype(float) / 255.0          # one example per column
    y = np.zeros((layers[-1][0].shape[0], count))
    y[labels, np.arange(count)] = 1.0

    # Forward: z[l] = w[l] a[l-1] + b[l], a[l] = g(z[l]).
    zs, activations = [], [x]
    for w, b, (g, _) in layers:
        zs.append(w @ activations[-1] + b[:, None])
        activations.append(g(zs[-1]))
    a_out, z_out = activations[-1], zs[-1]
    if cost == "quadratic":
        C = 0.5 * np.sum((a_out - y) ** 2) / count
        delta = (a_out - y) * layers[-1][2][1](z_out)
    elif cost == "cross_entropy":
        # ln a = -softplus(-z), ln(1 - a) = -softplus(z), as the spec's cost is evaluated.
        softplus = lambda t: np.logaddexp(0.0, t)
        C = np.sum(y * softplus(-z_out) + (1 - y) * softplus(z_out)) / count
        delta = a_out - y
    else:
        raise SystemExit(f"cost {cost} is not in this reference")
    # Backward: delta[l] = (w[l+1]^T delta[l+1]) * g'(z[l]); dw = delta a^T / m, db = mean delta.
    dws, dbs = [], []
    for l in range(len(layers) - 1, -1, -1):
        dws.insert(0, delta @ activations[l].T / count)
        dbs.insert(0, delta.mean(axis=1))
        if l > 0:
            delta = (layers[l][0].T @ delta) * layers[l - 1][2][1](zs[l - 1])
    json.dump({"C": C, "dw": [d.tolist() for d in dws], "db": [d.tolist() for d in dbs]}, sys.stdout)


if __name__ == "__main__":
    main()
