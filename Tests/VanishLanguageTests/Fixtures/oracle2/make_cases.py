#!/usr/bin/env python3
"""Independent numpy reference for vanish: residual skips, layernorm, batchnorm, softmax.

Writes cases/NAME/{network.json, example.json, expected.json[, updated.json][, eval.json]}
next to this script.  Written from the equations in README.md only (python3 + numpy,
float64, fixed seeds).  Every gradient is checked here against central finite
differences of the cost (4th-order stencil, evaluated in extended precision), and the
script stops with an error if any entry disagrees by more than 1e-6 relative.

    python3 make_cases.py            # writes the cases, prints the check per case
"""
import json
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")

F64 = np.float64
EXT = np.longdouble          # 80-bit extended on x86-64: used for the finite differences
LEAKY = 0.01
ELU_ALPHA = 1.0
FD_H = 1e-4                  # step of the 4th-order central difference (in EXT)
FD_RTOL = 1e-6               # the check's bound on relative disagreement

# ----------------------------------------------------------------------------- activations


def act(name, z):
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0 * z)
    if name == "leaky_relu":
        return np.where(z > 0, z, LEAKY * z)
    if name == "elu":
        return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0 * z)))
    if name == "softplus":
        return np.logaddexp(0 * z, z)          # log(1 + e^z)
    if name == "linear":
        return z + 0 * z
    if name == "softmax":                      # per column (one column = one example)
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)
    raise ValueError(name)


def dact(name, z):
    """g'(z), elementwise (not for softmax)."""
    one = 1 + 0 * z
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1 - s)
    if name == "tanh":
        t = np.tanh(z)
        return 1 - t * t
    if name == "relu":
        return np.where(z > 0, one, 0 * z)     # relu'(0) = 0
    if name == "leaky_relu":
        return np.where(z > 0, one, LEAKY * one)
    if name == "elu":
        return np.where(z > 0, one, ELU_ALPHA * np.exp(np.minimum(z, 0 * z)))
    if name == "softplus":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "linear":
        return one
    raise ValueError(name)


# ----------------------------------------------------------------------------- networks
# A network is {"layers": [layer dicts with numpy arrays], "skips": [(s, e), ...]}.
# Layers are numbered 1..L; layers[l-1] is layer l.


def dense(n_in, n_out, activation):
    return {"kind": "dense", "in": n_in, "out": n_out, "activation": activation}


def layernorm(n, eps=1e-5):
    return {"kind": "layernorm", "n": n, "eps": eps}


def batchnorm(n, eps=1e-5, momentum=0.1):
    return {"kind": "batchnorm", "n": n, "eps": eps, "momentum": momentum}


def sizes(layer):
    if layer["kind"] == "dense":
        return layer["in"], layer["out"]
    return layer["n"], layer["n"]


PARAMS = {"dense": ("w", "b"), "layernorm": ("gain", "shift"), "batchnorm": ("gain", "shift")}
GRADS = {"w": "dw", "b": "db", "gain": "dgain", "shift": "dshift"}


def init_net(specs, skips, rng):
    layers = []
    for spec in specs:
        layer = dict(spec)
        n_in, n_out = sizes(spec)
        if spec["kind"] == "dense":
            layer["w"] = rng.normal(0.0, 1.0, (n_out, n_in)) / np.sqrt(n_in)
            layer["b"] = 0.3 * rng.normal(0.0, 1.0, n_out)
        else:
            layer["gain"] = 1.0 + 0.3 * rng.normal(0.0, 1.0, n_out)
            layer["shift"] = 0.2 * rng.normal(0.0, 1.0, n_out)
            if spec["kind"] == "batchnorm":
                layer["running_mean"] = rng.normal(0.0, 0.5, n_out)
                layer["running_var"] = rng.uniform(0.5, 2.0, n_out)
        layers.append(layer)
    net = {"layers": layers, "skips": [tuple(s) for s in skips]}
    validate(net)
    return net


def validate(net):
    layers = net["layers"]
    L = len(layers)
    for i in range(1, L):
        assert sizes(layers[i])[0] == sizes(layers[i - 1])[1], "layer %d: input size" % (i + 1)
    for l, layer in enumerate(layers, 1):
        if layer["kind"] == "dense" and layer["activation"] == "softmax":
            assert l == L, "softmax is for the last layer only"
    for s, e in net["skips"]:
        assert 1 <= s <= e <= L, (s, e)
        assert sizes(layers[s - 1])[0] == sizes(layers[e - 1])[1], "skip %d->%d: sizes" % (s, e)


def cast(net, dt):
    out = {"skips": list(net["skips"]), "layers": []}
    for layer in net["layers"]:
        c = {}
        for k, v in layer.items():
            c[k] = np.array(v, dtype=dt) if isinstance(v, np.ndarray) else v
        out["layers"].append(c)
    return out


# ----------------------------------------------------------------------------- forward


def forward(net, X, mode, pert=None):
    """X: n0 x m (one column per example).  mode: "train" or "eval" (batchnorm only).
    pert: optional {l: n_l x m} added to z[l] (used to check the per-example deltas).
    Returns dict with A[0..L], Z[1..L] (Z[0] = None) and the norm layers' caches."""
    layers = net["layers"]
    L = len(layers)
    A = [X]
    Z = [None]
    cache = [None]
    for l in range(1, L + 1):
        layer = layers[l - 1]
        a_in = A[l - 1]
        c = None
        if layer["kind"] == "dense":
            z = layer["w"] @ a_in + layer["b"][:, None]      # product first, then the bias
            if pert is not None and l in pert:
                z = z + pert[l]
            out = act(layer["activation"], z)
        else:
            eps = layer["eps"]
            if layer["kind"] == "layernorm":                 # per example, over the units
                mu = a_in.mean(axis=0, keepdims=True)
                var = ((a_in - mu) ** 2).mean(axis=0, keepdims=True)
            elif mode == "train":                            # per unit, over the batch
                mu = a_in.mean(axis=1, keepdims=True)
                var = ((a_in - mu) ** 2).mean(axis=1, keepdims=True)
            else:                                            # eval: running estimates
                mu = layer["running_mean"][:, None]
                var = layer["running_var"][:, None]
            sigma = np.sqrt(var + eps)
            xhat = (a_in - mu) / sigma
            z = layer["gain"][:, None] * xhat + layer["shift"][:, None]
            if pert is not None and l in pert:
                z = z + pert[l]
            out = z
            c = {"mu": mu, "var": var, "sigma": sigma, "xhat": xhat}
        a = out
        for s, e in net["skips"]:
            if e == l:
                a = a + A[s - 1]
        Z.append(z)
        A.append(a)
        cache.append(c)
    return {"A": A, "Z": Z, "cache": cache, "mode": mode}


def costs(cost, aL, Y):
    """Per-example costs (vector of length m)."""
    if cost == "quadratic":
        return 0.5 * ((aL - Y) ** 2).sum(axis=0)
    if cost == "cross_entropy":
        return -(Y * np.log(aL) + (1 - Y) * np.log(1 - aL)).sum(axis=0)
    if cost == "log_likelihood":
        return -(Y * np.log(aL)).sum(axis=0)                 # y one-hot: -ln a_k
    raise ValueError(cost)


def mean_cost(net, X, Y, cost, mode, pert=None):
    fw = forward(net, X, mode, pert)
    return costs(cost, fw["A"][-1], Y).mean()


# ----------------------------------------------------------------------------- backward


def backward(net, fw, Y, cost):
    """Gradient of the batch's mean cost C = (1/m) sum_i c_i.
    Works with S[l] = m * dC/da[l] (column i = d(sum of costs)/da[l]_i), so that the
    per-example delta D[l][:, i] = m * dC/dz[l]_i is the usual delta when nothing couples
    the examples.  Returns (grads, D): grads[l] = {"dw","db"} or {"dgain","dshift"}."""
    layers = net["layers"]
    L = len(layers)
    A, Z, cache = fw["A"], fw["Z"], fw["cache"]
    m = A[0].shape[1]
    last = layers[L - 1]
    skip_to_L = any(e == L for _, e in net["skips"])

    S = [np.zeros_like(a) for a in A]
    D_L = None
    if cost == "quadratic":
        S[L] = A[L] - Y
    elif cost == "cross_entropy":
        assert last["kind"] == "dense" and last["activation"] == "sigmoid" and not skip_to_L
        S[L] = (A[L] - Y) / (A[L] * (1 - A[L]))
        D_L = A[L] - Y                                      # delta[L] = a - y
    elif cost == "log_likelihood":
        assert last["kind"] == "dense" and last["activation"] == "softmax" and not skip_to_L
        D_L = A[L] - Y                                      # delta[L] = a - y
    else:
        raise ValueError(cost)

    grads = [None] * (L + 1)
    D = [None] * (L + 1)
    for l in range(L, 0, -1):
        layer = layers[l - 1]
        G = S[l]
        for s, e in net["skips"]:                          # a skip s->e: dC/da[s-1] += dC/da[e]
            if e == l:
                S[s - 1] = S[s - 1] + G
        if layer["kind"] == "dense":
            if l == L and D_L is not None:
                d = D_L
            elif layer["activation"] == "softmax":          # delta = J^T G, J = diag(a) - a a^T
                o = act("softmax", Z[l])
                d = o * G - o * (o * G).sum(axis=0, keepdims=True)
            else:
                d = G * dact(layer["activation"], Z[l])
            grads[l] = {"dw": (d @ A[l - 1].T) / m, "db": d.sum(axis=1) / m}
            S[l - 1] = S[l - 1] + layer["w"].T @ d
        else:
            d = G                                          # delta = dC/d(out)
            c = cache[l]
            xhat, sigma = c["xhat"], c["sigma"]
            grads[l] = {"dgain": (d * xhat).sum(axis=1) / m, "dshift": d.sum(axis=1) / m}
            dxh = layer["gain"][:, None] * d
            if layer["kind"] == "layernorm":                # over the units of each example
                dx = (dxh - dxh.mean(axis=0, keepdims=True)
                      - xhat * (dxh * xhat).mean(axis=0, keepdims=True)) / sigma
            elif fw["mode"] == "train":                    # over the examples of the batch
                dx = (dxh - dxh.mean(axis=1, keepdims=True)
                      - xhat * (dxh * xhat).mean(axis=1, keepdims=True)) / sigma
            else:                                          # eval: a fixed affine map
                dx = dxh / sigma
            S[l - 1] = S[l - 1] + dx
        D[l] = d
    return grads, D


def structural_zero_db(net, l, mode):
    """db[l] (and so the mean delta[l]) is exactly 0 in exact arithmetic when layer l is a
    linear dense layer whose output a[l] = z[l] feeds only a batchnorm layer l+1 in
    training mode: a shift of b moves every example alike and the batch mean takes it away."""
    layers = net["layers"]
    if mode != "train" or l >= len(layers):
        return False
    layer = layers[l - 1]
    return (layer["kind"] == "dense" and layer["activation"] == "linear"
            and layers[l]["kind"] == "batchnorm"
            and not any(e == l for _, e in net["skips"])
            and not any(s == l + 1 for s, _ in net["skips"]))


# ----------------------------------------------------------------------------- checks


def fd(f, h):
    """4th-order central difference of f at 0 with step h."""
    return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h)


def compare(an, num, floor):
    """Max relative disagreement, and how many pairs are both below floor (zeros)."""
    an = np.asarray(an, dtype=EXT).ravel()
    num = np.asarray(num, dtype=EXT).ravel()
    big = np.maximum(np.abs(an), np.abs(num))
    zero = big <= floor
    rel = np.where(zero, 0, np.abs(an - num) / np.where(zero, 1, big))
    return float(rel.max()) if rel.size else 0.0, int(zero.sum())


def fd_check(net, X, Y, cost, mode, grads, D):
    """Central differences of C (in extended precision) w.r.t. every parameter and every
    per-example z[l]_i (times m, for the per-example deltas)."""
    netE = cast(net, EXT)
    XE, YE = X.astype(EXT), Y.astype(EXT)
    m = X.shape[1]
    h = EXT(FD_H)
    L = len(net["layers"])

    an_p, fd_p = [], []
    for l in range(1, L + 1):
        layer = netE["layers"][l - 1]
        for p in PARAMS[layer["kind"]]:
            arr = layer[p]
            for idx in np.ndindex(arr.shape):
                orig = arr[idx]

                def f(t):
                    arr[idx] = orig + t
                    return mean_cost(netE, XE, YE, cost, mode)
                fd_p.append(fd(f, h))
                arr[idx] = orig
                an_p.append(grads[l][GRADS[p]][idx])
    scale = max(abs(float(v)) for v in an_p)
    rel_p, zeros_p = compare(an_p, fd_p, 1e-12 * scale)

    an_d, fd_d = [], []
    for l in range(1, L + 1):
        P = np.zeros_like(D[l], dtype=EXT)
        for idx in np.ndindex(P.shape):
            def f(t):
                P[idx] = t
                return mean_cost(netE, XE, YE, cost, mode, {l: P})
            fd_d.append(m * fd(f, h))
            P[idx] = 0
            an_d.append(D[l][idx])
    scale_d = max(abs(float(v)) for v in an_d)
    rel_d, zeros_d = compare(an_d, fd_d, 1e-12 * scale_d)
    return rel_p, zeros_p, len(an_p), rel_d, zeros_d, len(an_d)


def check_against_extended(net, X, Y, cost, mode, grads):
    """The same equations evaluated in extended precision: how much float64 rounding is in
    the written values."""
    netE = cast(net, EXT)
    fwE = forward(netE, X.astype(EXT), mode)
    gE, _ = backward(netE, fwE, Y.astype(EXT), cost)
    an, ex = [], []
    for l in range(1, len(grads)):
        for k in grads[l]:
            an.extend(np.ravel(grads[l][k]))
            ex.extend(np.ravel(gE[l][k]))
    scale = max(abs(float(v)) for v in ex)
    return compare(an, ex, 1e-12 * scale)[0]


def check_mean_of_examples(net, X, Y, cost, mode, grads, D):
    """Without batchnorm the batch gradient is the mean of the per-example gradients, and
    column i of D is example i's own delta."""
    m = X.shape[1]
    L = len(net["layers"])
    worst = 0.0
    acc = [{k: 0 for k in grads[l]} for l in range(L + 1) if l > 0]
    for i in range(m):
        fw1 = forward(net, X[:, i:i + 1], mode)
        g1, D1 = backward(net, fw1, Y[:, i:i + 1], cost)
        for l in range(1, L + 1):
            for k in g1[l]:
                acc[l - 1][k] = acc[l - 1][k] + g1[l][k] / m
            diff = np.abs(D1[l][:, 0] - D[l][:, i]).max() / np.abs(D[l]).max()
            worst = max(worst, diff)
    for l in range(1, L + 1):
        for k in grads[l]:
            diff = np.abs(acc[l - 1][k] - grads[l][k]).max() / max(np.abs(grads[l][k]).max(), 1e-300)
            worst = max(worst, diff)
    assert worst < 1e-12, "batch gradient is not the mean of the per-example ones: %g" % worst
    return worst


# ----------------------------------------------------------------------------- json


def net_json(net):
    layers = []
    for layer in net["layers"]:
        if layer["kind"] == "dense":
            j = {"kind": "dense", "in": layer["in"], "out": layer["out"],
                 "activation": layer["activation"],
                 "w": layer["w"].tolist(), "b": layer["b"].tolist()}
        else:
            j = {"kind": layer["kind"], "n": layer["n"], "eps": layer["eps"]}
            if layer["kind"] == "batchnorm":
                j["momentum"] = layer["momentum"]
            j["gain"] = layer["gain"].tolist()
            j["shift"] = layer["shift"].tolist()
            if layer["kind"] == "batchnorm":
                j["running_mean"] = layer["running_mean"].tolist()
                j["running_var"] = layer["running_var"].tolist()
        layers.append(j)
    return {"format": "vanish.network/2", "layers": layers,
            "skips": [{"from": s, "to": e} for s, e in net["skips"]]}


def write(folder, name, obj):
    with open(os.path.join(folder, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def per_example(M, single):
    """A column vector for one example; a list of per-example vectors for a batch."""
    return M[:, 0].tolist() if single else M.T.tolist()


# ----------------------------------------------------------------------------- cases


def targets(cost, out_act, n, m, rng):
    if cost == "log_likelihood" or out_act == "softmax":
        Y = np.zeros((n, m))
        Y[rng.integers(0, n, m), np.arange(m)] = 1.0
        return Y
    if cost == "cross_entropy":
        return rng.integers(0, 2, (n, m)).astype(F64)
    return rng.uniform(0.0, 1.0, (n, m))


def acceptable(net, fw, grads, mode, relu_dead):
    """Nothing saturates and every number is nonzero (except what must be 0)."""
    L = len(net["layers"])
    for l in range(1, L + 1):
        layer = net["layers"][l - 1]
        z, a = fw["Z"][l], fw["A"][l]
        dead_ok = relu_dead and layer.get("activation") == "relu"
        if np.abs(z).min() < 1e-2 or (np.abs(a).min() < 1e-3 and not dead_ok):
            return False
        if layer["kind"] == "dense":
            g = layer["activation"]
            if g in ("sigmoid", "tanh") and np.abs(z).max() > 2.5:
                return False
            if g == "relu":
                if relu_dead:
                    if (z < 0).sum() != 1:
                        return False
                elif (z < 0).any():
                    return False
            if g in ("elu", "leaky_relu") and not ((z < 0).any() and (z > 0).any()):
                return False
            if g == "softmax" and a.min() < 0.03:
                return False
        if layer["kind"] == "batchnorm" and mode == "train" and fw["cache"][l]["var"].min() < 0.02:
            return False
    if relu_dead:
        return True
    for l in range(1, L + 1):
        for k, v in grads[l].items():
            if k == "db" and structural_zero_db(net, l, mode):
                continue
            scale = max(np.abs(v).max() for v in grads[l].values())
            if np.abs(v).min() < 1e-4 * scale:
                return False
    return True


def build(specs, skips, cost, m, single, seed, relu_dead=False):
    """Draws the network and the examples from seed, seed+1, ... until acceptable."""
    mode = "eval" if single else "train"
    for k in range(2000):
        rng = np.random.default_rng(seed + k)
        net = init_net(specs, skips, rng)
        n0 = sizes(net["layers"][0])[0]
        nL = sizes(net["layers"][-1])[1]
        X = rng.uniform(-1.0, 1.0, (n0, m))
        Y = targets(cost, net["layers"][-1].get("activation"), nL, m, rng)
        fw = forward(net, X, mode)
        grads, D = backward(net, fw, Y, cost)
        if acceptable(net, fw, grads, mode, relu_dead):
            return net, X, Y, mode, seed + k, rng
    raise RuntimeError("no acceptable draw from seed %d" % seed)


def case(name, specs, skips, cost, m=1, seed=0, relu_dead=False, lr=None, eval_example=False,
         note=""):
    single = (m == 1)
    net, X, Y, mode, used, rng = build(specs, skips, cost, m, single, seed, relu_dead)
    fw = forward(net, X, mode)
    grads, D = backward(net, fw, Y, cost)
    C = float(costs(cost, fw["A"][-1], Y).mean())
    L = len(net["layers"])

    rel_p, zeros_p, n_p, rel_d, zeros_d, n_d = fd_check(net, X, Y, cost, mode, grads, D)
    rel_ext = check_against_extended(net, X, Y, cost, mode, grads)
    has_bn = any(layer["kind"] == "batchnorm" for layer in net["layers"])
    if not (rel_p < FD_RTOL and rel_d < FD_RTOL):
        print("%s: fd params %.1e, deltas %.1e" % (name, rel_p, rel_d))
        sys.exit("FINITE-DIFFERENCE CHECK FAILED for %s (nothing written for it)" % name)
    mean_chk = None
    if not single and not has_bn:
        mean_chk = check_mean_of_examples(net, X, Y, cost, mode, grads, D)

    folder = os.path.join(OUT, name)
    os.makedirs(folder)
    write(folder, "network.json", net_json(net))
    if single:
        ex = {"cost": cost, "x": X[:, 0].tolist(), "y": Y[:, 0].tolist()}
    else:
        ex = {"cost": cost, "batch": [{"x": X[:, i].tolist(), "y": Y[:, i].tolist()}
                                      for i in range(m)]}
    write(folder, "example.json", ex)

    out_layers = []
    snapped = []
    for l in range(1, L + 1):
        layer = net["layers"][l - 1]
        delta = D[l].mean(axis=1)
        g = dict(grads[l])
        if layer["kind"] == "dense" and structural_zero_db(net, l, mode):
            scale = np.abs(g["dw"]).max()
            assert np.abs(g["db"]).max() < 1e-12 * scale, "db[%d] should vanish" % l
            g["db"] = np.zeros_like(g["db"])
            delta = np.zeros_like(delta)
            snapped.append(l)
        entry = {"layer": l, "kind": layer["kind"], "delta": delta.tolist()}
        if layer["kind"] == "dense":
            entry["dw"] = g["dw"].tolist()
            entry["db"] = g["db"].tolist()
        else:
            entry["dgain"] = g["dgain"].tolist()
            entry["dshift"] = g["dshift"].tolist()
        entry["norm_delta"] = float(np.sqrt((delta ** 2).sum()))
        entry["z"] = per_example(fw["Z"][l], single)
        entry["a"] = per_example(fw["A"][l], single)
        out_layers.append(entry)
    write(folder, "expected.json", {"format": "vanish.gradient/1", "cost": cost, "C": C,
                                    "layers": out_layers})

    if lr is not None:
        new = cast(net, F64)
        for l in range(1, L + 1):
            layer = new["layers"][l - 1]
            for p in PARAMS[layer["kind"]]:
                layer[p] = layer[p] - lr * grads[l][GRADS[p]]
            if layer["kind"] == "batchnorm":
                assert mode == "train"
                c = fw["cache"][l]
                mom = layer["momentum"]
                mu_b = c["mu"][:, 0]
                var_unbiased = c["var"][:, 0] * m / (m - 1)
                layer["running_mean"] = (1 - mom) * layer["running_mean"] + mom * mu_b
                layer["running_var"] = (1 - mom) * layer["running_var"] + mom * var_unbiased
        upd = net_json(new)
        upd["lr"] = lr
        write(folder, "updated.json", upd)
        # the cost falls after the step (same batch, training mode)
        C_after = float(mean_cost(new, X, Y, cost, mode))
        assert C_after < C, (C, C_after)

    if eval_example:
        x = rng.uniform(-1.0, 1.0, (X.shape[0], 1))
        fwe = forward(net, x, "eval")
        write(folder, "eval.json", {
            "x": x[:, 0].tolist(), "output": fwe["A"][-1][:, 0].tolist(),
            "layers": [{"layer": l, "z": fwe["Z"][l][:, 0].tolist(),
                        "a": fwe["A"][l][:, 0].tolist()} for l in range(1, L + 1)]})
        # cross-check of the two batchnorm paths: eval mode with the batch's own statistics
        # as running estimates gives the training-mode forward of that batch
        alt = cast(net, F64)
        for l in range(1, L + 1):
            if alt["layers"][l - 1]["kind"] == "batchnorm":
                alt["layers"][l - 1]["running_mean"] = fw["cache"][l]["mu"][:, 0]
                alt["layers"][l - 1]["running_var"] = fw["cache"][l]["var"][:, 0]
        d = np.abs(forward(alt, X, "eval")["A"][-1] - fw["A"][-1]).max()
        assert d < 1e-14, d

    line = ("%-58s seed %5d  m=%d  %-5s  fd: params %.1e (%d, %d zero)  deltas %.1e (%d, %d zero)"
            "  f64-vs-ext %.1e" % (name, used, m, mode, rel_p, n_p, zeros_p, rel_d, n_d, zeros_d,
                                   rel_ext))
    if mean_chk is not None:
        line += "  mean-of-examples %.1e" % mean_chk
    if snapped:
        line += "  db=0 written for layer %s" % snapped
    print(line)
    return {"name": name, "seed": used, "m": m, "mode": mode, "fd_params": rel_p,
            "fd_deltas": rel_d, "ext": rel_ext, "note": note}


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    D, LN, BN = dense, layernorm, batchnorm
    bn_net = [D(3, 4, "linear"), BN(4), D(4, 4, "tanh"), BN(4), D(4, 2, "sigmoid")]
    rows = [
        # 1. residual(dense(4,4,tanh)) x 3 then dense(4,2,sigmoid)
        case("res3_dense4-tanh_out4-2-sigmoid_quadratic",
             [D(4, 4, "tanh")] * 3 + [D(4, 2, "sigmoid")], [(1, 1), (2, 2), (3, 3)],
             "quadratic", seed=1000),
        # 2. block of two layers with one skip 1->2
        case("res-block_3-3-relu_3-3-linear_out3-1-sigmoid_quadratic",
             [D(3, 3, "relu"), D(3, 3, "linear"), D(3, 1, "sigmoid")], [(1, 2)],
             "quadratic", seed=2000),
        case("res-block_3-3-relu-deadunit_3-3-linear_out3-1-sigmoid_quadratic",
             [D(3, 3, "relu"), D(3, 3, "linear"), D(3, 1, "sigmoid")], [(1, 2)],
             "quadratic", seed=2500, relu_dead=True,
             note="one relu unit has z < 0: its delta, db and dw row are exactly 0"),
        # 3. nested blocks {2->2} inside {1->3}
        case("nested_skips2-2_1-3_tanh-elu-leaky_out3-2-sigmoid_xent",
             [D(3, 3, "tanh"), D(3, 3, "elu"), D(3, 3, "leaky_relu"), D(3, 2, "sigmoid")],
             [(2, 2), (1, 3)], "cross_entropy", seed=3000),
        # 4. layernorm
        case("ln_4-5-tanh_ln5_5-3-sigmoid_quadratic",
             [D(4, 5, "tanh"), LN(5), D(5, 3, "sigmoid")], [], "quadratic", seed=4000),
        case("res-ln_4-5-tanh_blk-5-5-tanh-ln5_5-3-sigmoid_quadratic",
             [D(4, 5, "tanh"), D(5, 5, "tanh"), LN(5), D(5, 3, "sigmoid")], [(2, 3)],
             "quadratic", seed=4500),
        # 5. batchnorm, batch of 6, training mode; eval.json for one example
        case("bn_batch6_3-4-linear_bn4_4-4-tanh_bn4_4-2-sigmoid_quadratic",
             bn_net, [], "quadratic", m=6, seed=5000, eval_example=True),
        # 6. one SGD step of that network on that batch
        case("bn_batch6_3-4-linear_bn4_4-4-tanh_bn4_4-2-sigmoid_quadratic_sgd",
             bn_net, [], "quadratic", m=6, seed=5000, lr=0.3),
        # 7. softmax
        case("softmax_4-6-sigmoid_6-3-softmax_loglik",
             [D(4, 6, "sigmoid"), D(6, 3, "softmax")], [], "log_likelihood", seed=7000),
        case("softmax_batch4_4-6-sigmoid_6-3-softmax_loglik",
             [D(4, 6, "sigmoid"), D(6, 3, "softmax")], [], "log_likelihood", m=4, seed=7200),
        case("softmax_4-6-sigmoid_6-3-softmax_quadratic",
             [D(4, 6, "sigmoid"), D(6, 3, "softmax")], [], "quadratic", seed=7400),
        # 8. softmax over a residual network
        case("res2_dense3-tanh_3-4-softmax_batch3_loglik",
             [D(3, 3, "tanh"), D(3, 3, "tanh"), D(3, 4, "softmax")], [(1, 1), (2, 2)],
             "log_likelihood", m=3, seed=8000),
        # 9. layernorm over a batch (= mean of the per-example gradients)
        case("res-ln_batch3_4-5-softplus_blk-5-5-tanh-ln5_5-3-sigmoid_quadratic",
             [D(4, 5, "softplus"), D(5, 5, "tanh"), LN(5), D(5, 3, "sigmoid")], [(2, 3)],
             "quadratic", m=3, seed=9000),
        # extra: a residual around (linear -> batchnorm), cross-entropy, batch of 5
        case("res-bn_batch5_3-3-tanh_blk-3-3-linear-bn3_3-2-sigmoid_xent",
             [D(3, 3, "tanh"), D(3, 3, "linear"), BN(3), D(3, 2, "sigmoid")], [(2, 3)],
             "cross_entropy", m=5, seed=10000),
    ]
    with open(os.path.join(OUT, "..", "check.txt"), "w") as f:
        f.write("# written by make_cases.py: max relative disagreement with the finite differences\n")
        f.write("# case  seed  m  mode  fd_params  fd_deltas  float64_vs_extended\n")
        for r in rows:
            f.write("%s %d %d %s %.2e %.2e %.2e\n" % (r["name"], r["seed"], r["m"], r["mode"],
                                                     r["fd_params"], r["fd_deltas"], r["ext"]))
    print("all %d cases pass the finite-difference check (< %g relative)" % (len(rows), FD_RTOL))


if __name__ == "__main__":
    main()
