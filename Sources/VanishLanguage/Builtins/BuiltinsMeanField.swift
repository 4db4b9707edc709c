import VanishCore

/// The theory of random networks at initialisation: mean-field signal propagation (`meanfield`,
/// `phase`), and what a forward pass shows of it (`hist` of activations or weights,
/// `saturation` per layer).
extension Builtins {
  nonisolated(unsafe) static let meanFieldBuiltins: [Builtin] = [
    Builtin(
      "meanfield", .theory,
      overloads: [
        [Parameter("act", .activation), .named("sigma_w", .any, optional: "...", about: "sigma_w="), .named("sigma_b", .any, optional: "0", about: "sigma_b=")],
        [Parameter("net", .network)],
      ],
      summary: "mean-field theory of an infinitely wide random network: fixed point q*, chi, phase, depth scale 1/|ln chi|",
      details: """
        w ~ N(0, sigma_w^2 / n_in), b ~ N(0, sigma_b^2) (sigma_b defaults to 0); Poole et al. 2016, Schoenholz et al. 2017.
        q* is the fixed point of q = sigma_w^2 E[g(sqrt(q) z)^2] + sigma_b^2 iterated from q = 1, z ~ N(0, 1);
        chi = sigma_w^2 E[g'(sqrt(q*) z)^2] multiplies ||delta||^2 at each layer, so ||delta[1]|| / ||delta[L]||
        = chi^((L-1)/2). Phase: ordered (chi < 1, gradients vanish), chaotic (chi > 1, they explode), critical
        (|chi - 1| < 1e-9). Fields q, chi, depth, phase, sigma_w, sigma_b, iterations.
        meanfield(net) reads sigma_w and sigma_b from the initialisers the layers were drawn with (nielsen: 1
        and 1; gaussian(0, s): s sqrt(n_in) and s; he: sqrt 2 and 0; xavier, xavier_normal: sqrt(2 n_in /
        (n_in + n_out)) and 0); every layer must give the same activation and sigmas.
        """,
      example: "meanfield(tanh, sigma_w=1.5, sigma_b=0.05); meanfield(relu, sigma_w=sqrt(2)).phase; meanfield(dense(16, 16, tanh, init=xavier) x 10)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "meanfield(act, sigma_w=..., sigma_b=0) or meanfield(net)"
      let arg = try c.argument(c.overload == 0 ? "act" : "net")
      // The iteration to q*: typically tens of steps of a 200- to 500-point rule.
      try c.interpreter.spendWork(1e5, on: "this mean-field computation", at: c.range)
      switch arg.value {
      case .activation(let g):
        if g == .softmax {
          throw Diagnostic(
            "softmax is not elementwise: the mean-field theory is of one activation acting on each unit", at: arg.range)
        }
        guard let w = c.given("sigma_w") else {
          throw c.error("meanfield(\(g.name)) needs sigma_w=, the weights' standard deviation times sqrt(n_in)", hint: "usage: \(usage)")
        }
        let sigmaW = try sigma(w, "sigma_w", c)
        let sigmaB = try c.given("sigma_b").map { (b) throws(Diagnostic) in try sigma(b, "sigma_b", c) } ?? 0
        return .custom(MeanFieldValue(try c.wrap { () throws(CoreError) in try MeanField(g, sigmaW: sigmaW, sigmaB: sigmaB) }))
      case .network(let box):
        let (g, sigmaW, sigmaB, description) = try networkSigmas(box, at: arg.range)
        let result = try c.wrap { () throws(CoreError) in try MeanField(g, sigmaW: sigmaW, sigmaB: sigmaB) }
        return .custom(MeanFieldValue(result, network: description, networkDepth: box.network.depth))
      default:
        throw Diagnostic(
          "meanfield needs an activation or a network, not \(arg.value.aKind)", at: arg.range, hint: "usage: \(usage)")
      }
    },
    Builtin(
      "phase", .theory,
      parameters: [
        Parameter("act", .activation), .named("sigma_w", .any, optional: "[0, 3]", about: "sigma_w="),
        .named("sigma_b", .any, optional: "[0, 1]", about: "sigma_b="),
      ],
      summary: "the order-to-chaos diagram: chi over the (sigma_w, sigma_b) plane and the critical line chi = 1 (plot, save as SVG)",
      details: """
        chi on a 49×41 grid (level lines at chi = 0.25 ... 8) and the critical line, found in sigma_w at each
        sigma_b (doubling, then regula falsi, to 1e-12): ordered to its left, chaotic to its right. Without
        sigma_w= the range is 0 to 1.5 times the line's largest sigma_w. Fields sigma_w, sigma_b, chi (a matrix,
        a row per sigma_b), critical, svg.
        """,
      example: "phase(tanh); p = phase(relu, sigma_b=[0, 0.5]); p.critical[1]"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let g = try c.activation("act")
      if g == .softmax {
        throw Diagnostic("softmax is not elementwise: it has no mean-field phase diagram", at: try c.argument("act").range)
      }
      let w = try c.given("sigma_w").map { (a) throws(Diagnostic) in try sigmaRange(a, "sigma_w", c) }
      let b = try c.given("sigma_b").map { (a) throws(Diagnostic) in try sigmaRange(a, "sigma_b", c) } ?? 0...1
      // 2,009 fixed points of some 50 steps of a 200- to 500-point rule, and 41 root searches.
      try c.interpreter.spendWork(5e7, on: "this phase diagram", at: c.range)
      return .custom(PhaseValue(g, sigmaW: w, sigmaB: b))
    },
    Builtin(
      "hist", .plots,
      parameters: [
        Parameter("v", .any, expected: "a vector, a matrix or a list of them"),
        .named("bins", .integer(1...1000), default: .number(20), about: "bins="),
        .named("title", .string, optional: "\"...\"", about: "title="),
        .named("width", .integer(30...1000), optional: "...", about: "width="),
        .named("height", .integer(4...500), optional: "...", about: "height="),
      ],
      summary: "a histogram of a vector's or a matrix's values; of a list (g.a, net.w), one per element on one scale",
      details: """
        Bins as numpy.histogram: equal, from the smallest value to the largest, each [left, right) but the last.
        NaN and infinite values are left out and counted. A single histogram is drawn as bars with their counts;
        a list as one outline per element of the fraction of its values in each bin (Glorot and Bengio 2010,
        figure 6), with a table of each element's count, mean and spread. Fields counts, edges, svg;
        save(hist(v), "h.svg") writes SVG.
        """,
      example: "seed(1); hist(dense(100, 50).w[1], bins=10); net = dense(4, 8, tanh) -> dense(8, 8, tanh) x 2; hist(trace(net, [1, 2, 3, 4]).a)"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let arg = try c.argument("v")
      let bins = try c.integer("bins")
      let title = c.has("title") ? try c.string("title") : nil
      let width = c.has("width") ? try c.integer("width") : nil
      let height = c.has("height") ? try c.integer("height") : nil
      var values: [[Double]] = []
      var names: [String] = []
      if case .list(let list) = arg.value {
        if list.items.isEmpty { throw Diagnostic("there is nothing to count in an empty list", at: arg.range) }
        for (k, item) in list.items.enumerated() {
          let name = "\(list.elementName) \(k + list.base)"
          guard let v = numbers(item) else {
            throw Diagnostic(
              "hist counts numbers: \(name) is \(item.aKind)", at: arg.range, hint: "a list of vectors or matrices: g.a, net.w")
          }
          values.append(v)
          names.append(name)
        }
      } else {
        guard let v = numbers(arg.value) else {
          throw Diagnostic(
            "hist needs a vector, a matrix or a list of them, not \(arg.value.aKind)", at: arg.range,
            hint: "hist(net.w[1]) counts the weights of layer 1; hist(trace(net, x).a) each layer's activations")
        }
        values = [v]
        names = [""]
      }
      if values.allSatisfy(\.isEmpty) {
        throw Diagnostic("there is nothing to count in an empty \(arg.value.kindName)", at: arg.range)
      }
      if !values.contains(where: { $0.contains(where: \.isFinite) }) {
        throw Diagnostic("every value is NaN or infinite: there is nothing to count", at: arg.range)
      }
      try c.interpreter.spendWork(Double(values.reduce(0) { $0 + $1.count }), on: "this histogram", at: c.range)
      return .custom(HistogramValue(values, names: names, bins: bins, title: title, width: width, height: height))
    },
    Builtin(
      "saturation", .gradients,
      overloads: [[Parameter("net", .network), Parameter("data", .any)], [Parameter("trace", .any, expected: "a trace or a gradient")]],
      summary: "per layer, the fraction of units whose g'(z) is below 1% of its largest value (saturated; relu: dead), mean |z|",
      details: """
        data is a dataset, a vector (one example) or a matrix with one example per row; a trace or a gradient
        may be given instead. Counted over every unit and example, by the rule of norms(g)'s notes: sigmoid
        beyond |z| = 5.99, tanh beyond 2.99, relu at z <= 0, elu below -4.61, softplus below -4.60; never for
        leaky_relu (its slope 0.01 is 1% of 1, not below it) or linear. Fields saturated, count, mean_abs_z,
        examples; plot(saturation(...)) draws the fractions as bars.
        """,
      example: "seed(1); net = dense(4, 8, sigmoid, init=gaussian(0, 3)) -> dense(8, 8, relu) x 2; saturation(net, [[1, 2, 3, 4], [0, 1, 0, 1]])"
    ) { (c: inout CallContext) throws(Diagnostic) in
      let usage = "saturation(net, data) or saturation(trace)"
      let first = try c.argument(c.overload == 0 ? "net" : "trace")
      if c.overload == 1 {
        switch first.value {
        case .trace(let t): return .custom(SaturationTable(t.trace, network: t.network))
        case .gradient(let g): return .custom(SaturationTable(g.gradient.trace, network: g.gradient.network))
        case .network:
          throw c.error("saturation(net) needs data to run the network on", hint: "usage: \(usage)")
        default:
          throw Diagnostic("saturation needs a network and data, or a trace, not \(first.value.aKind)", at: first.range, hint: "usage: \(usage)")
        }
      }
      guard case .network(let box) = first.value else {
        throw Diagnostic("saturation needs a network and data, or a trace, not \(first.value.aKind)", at: first.range, hint: "usage: \(usage)")
      }
      let net = box.network
      let dataArg = try c.argument("data")
      let x: Matrix
      if case .dataset(let d) = dataArg.value {
        if d.inputSize != net.inputSize {
          throw Diagnostic("the network takes \(net.inputSize) inputs but the data has \(d.inputSize)", at: dataArg.range)
        }
        x = d.inputs
      } else {
        (x, _) = try Networks.examples(dataArg.value, expected: net.inputSize, what: "the data", at: dataArg.range)
      }
      try c.interpreter.spendPass(net, examples: x.cols, "this forward pass", at: c.range)
      let t = try c.wrap { () throws(CoreError) in try net.trace(x) }
      return .custom(SaturationTable(t, network: net))
    },
  ]

  /// A sigma: a number from 0 to 1e6.
  private static func sigma(_ arg: (value: Value, range: SourceRange), _ name: String, _ c: CallContext) throws(Diagnostic) -> Double {
    let v = try c.number(arg, "\(name)=")
    guard v >= 0 && v <= MeanField.maxSigma else {
      throw Diagnostic("\(name)= must be a number from 0 to 1e6, not \(Format.number(v))", at: arg.range)
    }
    return v
  }

  /// `sigma_w=[0, 3]`: a range of sigmas, from < to.
  private static func sigmaRange(_ arg: (value: Value, range: SourceRange), _ name: String, _ c: CallContext) throws(Diagnostic) -> ClosedRange<Double> {
    let v = try c.vector(arg, "\(name)=")
    guard v.count == 2, v[0] >= 0, v[1] <= MeanField.maxSigma, v[0] < v[1] else {
      throw Diagnostic(
        "\(name)= must be a range [from, to] with 0 <= from < to <= 1e6", at: arg.range, hint: "\(name)=[0, 2]")
    }
    return v[0]...v[1]
  }

  /// The numbers of a vector, a matrix (all its entries) or a number; nil for anything else.
  private static func numbers(_ v: Value) -> [Double]? {
    switch v.numeric {
    case .number(let x): return [x]
    case .vector(let x): return x
    case .matrix(let m): return m.storage.array
    default: return nil
    }
  }

  /// The activation and sigmas every layer of a plain dense network was drawn with, and a
  /// description of where they came from.
  private static func networkSigmas(_ box: NetworkBox, at range: SourceRange) throws(Diagnostic)
    -> (Activation, Double, Double, String)
  {
    let net = box.network
    guard !net.layers.isEmpty else { throw Diagnostic("this network has no layers", at: range) }
    if let l = net.layers.firstIndex(where: \.isNormalization) {
      throw Diagnostic(
        "meanfield(net) is the theory of a chain of dense layers; layer \(l + 1) is a \(net.layers[l].kindName)", at: range,
        hint: "meanfield(act, sigma_w=, sigma_b=) describes the dense layers alone")
    }
    if !net.skips.isEmpty {
      throw Diagnostic(
        "meanfield(net) is the theory of a plain chain of dense layers; this network has skips (residual blocks)", at: range,
        hint: "meanfield(act, sigma_w=, sigma_b=) describes the chain without them")
    }
    var layers: [(Activation, Double, Double)] = []
    for (i, (layer, recipe)) in zip(net.layers, box.recipes).enumerated() {
      if recipe.loaded {
        throw Diagnostic(
          "meanfield(net) reads the initialisers the layers were drawn with, and layer \(i + 1) was loaded from a file", at: range,
          hint: "meanfield(act, sigma_w=, sigma_b=) with the sigmas it was drawn with")
      }
      let g = layer.activation
      if g == .softmax {
        throw Diagnostic(
          "layer \(i + 1) is softmax, which is not elementwise: the mean-field theory is of one activation on each unit", at: range)
      }
      let biases = recipe.biases ?? recipe.weights.defaultBias
      do throws(CoreError) {
        let w = try recipe.weights.meanFieldSigmaW(inputs: layer.inputs, outputs: layer.outputs)
        let b = try biases.meanFieldSigmaB(units: layer.outputs)
        layers.append((g, w, b))
      } catch {
        throw Diagnostic("layer \(i + 1): \(error.description)", at: range)
      }
    }
    let (g, w, b) = layers[0]
    func describe(_ l: (Activation, Double, Double)) -> String {
      "\(l.0.name), sigma_w = \(Format.short(l.1)), sigma_b = \(Format.short(l.2))"
    }
    if let k = layers.firstIndex(where: { $0.0 != g || !same($0.1, w) || !same($0.2, b) }) {
      throw Diagnostic(
        "meanfield(net) needs every layer drawn alike: layer 1 gives \(describe(layers[0])) but layer \(k + 1) gives \(describe(layers[k]))",
        at: range,
        hint: "the theory is of one layer repeated; meanfield(\(g.name), sigma_w=\(Format.short(w)), sigma_b=\(Format.short(b))) is layer 1's")
    }
    let recipe = box.recipes[0]
    let bias = recipe.biases.map { ", bias=\($0.languageName)" } ?? ""
    let alike = box.recipes.allSatisfy { $0.weights == recipe.weights && $0.biases == recipe.biases }
    let drawn = alike ? "init=\(recipe.weights.languageName)\(bias)" : "initialisers that differ but give the same sigmas"
    let description = "\(net.depth) layer\(net.depth == 1 ? "" : "s") \(net.sizesDescription), \(drawn), as drawn"
    return (g, w, b, description)
  }

  /// Equal to rounding: xavier's sigma_w of different sizes with the same ratio.
  private static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }
}
