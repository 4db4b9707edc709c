import VanishCore

/// Turning language values into the core's batches and back.
enum Networks {
  /// `net(x)`: x a vector (one example) or a matrix with one example per row.
  static func forward(_ net: Network, _ x: Value, at range: SourceRange, whole: SourceRange) throws(Diagnostic) -> Value {
    let (batch, single) = try examples(x, expected: net.inputSize, what: "x", at: range)
    let t: Trace
    do {
      t = try net.trace(batch)
    } catch {
      throw Diagnostic(error.description, at: whole)
    }
    try Numerics.checkForward(t, of: net, input: x, at: whole)
    let out = t.output
    return single ? .vector(out.storage.array) : .matrix(out.transposed)
  }

  /// A vector as one example (a column), or a matrix's rows as examples (columns).
  static func examples(_ v: Value, expected: Int, what: String, at range: SourceRange) throws(Diagnostic) -> (Matrix, Bool) {
    switch v {
    case .number(let x):
      guard expected == 1 else {
        throw Diagnostic("the network takes \(expected) inputs but \(what) is a number", at: range)
      }
      return (Matrix(column: [x]), true)
    case .vector(let x):
      guard x.count == expected else {
        throw Diagnostic("the network takes \(expected) input\(expected == 1 ? "" : "s") but \(what) has \(x.count)", at: range)
      }
      return (Matrix(column: x), true)
    case .matrix(let m):
      guard m.cols == expected else {
        throw Diagnostic(
          "the network takes \(expected) inputs but the rows of \(what) have \(m.cols) (one example per row)", at: range)
      }
      return (m.transposed, false)
    default:
      throw Diagnostic("\(what) must be a vector or a matrix, not \(v.aKind)", at: range)
    }
  }

  /// Targets for a batch, checked against the network's output size.
  static func targets(_ v: Value, expected: Int, count: Int, at range: SourceRange) throws(Diagnostic) -> Matrix {
    let (m, _) = try examples(v, expected: expected, what: "y", at: range)
    if m.cols != count {
      throw Diagnostic("x has \(count) example\(count == 1 ? "" : "s") but y has \(m.cols)", at: range)
    }
    return m
  }

  /// `net x N`: the network and N - 1 copies drawn again as its layers were (dense layers
  /// with their initialisers, normalization layers with gain 1 and shift 0), each copy's
  /// skips moved to its own layers: `residual(dense(16, 16, tanh)) x 20` is 20 layers and
  /// 20 skips.
  static func repeated(_ box: NetworkBox, _ count: Int, rng: inout SeededGenerator) throws(CoreError) -> NetworkBox {
    let net = box.network
    var layers = net.layers
    var skips = net.skips
    var recipes = box.recipes
    for copy in 1..<max(count, 1) {
      for (layer, recipe) in zip(net.layers, box.recipes) {
        if layer.isNormalization {
          layers.append(layer.redrawn(weights: recipe.weights, biases: recipe.biases, using: &rng))
        } else {
          // Drawn as dense draws it: Ctrl-C stops a large layer part way.
          layers.append(try Layer.drawn(
            inputs: layer.inputs, outputs: layer.outputs, activation: layer.activation, weights: recipe.weights,
            biases: recipe.biases, using: &rng))
        }
        recipes.append(recipe)
      }
      skips += net.skips.map { Skip(from: $0.from + copy * net.depth, to: $0.to + copy * net.depth) }
    }
    return NetworkBox(try Network(layers: layers, skips: skips), recipes: recipes)
  }
}
