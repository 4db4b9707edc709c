/// The one forward and backward driver: every gradient vanish computes (`grad`, `train` and its
/// measurements, `gradcheck`, `trace`, `explain`, `norms`, `jacobian`, the benchmark) goes
/// through it. It holds the buffers of a pass over m examples (one per column), made once and
/// reused for every batch of that size, so that training allocates nothing per batch:
///   forward:  z[l], out[l] from each layer's kind (`LayerKind.forward`), then
///             a[l] = out[l] + a[s-1] for each skip s..l that ends at l (a residual block)
///   BP1:      delta[L] starts as dC/da[L] = a[L] - y (for the costs that fold g' in,
///             cross-entropy with a sigmoid output and log-likelihood with softmax, that is
///             delta[L] itself)
///   back:     from L down, the layer turns dC/da[l] in delta[l] into its own delta and hands
///             dC/da[l-1] down (`LayerKind.backward`; a dense layer's is BP2); a skip s..l also
///             hands dC/da[l] to a[s-1], added to what layer s hands down.
/// Parameter gradients (BP3, BP4 and the normalization layers' dgain, dshift) are read from the
/// deltas afterwards (`parameterGradient`), or written straight into the weights by a training
/// step. The inputs a[0] are held one example per row (`x`, m x n_in) when they come from a
/// dataset, the order it stores them in, so loading a batch is one contiguous copy.
public struct Pass: Sendable {
  public let m: Int
  /// a[0]: one example per row when `inputRows`, else per column.
  var x: Matrix
  let inputRows: Bool
  /// z[l], a[l], delta[l] are layer l's, one example per column (index 0 unused).
  var z: [Matrix]
  var a: [Matrix]
  var delta: [Matrix]
  /// out[l] before skips are added, for the layers where skips end (nil elsewhere: a[l] is it).
  var out: [Matrix?]
  var caches: [LayerCache]
  var y: Matrix
  /// m ones: delta[l] times this sums its columns in one BLAS call.
  let ones: [Double]
  /// For each layer l, the first layers s of the skips that end at l.
  let skipsEndingAt: [[Int]]
  /// When set, `backward` keeps each dC/da[l] (before the layer turns it into its delta) in
  /// `outputGradients`: explain shows them for networks with skips.
  var keepsOutputGradients = false
  var outputGradients: [Matrix] = []
  /// When set, `backward` also computes dC/da[0], the gradient with respect to the inputs (one
  /// example per column), into `inputGradient`: layer 1 hands it down as the others do.
  var keepsInputGradient = false
  var inputGradient = Matrix(rows: 0, cols: 0)
  /// a[0] as columns, when a skip starts at layer 1 and the inputs are held as rows.
  private var xColumns = Matrix(rows: 0, cols: 0)
  /// Set in a training run: the large products of dense layers are cut in two by rows
  /// (`SplitProducts.swift`), and shared with `pair`'s second thread when there is one (the
  /// numbers are the same either way).
  var halves = false
  var pair: CorePair?
  /// The upper half's part of w^T delta in a split layer's backward (`Dense.backward(_:z:out:multiply:into:add:partial:pair:)`).
  private var partial = Matrix(rows: 0, cols: 0)

  public init(network: Network, examples m: Int, inputRows: Bool = true) {
    self.m = m
    self.inputRows = inputRows
    let sizes = [network.inputSize] + network.layers.map(\.outputs)
    x = inputRows ? Matrix(rows: m, cols: network.inputSize) : Matrix(rows: network.inputSize, cols: m)
    a = sizes.enumerated().map { l, n in Matrix(rows: l == 0 ? 0 : n, cols: m) }
    z = sizes.map { Matrix(rows: $0, cols: m) }
    delta = a
    var ending = [[Int]](repeating: [], count: sizes.count)
    for skip in network.skips { ending[skip.to].append(skip.from) }
    skipsEndingAt = ending
    out = sizes.indices.map { l in ending[l].isEmpty ? nil : Matrix(rows: sizes[l], cols: m) }
    caches = [LayerCache](repeating: LayerCache(), count: sizes.count)
    y = Matrix(rows: network.outputSize, cols: m)
    ones = [Double](repeating: 1, count: m)
  }

  public var depth: Int { z.count - 1 }

  /// Copies the examples at `indices` (exactly m of them) into x and y.
  mutating func load(_ data: Dataset, _ indices: ExampleIndices) {
    if halves, m >= 2, inputRows {
      // Half the examples each (the pair's helper takes the place of `InputPrefetcher`).
      x.storage.withUnsafeMutableBufferPointer { xp in
        nonisolated(unsafe) let xp = xp.baseAddress!
        CorePair.halves(m, cut: m / 2, pair: pair) { r in data.fillInputRows(indices, rows: r, into: xp) }
      }
    } else {
      data.fillInputRows(indices, into: &x)
    }
    data.fillTargets(indices, into: &y)
  }

  /// `load` of the examples in `range`, then `forward`: a measurement's chunk. Where OpenBLAS
  /// has a small-matrix kernel for it (`Dense.rowBlock`), layer 1's product w x goes in blocks of a
  /// few dozen examples, each converted from its bytes just before it is multiplied, while it is
  /// in this core's cache: on the benchmark's Xeon the conversion and the product of
  /// [784, 30, 10]'s first layer take 1.0 us an example against 1.3 for the whole chunk of 1000
  /// at once, converted first (which OpenBLAS's large-matrix kernel then copies into its own
  /// blocks). The bits are the small kernel's, the same on every call; nothing else changes.
  mutating func loadForward(_ data: Dataset, _ range: Range<Int>, _ net: Network, mode: PassMode) {
    guard inputRows, !halves, range.count == m, net.layers[0].kindTag == .dense, skipsEndingAt[1].isEmpty,
      let block = Dense.rowBlock(outputs: net.layers[0].outputs, inputs: net.inputSize), m > block
    else {
      load(data, .range(range))
      forward(net, mode: mode)
      return
    }
    data.fillTargets(.range(range), into: &y)
    let dense = net.layers[0].dense
    let (nIn, nOut, m) = (net.inputSize, dense.outputs, m)
    dense.w.storage.withUnsafeBufferPointer { wp in
      x.storage.withUnsafeMutableBufferPointer { xp in
        z[1].storage.withUnsafeMutableBufferPointer { zp in
          let xp = xp.baseAddress!
          Dense.productOfRows(
            wp.baseAddress!, rows: nOut, inputs: nIn, xp, examples: m, into: zp.baseAddress!, block: block
          ) { examples in data.fillInputRows(.range(range), rows: examples, into: xp) }
        }
      }
    }
    forward(net, mode: mode, productReady: true)
  }

  /// Copies only the targets (the inputs came from an `InputPrefetcher`).
  mutating func loadTargets(_ data: Dataset, _ indices: ExampleIndices) {
    data.fillTargets(indices, into: &y)
  }

  /// Sets the inputs and targets from matrices of one example per column.
  mutating func load(columns inputs: Matrix, targets: Matrix?) {
    x = inputRows ? inputs.transposed : inputs
    if let targets { y = targets }
  }

  /// a[l-1] for layer l, and whether it is held one example per row.
  func input(of l: Int) -> (Matrix, rows: Bool) {
    l == 1 ? (x, inputRows) : (a[l - 1], false)
  }

  /// a[k] as one example per column (a[0] too).
  func activations(_ k: Int) -> Matrix {
    k == 0 ? (inputRows ? x.transposed : x) : a[k]
  }

  /// The forward pass over the loaded batch. With `.batchStatistics` and `updating`, batchnorm
  /// layers move their running estimates (a training step's forward pass).
  mutating func forward(_ net: inout Network, mode: PassMode, updating: Bool) {
    forward(net, mode: mode)
    if updating && mode == .batchStatistics {
      for l in 1...depth where net.layers[l - 1].isNormalization {
        net.layers[l - 1].updateRunningStatistics(caches[l])
      }
    }
  }

  /// The forward pass over the loaded batch. `productReady`: z[1] already holds layer 1's
  /// product w x (`loadForward`), and layer 1 only adds b and applies g.
  mutating func forward(_ net: Network, mode: PassMode, productReady: Bool = false) {
    for l in 1...net.depth {
      let (input, rows) = input(of: l)
      let split = halves && splitsDense(net.layers[l - 1])
      if l == 1 && productReady {
        if out[1] != nil {
          net.layers[0].dense.finishForward(z: &z[1], out: &out[1]!)
          a[1].copy(from: out[1]!)
        } else {
          net.layers[0].dense.finishForward(z: &z[1], out: &a[1])
        }
        continue  // (`loadForward` takes this way only when no skip ends at layer 1)
      }
      if out[l] != nil {
        if split {
          net.layers[l - 1].dense.forward(input, inputRows: rows, z: &z[l], out: &out[l]!, pair: pair)
        } else {
          net.layers[l - 1].kind.forward(input, inputRows: rows, z: &z[l], out: &out[l]!, cache: &caches[l], mode: mode)
        }
        a[l].copy(from: out[l]!)  // into a[l]'s own buffer, added to in place below
        for s in skipsEndingAt[l] {
          if s == 1 && inputRows { xColumns = x.transposed }
          let skipped = s == 1 ? (inputRows ? xColumns : x) : a[s - 1]
          a[l].storage.withUnsafeMutableBufferPointer { ap in
            skipped.storage.withUnsafeBufferPointer { sp in
              for i in 0..<ap.count { ap[i] += sp[i] }
            }
          }
        }
      } else if split {
        net.layers[l - 1].dense.forward(input, inputRows: rows, z: &z[l], out: &a[l], pair: pair)
      } else {
        net.layers[l - 1].kind.forward(input, inputRows: rows, z: &z[l], out: &a[l], cache: &caches[l], mode: mode)
      }
    }
  }

  /// Whether a layer's products are cut in two: a dense layer that `splitsForward`.
  private func splitsDense(_ layer: Layer) -> Bool {
    layer.kindTag == .dense && layer.dense.splitsForward(batch: m)
  }

  /// The mean cost over the batch (after `forward`).
  func cost(_ cost: Cost, depth L: Int) -> Double {
    let total = z[L].storage.withUnsafeBufferPointer { zp in
      a[L].storage.withUnsafeBufferPointer { ap in
        y.storage.withUnsafeBufferPointer { yp in cost.value(columns: z[L].cols, z: zp, a: ap, y: yp) }
      }
    }
    return total / Double(m)
  }

  /// The backward pass (after `forward`): every delta[l].
  mutating func backward(_ net: Network, cost: Cost) {
    let L = net.depth
    // BP1: dC/da[L] = a[L] - y (delta[L] itself for the costs that fold g' in)
    a[L].storage.withUnsafeBufferPointer { ap in
      y.storage.withUnsafeBufferPointer { yp in
        delta[L].storage.withUnsafeMutableBufferPointer { dp in
          for i in 0..<dp.count { dp[i] = ap[i] - yp[i] }
        }
      }
    }
    propagate(net, cancels: cost.cancelsOutputDerivative(net.layers[L - 1].activation))
  }

  /// The backward pass from a given dC/da[L] (one column per example, after `forward`), with
  /// g'(z[L]) multiplied in as every layer's is: `Network.jacobians` seeds it with the columns
  /// of the identity, so that column i of each dC/da[l] is d a[L]_i / d a[l].
  mutating func backward(_ net: Network, outputGradient seed: Matrix) {
    precondition(seed.rows == delta[net.depth].rows && seed.cols == m, "seed shape")
    delta[net.depth] = seed
    propagate(net, cancels: false)
  }

  /// From delta[L] holding dC/da[L] down to layer 1 (`cancels`: the cost folded g'(z[L]) in).
  private mutating func propagate(_ net: Network, cancels: Bool) {
    let L = net.depth
    // Which dC/da[k] already hold what a skip brought: the layer above then adds to them.
    var holdsSkip = [Bool](repeating: false, count: L + 1)
    if keepsOutputGradients { outputGradients = [Matrix](repeating: Matrix(rows: 0, cols: 0), count: L + 1) }
    if keepsInputGradient { inputGradient = Matrix(rows: net.inputSize, cols: m) }
    for l in stride(from: L, through: 1, by: -1) {
      if keepsOutputGradients { outputGradients[l] = delta[l] }
      // delta[l] holds all of dC/da[l] now: hand it to the start of each skip that ends here
      // (to dC/da[0] only when it is kept).
      for s in skipsEndingAt[l] where s >= 2 || keepsInputGradient {
        if holdsSkip[s - 1] {
          let arriving = delta[l]
          if s == 1 {
            inputGradient.storage.withUnsafeMutableBufferPointer { tp in
              arriving.storage.withUnsafeBufferPointer { sp in for i in 0..<tp.count { tp[i] += sp[i] } }
            }
          } else {
            delta[s - 1].storage.withUnsafeMutableBufferPointer { tp in
              arriving.storage.withUnsafeBufferPointer { sp in for i in 0..<tp.count { tp[i] += sp[i] } }
            }
          }
        } else {
          if s == 1 { inputGradient.storage = delta[l].storage } else { delta[s - 1].storage = delta[l].storage }
          holdsSkip[s - 1] = true
        }
      }
      let layer = net.layers[l - 1].kind
      let output = out[l] ?? a[l]
      if l == 1 && keepsInputGradient {
        let add = holdsSkip[0]
        var below = inputGradient
        inputGradient = Matrix(rows: 0, cols: 0)  // one owner, so that it is written in place
        withUnsafeMutablePointer(to: &below) { bp in
          layer.backward(
            delta: &delta[1], z: z[1], out: output, cache: caches[1], cancels: cancels && L == 1, inputGradient: bp, add: add)
        }
        inputGradient = below
      } else if l == 1 {
        layer.backward(
          delta: &delta[1], z: z[1], out: output, cache: caches[1], cancels: cancels && L == 1, inputGradient: nil, add: false)
      } else {
        let add = holdsSkip[l - 1]
        var below = delta[l - 1]
        delta[l - 1] = Matrix(rows: 0, cols: 0)  // one owner, so that it is written in place
        if halves && splitsDense(net.layers[l - 1]) {
          // The dense layer's backward, g' and w^T delta, by rows of delta.
          let dense = net.layers[l - 1].dense
          dense.backward(
            &delta[l], z: z[l], out: output, multiply: !(cancels && l == L), into: &below, add: add, partial: &partial,
            pair: pair)
        } else {
          withUnsafeMutablePointer(to: &below) { bp in
            layer.backward(
              delta: &delta[l], z: z[l], out: output, cache: caches[l], cancels: cancels && l == L, inputGradient: bp, add: add)
          }
        }
        delta[l - 1] = below
      }
    }
  }

  /// Layer l's parameter gradient of the mean cost, flat (after `backward`).
  func parameterGradient(_ net: Network, _ l: Int) -> [Double] {
    let (input, rows) = input(of: l)
    return net.layers[l - 1].kind.parameterGradient(delta: delta[l], input: input, inputRows: rows, cache: caches[l])
  }

  /// The mean of delta[l]'s columns: dC/db[l] for a dense layer, dC/dshift for a normalization
  /// layer (the learning speed of the layer).
  func meanDelta(_ l: Int) -> [Double] {
    var mean = [Double](repeating: 0, count: delta[l].rows)
    Matrix.gemv(delta[l], ones, alpha: 1 / Double(m), beta: 0, into: &mean)
    return mean
  }
}

extension Pass {
  /// The driver's pass for one example through a chain of one-neuron dense layers, in flat
  /// buffers: every quantity is one number per layer (a[l], z[l], delta[l] at index l;
  /// dC/dw[l] at l - 1). The forward loop also keeps g'[l] (in delta's place, until delta
  /// overwrites it), off the path from one layer to the next; dC/dw comes last, in one pass.
  static func chain(
    _ layers: UnsafePointer<Layer>, depth L: Int, _ x: Double, _ y: Double, _ cost: Cost,
    a: UnsafeMutablePointer<Double>, z: UnsafeMutablePointer<Double>, delta: UnsafeMutablePointer<Double>,
    dw: UnsafeMutablePointer<Double>
  ) -> Double? {
    // Stored properties only, read where the layers lie: a copy of a layer (which a computed
    // property's getter may make) retains and releases its arrays, more than a layer's work.
    let cancels = cost.cancelsOutputDerivative(layers[L - 1].dense.activation)
    do {
      a[0] = x
      var out = x
      for l in 1...L {
        let layer = layers + (l - 1)
        // One weight and one bias, each layer's shape checked as the pass reaches it.
        if layer.pointee.kindTag != .dense || layer.pointee.dense.w.storage.count != 1 { return nil }
        let zl = layer.pointee.dense.w.storage[0] * out + layer.pointee.dense.b[0]
        z[l] = zl
        let g = layer.pointee.dense.activation
        out = g.apply(zl)
        a[l] = out
        delta[l] = g.derivative(z: zl, a: out)
      }
      let c = withUnsafePointer(to: y) { yp in
        cost.value(
          z: UnsafeBufferPointer(start: z + L, count: 1), a: UnsafeBufferPointer(start: a + L, count: 1),
          y: UnsafeBufferPointer(start: yp, count: 1))
      }
      // BP1, then BP2 as delta[l-1] = delta[l] (w[l] g'[l-1]): delta[1] is the product of
      // these factors (DeltaChain's), and the factor does not wait for delta[l], so one
      // product per layer stands between one delta and the next, not two.
      var d = out - y
      if !cancels { d *= delta[L] }
      delta[L] = d
      for l in stride(from: L, to: 1, by: -1) {
        d *= layers[l - 1].dense.w.storage[0] * delta[l - 1]
        delta[l - 1] = d
      }
      // BP4: dC/dw[l] = delta[l] a[l-1]
      for l in 1...L { dw[l - 1] = delta[l] * a[l - 1] }
      return c
    }
  }
}
