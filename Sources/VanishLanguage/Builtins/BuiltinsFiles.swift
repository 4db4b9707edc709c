import Foundation
import VanishCore

extension Builtins {
  nonisolated(unsafe) static let fileBuiltins: [Builtin] = [
    Builtin(
      "save", .files, parameters: [Parameter("value", .any), Parameter("file", .path, about: "the file name")],
      summary: "writes a network (JSON, .safetensors), gradient (JSON), plot (SVG), data (CSV); vectors, matrices, paths, norms as .csv or .json",
      details: """
        Networks (vanish.network/1 or /2) and gradients (vanish.gradient/1) as JSON, histories as .json,
        plots as .svg, datasets as CSV that csv() reads back. By the extension, .csv or .json:
        vectors (one number a line), matrices (a row a line), paths (a row per point: step, the
        parameters, f) and norms tables (a row per layer, a header of their fields); traces as
        .json. Numbers read back exactly; NaN and infinities as numpy (nan, inf) and Python's json
        (NaN, Infinity) write them. A network named .safetensors is written as PyTorch's
        nn.Sequential names its state_dict: a dense layer is nn.Linear (0.weight of shape (out, in),
        0.bias) and its activation's module (nn.Identity() for linear), a layernorm nn.LayerNorm,
        a batchnorm nn.BatchNorm1d with its running statistics; every number F64, bit for bit. Its
        metadata lists the modules ("modules"), the skips by module ("skips") and what load needs
        to rebuild the network exactly ("vanish").
        """,
      example: "save(dense(2, 1), \"/tmp/vanish-help-net.json\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let value = try c.argument("value")
      let file = try c.argument("file")
      let path = try c.path("file")
      if SafetensorsFiles.named(path) {
        guard case .network(let box) = value.value else {
          throw Diagnostic("save writes only networks as .safetensors, not \(value.value.aKind)", at: file.range, hint: Builtins.savedKinds)
        }
        do throws(Diagnostic) {
          try FileWriting.writeAtomically(SafetensorsFiles.network(box.network), to: path)
        } catch {
          throw Diagnostic(error.message, at: file.range, hint: error.hint)
        }
        return .nothing
      }
      let text: String?
      do throws(Diagnostic) {
        switch value.value {
        case .network(let box): text = JSONFiles.network(box.network)
        case .gradient(let g): text = JSONFiles.gradient(g.gradient)
        case .dataset(let d): text = try c.wrap { () throws(CoreError) in try d.csvText() }
        case .vector(let v): text = try ValueFiles.vector(v, path: path)
        case .matrix(let m): text = try ValueFiles.matrix(m, path: path)
        case .norms(let n): text = try ValueFiles.norms(n, path: path)
        case .trace(let t): text = try ValueFiles.trace(t, path: path)
        case .custom(let custom): text = try custom.savedText(path: path)
        default: text = nil
        }
      } catch {
        // A kind that cannot be saved under this name: point at the name.
        throw Diagnostic(error.message, at: error.range ?? file.range, hint: error.hint)
      }
      guard let text else {
        throw Diagnostic("save cannot write \(value.value.aKind)", at: value.range, hint: Builtins.savedKinds)
      }
      do throws(Diagnostic) {
        try FileWriting.writeAtomically(text, to: path)
      } catch {
        throw Diagnostic(error.message, at: file.range, hint: error.hint)
      }
      return .nothing
    },
    Builtin(
      "load", .files, parameters: [Parameter("file", .path, about: "the file name")],
      summary: "reads a network saved as JSON (vanish.network/1 or /2) or as .safetensors",
      details: """
        By the name's extension: .safetensors is read as save writes it, or as Python's
        safetensors writes it (numpy's or PyTorch's save_file) with the "vanish" entry of the
        metadata that save wrote, which gives the layers' kinds, activations and skips. F64
        tensors are read bit for bit, F32 ones widened to Double; a batchnorm's
        num_batches_tracked is not read. Any other name is read as vanish.network JSON.
        """,
      example: "save(dense(2, 1), \"/tmp/vanish-help-net.json\"); load(\"/tmp/vanish-help-net.json\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let name = try c.string("file")
      let file = try c.argument("file")
      let path = try c.path("file")
      do throws(Diagnostic) {
        let net =
          SafetensorsFiles.named(path)
          ? try SafetensorsFiles.readNetwork(FileWriting.readRaw(path), file: name)
          : try JSONFiles.readNetwork(FileWriting.read(path), file: name)
        if let warning = Numerics.loadWarning(net, file: name) { c.interpreter.output(warning) }
        let recipe = LayerRecipe(weights: .nielsen, biases: nil, loaded: true)
        return .network(NetworkBox(net, recipes: Array(repeating: recipe, count: net.depth)))
      } catch {
        throw Diagnostic(error.message, at: file.range, hint: error.hint)
      }
    },
  ]
}

extension Builtins {
  static let savedKinds =
    "save writes networks as JSON or .safetensors, gradients as JSON, datasets as CSV, plots as SVG, vectors, matrices, paths and norms tables as .csv or .json, and traces as .json"
}

extension Interpreter {
  /// A relative path is taken from the working directory of the session.
  func resolvePath(_ path: String) -> String {
    if path.isEmpty || path.hasPrefix("/") { return path }
    if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
      return home + path.dropFirst(1)
    }
    guard let dir = workingDirectory else { return path }
    return dir + "/" + path
  }
}
