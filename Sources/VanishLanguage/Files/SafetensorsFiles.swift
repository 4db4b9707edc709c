import Foundation
import VanishCore

/// A network as a `.safetensors` file whose tensors are named as PyTorch's `nn.Sequential`
/// names its `state_dict`, so that `net.load_state_dict(load_file(f))` fills a Sequential of
/// the modules listed in the metadata:
///
/// - a dense layer is two modules, `nn.Linear(in, out)` (`weight` = w, shape (out, in);
///   `bias` = b) and its activation: `nn.Sigmoid()`, `nn.Tanh()`, `nn.ReLU()`,
///   `nn.LeakyReLU(0.01)`, `nn.ELU()`, `nn.Softplus()`, `nn.Softmax(dim=-1)`, and
///   `nn.Identity()` for linear, so that every dense layer is a Linear and the module after it;
/// - a layernorm is `nn.LayerNorm(n, eps=...)` (`weight` = gain, `bias` = shift);
/// - a batchnorm is `nn.BatchNorm1d(n, eps=..., momentum=...)` with `running_mean`,
///   `running_var` and `num_batches_tracked`, an I64 scalar written as 0 (vanish does not count
///   batches; PyTorch reads it only when momentum is None, which vanish never writes).
///
/// All numbers are F64, little-endian, bit for bit. `__metadata__` holds `modules` (a JSON list
/// of those constructors), `skips` when there are any (a JSON list of [first, last] module
/// indices: the input of module first is added to the output of module last) and `vanish` (a
/// JSON object from which `load` rebuilds the network: each layer's kind, sizes, activation,
/// eps and momentum, and the skips by layer). `load` reads F64 tensors exactly and F32 ones
/// widened to Double (exact too); a batchnorm's `num_batches_tracked` may be absent, and its
/// value is not read.
enum SafetensorsFiles {
  static let descriptionFormat = "vanish.safetensors/1"

  /// `save` and `load` take a file whose name ends in .safetensors (case aside) for this format.
  static func named(_ path: String) -> Bool { path.lowercased().hasSuffix(".safetensors") }

  // MARK: - Writing

  /// The PyTorch module of an activation.
  static func module(_ g: Activation) -> String {
    switch g {
    case .sigmoid: return "nn.Sigmoid()"
    case .tanh: return "nn.Tanh()"
    case .relu: return "nn.ReLU()"
    case .leakyRelu: return "nn.LeakyReLU(\(JSONFiles.number(Activation.leakySlope)))"
    case .elu: return "nn.ELU()"
    case .softplus: return "nn.Softplus()"
    case .linear: return "nn.Identity()"
    case .softmax: return "nn.Softmax(dim=-1)"
    }
  }

  /// Each layer's modules and the index of its first module in the Sequential.
  static func modules(of net: Network) -> [(first: Int, modules: [String])] {
    var next = 0
    return net.layers.map { layer in
      let modules: [String]
      switch layer.kindTag {
      case .dense: modules = ["nn.Linear(\(layer.inputs), \(layer.outputs))", module(layer.activation)]
      case .layerNorm: modules = ["nn.LayerNorm(\(layer.normalization.n), eps=\(JSONFiles.number(layer.normalization.eps)))"]
      case .batchNorm:
        let n = layer.normalization
        modules = ["nn.BatchNorm1d(\(n.n), eps=\(JSONFiles.number(n.eps)), momentum=\(JSONFiles.number(n.momentum)))"]
      }
      defer { next += modules.count }
      return (next, modules)
    }
  }

  static func network(_ net: Network) -> [UInt8] {
    let placed = modules(of: net)
    var tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])] = []
    var layers: [String] = []
    for (layer, (i, _)) in zip(net.layers, placed) {
      if layer.isNormalization {
        let n = layer.normalization
        tensors.append(("\(i).weight", "F64", [n.n], Safetensors.bytes(n.gain)))
        tensors.append(("\(i).bias", "F64", [n.n], Safetensors.bytes(n.shift)))
        var fields = ["\"kind\": \(JSONFiles.string(layer.kindName))", "\"n\": \(n.n)", "\"eps\": \(JSONFiles.number(n.eps))"]
        if layer.kindTag == .batchNorm {
          tensors.append(("\(i).running_mean", "F64", [n.n], Safetensors.bytes(n.runningMean)))
          tensors.append(("\(i).running_var", "F64", [n.n], Safetensors.bytes(n.runningVariance)))
          tensors.append(("\(i).num_batches_tracked", "I64", [], [UInt8](repeating: 0, count: 8)))
          fields.append("\"momentum\": \(JSONFiles.number(n.momentum))")
        }
        layers.append("{" + fields.joined(separator: ", ") + "}")
      } else {
        tensors.append(("\(i).weight", "F64", [layer.outputs, layer.inputs], Safetensors.bytes(layer.w.storage.array)))
        tensors.append(("\(i).bias", "F64", [layer.outputs], Safetensors.bytes(layer.b)))
        layers.append(
          "{\"kind\": \"dense\", \"in\": \(layer.inputs), \"out\": \(layer.outputs), \"activation\": \(JSONFiles.string(layer.activation.name))}")
      }
    }
    let skips = net.skips.map { "{\"from\": \($0.from), \"to\": \($0.to)}" }.joined(separator: ", ")
    let description = "{\"format\": \(JSONFiles.string(descriptionFormat)), \"layers\": [\(layers.joined(separator: ", "))], \"skips\": [\(skips)]}"
    var metadata = [("modules", "[" + placed.flatMap(\.modules).map(JSONFiles.string).joined(separator: ", ") + "]")]
    if !net.skips.isEmpty {
      let ends = net.skips.map { skip in
        let last = placed[skip.to - 1]
        return "[\(placed[skip.from - 1].first), \(last.first + last.modules.count - 1)]"
      }
      metadata.append(("skips", "[" + ends.joined(separator: ", ") + "]"))
    }
    metadata.append(("vanish", description))
    return Safetensors.encode(tensors, metadata: metadata)
  }

  // MARK: - Reading

  private struct Description: Decodable {
    struct LayerInfo: Decodable {
      let kind: String
      let `in`: Int?
      let out: Int?
      let activation: String?
      let n: Int?
      let eps: Double?
      let momentum: Double?
    }
    struct SkipInfo: Decodable {
      let from: Int
      let to: Int
    }
    let format: String
    let layers: [LayerInfo]
    let skips: [SkipInfo]?
  }

  static func readNetwork(_ bytes: [UInt8], file: String) throws(Diagnostic) -> Network {
    let container = try Safetensors.decode(bytes, file: file)
    guard let text = container.metadata?["vanish"] else {
      throw Diagnostic(
        "\(file) has no \"vanish\" entry in its metadata: load needs it for the layers' kinds, activations and skips",
        hint: "save_file(tensors, f, metadata=m) with the metadata of the file vanish wrote (safe_open(f, \"np\").metadata())")
    }
    let description: Description
    do {
      description = try JSONDecoder().decode(Description.self, from: Data(text.utf8))
    } catch {
      let problem = JSONFiles.syntaxProblem(Data(text.utf8)) ?? JSONFiles.describe(error)
      throw Diagnostic("\(file): the metadata's \"vanish\" entry is not a network description: \(problem)")
    }
    guard description.format == descriptionFormat else {
      throw Diagnostic("\(file): the metadata's \"vanish\" entry has format \(JSONFiles.string(description.format)); load reads \"\(descriptionFormat)\"")
    }
    if description.layers.isEmpty { throw Diagnostic("\(file): the network has no layers") }
    var tensors: [String: Safetensors.Tensor] = [:]
    for t in container.tensors { tensors[t.name] = t }
    var used: Set<String> = []

    /// The Doubles of the tensor `name`, which must have `shape`; `what` names it for errors.
    func values(_ name: String, _ shape: [Int], _ what: String) throws(Diagnostic) -> [Double] {
      guard let t = tensors[name] else {
        throw Diagnostic("\(file) has no tensor \(JSONFiles.string(name)) (\(what), shape \(shape))")
      }
      used.insert(name)
      guard t.shape == shape else {
        throw Diagnostic("\(file): tensor \(JSONFiles.string(name)) (\(what)) has shape \(t.shape), not \(shape)")
      }
      guard let v = Safetensors.doubles(t) else {
        throw Diagnostic(
          "\(file): tensor \(JSONFiles.string(name)) (\(what)) is \(t.dtype); load reads F64, and F32 widened to Double",
          hint: "convert it before saving: numpy's astype(np.float64), PyTorch's .double()")
      }
      return v
    }

    var layers: [Layer] = []
    var next = 0
    for (index, info) in description.layers.enumerated() {
      let l = index + 1
      switch info.kind {
      case "dense":
        guard let inputs = info.in, let outputs = info.out, let name = info.activation else {
          throw Diagnostic("\(file): layer \(l) of the metadata's description needs \"in\", \"out\" and \"activation\"")
        }
        guard let activation = Activation(name: name) else {
          throw Diagnostic("\(file): layer \(l) has unknown activation \(JSONFiles.string(name))",
            hint: "one of " + Activation.allCases.map(\.name).joined(separator: ", "))
        }
        guard inputs >= 1, outputs >= 1 else { throw Diagnostic("\(file): layer \(l) has sizes \(inputs)→\(outputs)") }
        let w = try values("\(next).weight", [outputs, inputs], "w[\(l)]")
        let b = try values("\(next).bias", [outputs], "b[\(l)]")
        layers.append(Layer(w: Matrix(rows: outputs, cols: inputs, storage: w), b: b, activation: activation))
        next += 2
      case "layernorm", "batchnorm":
        guard let n = info.n else { throw Diagnostic("\(file): layer \(l) of the metadata's description (a \(info.kind)) needs \"n\"") }
        guard n >= 1 else { throw Diagnostic("\(file): layer \(l) has \(n) units") }
        let eps = info.eps ?? 1e-5
        guard eps > 0, eps.isFinite else { throw Diagnostic("\(file): layer \(l) has eps \(Format.number(eps)); it must be above 0") }
        let gain = try values("\(next).weight", [n], "the gain of layer \(l)")
        let shift = try values("\(next).bias", [n], "the shift of layer \(l)")
        if info.kind == "layernorm" {
          layers.append(.layerNorm(LayerNorm(Normalization(n: n, eps: eps, gain: gain, shift: shift, runningMean: [], runningVariance: []))))
        } else {
          let momentum = info.momentum ?? 0.1
          guard momentum >= 0, momentum <= 1 else {
            throw Diagnostic("\(file): layer \(l) has momentum \(Format.number(momentum)); it must be from 0 to 1")
          }
          let mean = try values("\(next).running_mean", [n], "the running mean of layer \(l)")
          let variance = try values("\(next).running_var", [n], "the running variance of layer \(l)")
          let counter = "\(next).num_batches_tracked"
          if let t = tensors[counter] {
            used.insert(counter)
            guard t.shape == [], ["I64", "I32", "U64", "U32"].contains(t.dtype) else {
              throw Diagnostic("\(file): tensor \(JSONFiles.string(counter)) is \(t.dtype) of shape \(t.shape), not a whole number (I64, shape [])")
            }
          }
          layers.append(.batchNorm(BatchNorm(Normalization(
            n: n, eps: eps, momentum: momentum, gain: gain, shift: shift, runningMean: mean, runningVariance: variance))))
        }
        next += 1
      default:
        throw Diagnostic("\(file): layer \(l) has unknown kind \(JSONFiles.string(info.kind))", hint: "one of dense, layernorm, batchnorm")
      }
    }
    if let extra = container.tensors.map(\.name).filter({ !used.contains($0) }).sorted().first {
      throw Diagnostic("\(file) holds tensor \(JSONFiles.string(extra)), which no layer of its description has")
    }
    do {
      return try Network(layers: layers, skips: (description.skips ?? []).map { Skip(from: $0.from, to: $0.to) })
    } catch {
      throw Diagnostic("\(file): \(error.description)")
    }
  }
}
