import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// `save(net, "f.safetensors")` and `load`: read by Python's safetensors (its numpy backend)
/// bit for bit, named as PyTorch's nn.Sequential names its state_dict, README's PyTorch lines
/// run on a numpy stand-in for torch, written again by Python and loaded back by vanish as the
/// same network.
@Suite struct SafetensorsTests {
  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
  }

  func session() throws -> (Session, URL) {
    let dir = try temporaryDirectory()
    let s = Session()
    s.interpreter.workingDirectory = dir.path
    return (s, dir)
  }

  func network(_ name: String, _ s: Session) throws -> Network {
    guard case .network(let box)? = s.interpreter.lookup(name) else { throw Failure("\(name) is not a network") }
    return box.network
  }

  /// Runs a Python script with arguments, the numpy stand-in for torch on its path; its output.
  func python(_ script: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
    let stub = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: stub) }
    try FileManager.default.createDirectory(at: stub.appendingPathComponent("torch"), withIntermediateDirectories: true)
    try Self.torchStandIn.write(to: stub.appendingPathComponent("torch/__init__.py"), atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["PYTHONPATH=" + stub.path, "python3", "-c", script] + arguments
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with numpy and safetensors (scripts/setup) failed: \(problem)")
    return text
  }

  /// torch (which is too large to install for the tests) as far as README's lines use it, in
  /// numpy: the modules vanish's files list, computing as PyTorch documents them (batchnorm in
  /// eval mode on its running statistics, and on a batch only, as BatchNorm1d requires; in
  /// training mode it refuses),
  /// Sequential numbering its children from 0 and naming their parameters as state_dict does,
  /// and a strict load_state_dict (every name there, no other, each of its shape).
  static let torchStandIn = #"""
    import types
    import numpy as np
    float64 = np.float64
    def tensor(x, dtype=None): return np.array(x, dtype=dtype)

    class Module:
        params = {}
        training = True
        def double(self): return self
        def eval(self):
            self.training = False
            for m in getattr(self, "children", []): m.eval()
            return self
        def __call__(self, x): return self.forward(x)
    class Linear(Module):
        def __init__(self, i, o): self.params = {"weight": (o, i), "bias": (o,)}
        def forward(self, x): return x @ self.weight.T + self.bias
    class Sigmoid(Module):
        def forward(self, x): return 1 / (1 + np.exp(-x))
    class Tanh(Module):
        def forward(self, x): return np.tanh(x)
    class ReLU(Module):
        def forward(self, x): return np.maximum(x, 0)
    class LeakyReLU(Module):
        def __init__(self, negative_slope=0.01): self.slope = negative_slope
        def forward(self, x): return np.where(x > 0, x, self.slope * x)
    class ELU(Module):
        def forward(self, x): return np.where(x > 0, x, np.expm1(x))
    class Softplus(Module):
        def forward(self, x): return np.where(x > 20, x, np.log1p(np.exp(x)))
    class Identity(Module):
        def forward(self, x): return x
    class Softmax(Module):
        def __init__(self, dim=None): self.dim = dim
        def forward(self, x):
            e = np.exp(x - x.max(axis=self.dim, keepdims=True))
            return e / e.sum(axis=self.dim, keepdims=True)
    class LayerNorm(Module):
        def __init__(self, n, eps=1e-5): self.eps, self.params = eps, {"weight": (n,), "bias": (n,)}
        def forward(self, x):
            m = x.mean(axis=-1, keepdims=True)
            v = ((x - m) ** 2).mean(axis=-1, keepdims=True)
            return (x - m) / np.sqrt(v + self.eps) * self.weight + self.bias
    class BatchNorm1d(Module):
        def __init__(self, n, eps=1e-5, momentum=0.1):
            self.eps, self.momentum = eps, momentum
            self.params = {"weight": (n,), "bias": (n,), "running_mean": (n,), "running_var": (n,), "num_batches_tracked": ()}
        def forward(self, x):
            assert x.ndim == 2, "BatchNorm1d: expected 2D or 3D input"
            assert not self.training, "BatchNorm1d in training mode uses the batch's statistics"
            return (x - self.running_mean) / np.sqrt(self.running_var + self.eps) * self.weight + self.bias
    class Sequential(Module):
        def __init__(self, *modules): self.children = list(modules)
        def __iter__(self): return iter(self.children)
        def state_names(self): return [f"{i}.{p}" for i, m in enumerate(self.children) for p in m.params]
        def load_state_dict(self, state, strict=True):
            state = dict(state)
            for i, m in enumerate(self.children):
                for p, shape in m.params.items():
                    t = state.pop(f"{i}.{p}")
                    assert t.shape == shape, (i, p, t.shape, shape)
                    setattr(m, p, t)
            assert not state, f"unexpected keys {sorted(state)}"
        def forward(self, x):
            for m in self: x = m(x)
            return x
    nn = types.SimpleNamespace(**{c.__name__: c for c in [
        Linear, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, Softplus, Identity, Softmax, LayerNorm, BatchNorm1d, Sequential]})
    """#

  /// Reads a file with safetensors' numpy backend and prints, as JSON: each tensor's dtype, shape
  /// and the hex of its elements' bit patterns; the metadata; and the names nn.Sequential gives
  /// the parameters of the listed modules, in its order.
  static let reader = #"""
    import json, sys, torch
    import numpy as np
    from safetensors import safe_open
    from safetensors.numpy import load_file
    path = sys.argv[1]
    tensors = load_file(path)
    metadata = safe_open(path, "np").metadata()
    net = torch.nn.Sequential(*[eval("torch." + m) for m in json.loads(metadata["modules"])])
    print(json.dumps({
        "tensors": {k: {"dtype": str(v.dtype), "shape": list(v.shape),
                        "bits": [format(int(b), "016x") for b in np.ascontiguousarray(v).reshape(-1).view(np.uint64)]}
                    for k, v in tensors.items()},
        "metadata": metadata, "names": net.state_names()}))
    """#

  struct Read: Decodable {
    struct Tensor: Decodable {
      let dtype: String
      let shape: [Int]
      let bits: [String]
    }
    let tensors: [String: Tensor]
    let metadata: [String: String]
    let names: [String]
  }

  func read(_ file: URL) throws -> Read {
    try JSONDecoder().decode(Read.self, from: Data(try python(Self.reader, [file.path]).utf8))
  }

  static func hex(_ values: [Double]) -> [String] {
    values.map { String(repeating: "0", count: 16 - String($0.bitPattern, radix: 16).count) + String($0.bitPattern, radix: 16) }
  }

  /// What a network's file must hold, tensor by tensor, in PyTorch's names: written out here for
  /// each network rather than computed as the code computes them.
  func expected(_ net: Network, names: [[String]]) -> [String: (shape: [Int], bits: [String])] {
    var out: [String: (shape: [Int], bits: [String])] = [:]
    for (layer, names) in zip(net.layers, names) {
      switch layer.kindTag {
      case .dense:
        out[names[0]] = ([layer.outputs, layer.inputs], Self.hex(layer.w.storage.array))
        out[names[1]] = ([layer.outputs], Self.hex(layer.b))
      case .layerNorm, .batchNorm:
        let n = layer.normalization
        out[names[0]] = ([n.n], Self.hex(n.gain))
        out[names[1]] = ([n.n], Self.hex(n.shift))
        if layer.kindTag == .batchNorm {
          out[names[2]] = ([n.n], Self.hex(n.runningMean))
          out[names[3]] = ([n.n], Self.hex(n.runningVariance))
          out[names[4]] = ([], ["0000000000000000"])
        }
      }
    }
    return out
  }

  func check(_ read: Read, _ net: Network, names: [[String]]) {
    let want = expected(net, names: names)
    #expect(Set(read.tensors.keys) == Set(want.keys), "tensor names")
    #expect(read.names == names.flatMap { $0 }, "the names nn.Sequential gives the modules, in its order")
    for (name, (shape, bits)) in want {
      guard let got = read.tensors[name] else { continue }
      #expect(got.shape == shape, "\(name)")
      #expect(got.bits == bits, "\(name)")
      #expect(got.dtype == (name.hasSuffix("num_batches_tracked") ? "int64" : "float64"), "\(name)")
    }
  }

  func output(_ name: String, _ s: Session) throws -> [Double] {
    guard case .vector(let v)? = s.interpreter.lookup(name) else { throw Failure("\(name) is not a vector") }
    return v
  }

  /// Dense layers of every activation, with awkward numbers (-0, the smallest subnormal, 1e308).
  static let everyActivation = """
    seed(3)
    a = dense(3, 4, sigmoid) -> dense(4, 4, tanh) -> dense(4, 4, relu) -> dense(4, 4, leaky_relu) -> dense(4, 4, elu) -> dense(4, 4, softplus) -> dense(4, 4, linear) -> dense(4, 2, softmax)
    a.b[1] = [0.1, -0.0, 5e-324, 0.30000000000000004]
    a.w[7] = [[1e308, -2.5e-310, 0, -0.0], [1, 2, 3, 4], [0.5, 0.25, -0.125, 1e-300], [-1, -2, -3, -4]]
    save(a, "a.safetensors")
    ya = a([0.3, -1.2, 2.5])
    """

  @Test func denseLayersOfEveryActivationAreLinearsAndTheirActivationModules() throws {
    let (s, dir) = try session()
    let r = run(Self.everyActivation, session: s)
    #expect(r.err == "", "\(r.err)")
    let net = try network("a", s)
    let read = try read(dir.appendingPathComponent("a.safetensors"))
    check(read, net, names: (0..<8).map { ["\(2 * $0).weight", "\(2 * $0).bias"] })
    #expect(read.metadata["modules"] == """
      ["nn.Linear(3, 4)", "nn.Sigmoid()", "nn.Linear(4, 4)", "nn.Tanh()", "nn.Linear(4, 4)", "nn.ReLU()", "nn.Linear(4, 4)", "nn.LeakyReLU(0.01)", \
      "nn.Linear(4, 4)", "nn.ELU()", "nn.Linear(4, 4)", "nn.Softplus()", "nn.Linear(4, 4)", "nn.Identity()", "nn.Linear(4, 2)", "nn.Softmax(dim=-1)"]
      """)
    #expect(read.metadata["skips"] == nil)
    #expect(read.metadata["vanish"]?.hasPrefix(#"{"format": "vanish.safetensors/1", "layers": [{"kind": "dense", "in": 3, "out": 4, "activation": "sigmoid"}, "#) == true)
    #expect(read.tensors["0.bias"]?.bits == ["3fb999999999999a", "8000000000000000", "0000000000000001", "3fd3333333333334"])
  }

  /// layernorm and batchnorm with eps and momentum of their own, the running statistics moved by
  /// training.
  static let normalization = """
    seed(4)
    d = dataset([[1, 2, 3], [0, 1, 0], [2, 2, 1], [1, 0, 0], [3, 1, 2], [0, 0, 1]], [[1], [0], [1], [0], [1], [0]])
    b = dense(3, 5, tanh) -> layernorm(5, eps=1e-3) -> batchnorm(5, eps=2e-5, momentum=0.3) -> dense(5, 1, sigmoid)
    h = train(b, d, epochs=1, batch=3, lr=0.1)
    b.gain[2] = [1.5, 0.5, 2, 1, 0.75]
    save(b, "b.safetensors")
    yb = b([0.5, -0.25, 1])
    """

  @Test func normalizationLayersAreLayerNormAndBatchNorm1dWithTheirRunningStatistics() throws {
    let (s, dir) = try session()
    let r = run(Self.normalization, session: s)
    #expect(r.err == "", "\(r.err)")
    let net = try network("b", s)
    let running = net.layers[2].normalization
    #expect(running.runningMean.allSatisfy { $0 != 0 } && running.runningVariance.allSatisfy { $0 != 1 }, "training moved them")
    let read = try read(dir.appendingPathComponent("b.safetensors"))
    check(read, net, names: [
      ["0.weight", "0.bias"], ["2.weight", "2.bias"],
      ["3.weight", "3.bias", "3.running_mean", "3.running_var", "3.num_batches_tracked"], ["4.weight", "4.bias"],
    ])
    #expect(read.metadata["modules"] == """
      ["nn.Linear(3, 5)", "nn.Tanh()", "nn.LayerNorm(5, eps=0.001)", "nn.BatchNorm1d(5, eps=2e-05, momentum=0.3)", "nn.Linear(5, 1)", "nn.Sigmoid()"]
      """)
    #expect(read.metadata["vanish"] == """
      {"format": "vanish.safetensors/1", "layers": [{"kind": "dense", "in": 3, "out": 5, "activation": "tanh"}, \
      {"kind": "layernorm", "n": 5, "eps": 0.001}, {"kind": "batchnorm", "n": 5, "eps": 2e-05, "momentum": 0.3}, \
      {"kind": "dense", "in": 5, "out": 1, "activation": "sigmoid"}], "skips": []}
      """)
  }

  /// Nested and separate residual blocks ending in a softmax layer, trained for two steps.
  static let residual = """
    seed(5)
    c = dense(2, 3, relu) -> residual(residual(dense(3, 3, tanh)) -> batchnorm(3)) -> residual(dense(3, 3, linear) -> layernorm(3)) -> dense(3, 2, softmax)
    h = train(c, dataset([[1, 0], [0, 1], [0.5, -2], [-1, 0.25]], [[1, 0], [0, 1], [1, 0], [0, 1]]), epochs=1, batch=2, lr=0.5)
    save(c, "c.safetensors")
    yc = c([0.7, -0.3])
    """

  @Test func skipsAreListedByModule() throws {
    let (s, dir) = try session()
    let r = run(Self.residual, session: s)
    #expect(r.err == "", "\(r.err)")
    let net = try network("c", s)
    #expect(net.skips == [Skip(from: 2, to: 2), Skip(from: 2, to: 3), Skip(from: 4, to: 5)])
    #expect(net.layers[2].normalization.runningMean.allSatisfy { $0 != 0 }, "training moved them")
    let read = try read(dir.appendingPathComponent("c.safetensors"))
    check(read, net, names: [
      ["0.weight", "0.bias"], ["2.weight", "2.bias"],
      ["4.weight", "4.bias", "4.running_mean", "4.running_var", "4.num_batches_tracked"],
      ["5.weight", "5.bias"], ["7.weight", "7.bias"], ["8.weight", "8.bias"],
    ])
    // Module 2 is layer 2's Linear, 3 its Tanh, 4 the batchnorm, 5-6 layer 4, 7 the layernorm.
    #expect(read.metadata["skips"] == "[[2, 3], [2, 4], [5, 7]]")
    #expect(read.metadata["vanish"]?.hasSuffix(#""skips": [{"from": 2, "to": 2}, {"from": 2, "to": 3}, {"from": 4, "to": 5}]}"#) == true)
  }

  // MARK: - README's PyTorch lines

  /// The Python blocks of README's section on .safetensors, with safetensors' numpy backend
  /// in place of its torch one (the stand-in's tensors are numpy arrays).
  static func readmeBlocks() throws -> [String] {
    let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    guard let start = readme.range(of: "## Networks in PyTorch: `.safetensors`") else { throw Failure("README has no section on .safetensors") }
    let section = readme[start.upperBound...].components(separatedBy: "\n## ")[0]
    let blocks = section.components(separatedBy: "```python\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    return blocks.map {
      $0.replacingOccurrences(of: "from safetensors.torch import", with: "from safetensors.numpy import")
        .replacingOccurrences(of: "safe_open(\"net.safetensors\", \"pt\")", with: "safe_open(\"net.safetensors\", \"np\")")
    }
  }

  /// README's lines rebuild each network, and what they compute is what vanish's net(x) does.
  @Test func readmesPyTorchLinesComputeWhatVanishComputes() throws {
    let blocks = try Self.readmeBlocks()
    try #require(blocks.count == 2)
    #expect(blocks[0].contains("from safetensors.numpy import load_file"))
    #expect(blocks.allSatisfy { !$0.contains("\"pt\"") }, "every safe_open was given numpy's backend")
    let (s, dir) = try session()
    let cases: [(source: String, name: String, y: String, x: [Double], skips: Bool)] = [
      (Self.everyActivation, "a", "ya", [0.3, -1.2, 2.5], false),
      (Self.normalization, "b", "yb", [0.5, -0.25, 1], false),
      (Self.residual, "c", "yc", [0.7, -0.3], true),
    ]
    for c in cases {
      #expect(run(c.source, session: s).err == "")
      let want = try output(c.y, s)
      let work = try temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: work) }
      try FileManager.default.copyItem(at: dir.appendingPathComponent("\(c.name).safetensors"), to: work.appendingPathComponent("net.safetensors"))
      let x = "[[" + c.x.map { "\($0)" }.joined(separator: ", ") + "]]"
      let show = "\nprint(json.dumps(net(torch.tensor(\(x), dtype=torch.float64))[0].tolist()))\n"
      func outputs(_ script: String) throws -> [Double] {
        try JSONDecoder().decode([Double].self, from: Data(try python(script, [], in: work).utf8))
      }
      let sequential = try outputs(blocks[0] + show)
      let agrees = { (got: [Double]) in got.count == want.count && zip(got, want).allSatisfy { close($0, $1, relative: 1e-12) } }
      if c.skips {
        #expect(!agrees(sequential), "a Sequential without the skips computes something else")
        let skipped = try outputs(blocks[0] + blocks[1] + show)
        #expect(agrees(skipped), "\(c.name): \(skipped) in PyTorch's lines, \(want) in vanish")
      } else {
        #expect(agrees(sequential), "\(c.name): \(sequential) in PyTorch's lines, \(want) in vanish")
      }
    }
  }

  // MARK: - Round trips through Python

  /// Every number of a network as its bit pattern, with its kinds, activations, eps, momentum
  /// and skips: equal only when the networks are the same bit for bit.
  static func fingerprint(_ net: Network) -> [String] {
    var out = net.skips.map { "skip \($0.from)-\($0.to)" }
    for layer in net.layers {
      out.append(layer.kindName)
      if layer.isNormalization {
        let n = layer.normalization
        out += ["eps " + hex([n.eps])[0], "momentum " + hex([n.momentum])[0]]
        out += [hex(n.gain), hex(n.shift), hex(n.runningMean), hex(n.runningVariance)].map { $0.joined(separator: " ") }
      } else {
        out += [layer.activation.name, "\(layer.outputs)x\(layer.inputs)", hex(layer.w.storage.array).joined(separator: " "), hex(layer.b).joined(separator: " ")]
      }
    }
    return out
  }

  /// load_file, then save_file with the file's metadata: Python lays the file out its own way
  /// (tensors sorted, its own header), every float tensor converted to the dtype given
  /// (float64 keeps them as they are).
  static let rewriter = #"""
    import sys, numpy as np
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file
    source, target, dtype = sys.argv[1], sys.argv[2], sys.argv[3]
    tensors = {k: (v.astype(dtype) if v.dtype.kind == "f" else v) for k, v in load_file(source).items()}
    save_file(tensors, target, metadata=safe_open(source, "np").metadata())
    """#

  @Test func aFileThatPythonWritesAgainLoadsAsTheSameNetwork() throws {
    let (s, dir) = try session()
    for (source, name) in [(Self.everyActivation, "a"), (Self.normalization, "b"), (Self.residual, "c")] {
      #expect(run(source, session: s).err == "")
      let original = dir.appendingPathComponent("\(name).safetensors")
      let rewritten = dir.appendingPathComponent("\(name)-python.safetensors")
      _ = try python(Self.rewriter, [original.path, rewritten.path, "float64"])
      #expect(try Data(contentsOf: rewritten) != Data(contentsOf: original), "Python's layout differs from vanish's (it sorts tensors)")
      let r = run("\(name)2 = load(\"\(name)-python.safetensors\"); save(\(name)2, \"\(name)3.safetensors\")", session: s)
      #expect(r.err == "" && r.out == "", "\(r.err)")
      let loaded = try network("\(name)2", s)
      #expect(Self.fingerprint(loaded) == Self.fingerprint(try network(name, s)), "\(name)")
      // Written again by vanish, the file is the one vanish wrote first, byte for byte.
      #expect(try Data(contentsOf: dir.appendingPathComponent("\(name)3.safetensors")) == Data(contentsOf: original))
    }
  }

  @Test func float32TensorsAreWidenedExactly() throws {
    let (s, dir) = try session()
    #expect(run(Self.normalization, session: s).err == "")
    let original = dir.appendingPathComponent("b.safetensors")
    _ = try python(Self.rewriter, [original.path, dir.appendingPathComponent("b32.safetensors").path, "float32"])
    #expect(run("b32 = load(\"b32.safetensors\")", session: s).err == "")
    let wide = try network("b", s)
    let narrow = try network("b32", s)
    func numbers(_ net: Network) -> [Double] {
      net.layers.flatMap { layer -> [Double] in
        let n = layer.normalization
        return layer.isNormalization ? n.gain + n.shift + n.runningMean + n.runningVariance : layer.w.storage + layer.b
      }
    }
    #expect(numbers(narrow) == numbers(wide).map { Double(Float($0)) })
    #expect(numbers(narrow) != numbers(wide), "float32 lost digits")
    #expect(numbers(narrow).count == 3 * 5 + 5 + 10 + 20 + 6)
    #expect(narrow.layers[2].normalization.eps == 2e-5, "eps comes from the metadata, not a tensor")
  }

  /// A NaN with a payload, infinities and -0 written by numpy come back from vanish's own file
  /// with the same bits.
  @Test func nonFiniteNumbersKeepTheirBits() throws {
    let (s, dir) = try session()
    #expect(run("seed(1); n = dense(2, 2, linear); save(n, \"n.safetensors\")", session: s).err == "")
    let script = #"""
      import sys, numpy as np
      from safetensors import safe_open
      from safetensors.numpy import load_file, save_file
      path, target = sys.argv[1], sys.argv[2]
      t = load_file(path)
      t["0.weight"] = np.array([0x7ff8000000000123, 0xfff0000000000000, 0x7ff0000000000000, 0x8000000000000000], dtype=np.uint64).view(np.float64).reshape(2, 2)
      save_file(t, target, metadata=safe_open(path, "np").metadata())
      """#
    _ = try python(script, [dir.appendingPathComponent("n.safetensors").path, dir.appendingPathComponent("nan.safetensors").path])
    let r = run("m = load(\"nan.safetensors\"); save(m, \"again.safetensors\")", session: s)
    #expect(r.out == "warning: nan.safetensors holds NaN in w[1]; what the network computes will not be finite")
    let again = try read(dir.appendingPathComponent("again.safetensors"))
    #expect(again.tensors["0.weight"]?.bits == ["7ff8000000000123", "fff0000000000000", "7ff0000000000000", "8000000000000000"])
  }
}
