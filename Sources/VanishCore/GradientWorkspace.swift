/// The gradient of the cost for one example at a time, written into buffers made once for a
/// network's shape, so that computing gradients again and again allocates nothing new. It is
/// the driver's (`Pass`) one-example pass, without the trace, the bounds and the per-layer
/// arrays of `Gradient`; a chain of one-neuron dense layers (`dense(1, 1, sigmoid) x 50`, the
/// benchmark's W4) runs the driver's flat loop (`Pass.chain`), where the cost of a layer is
/// one exponential and a BLAS call or an array per layer would dominate.
public struct GradientWorkspace: Sendable {
  /// n[0], ..., n[L]: the layer sizes the workspace was made for.
  public let sizes: [Int]
  private var pass: Pass
  /// The flat chain's buffers: a[l], z[l], delta[l] at index l; dC/dw[l] at l - 1.
  private var a: [Double]
  private var z: [Double]
  private var delta: [Double]
  private var dwChain: [Double]
  /// Every layer is dense with one neuron and one input, and there are no skips.
  fileprivate let chain: Bool
  /// The cost of the last example.
  public private(set) var C: Double = .nan

  public init(network: Network) {
    sizes = [network.inputSize] + network.layers.map(\.outputs)
    pass = Pass(network: network, examples: 1, inputRows: false)
    chain = network.isPlainDense && sizes.allSatisfy { $0 == 1 }
    let n = chain ? sizes.count : 0
    a = [Double](repeating: 0, count: n)
    z = a
    delta = a
    dwChain = a
  }

  public var depth: Int { sizes.count - 1 }

  /// The output a[L] of the last example.
  public var output: [Double] { chain ? [a[depth]] : pass.a[depth].storage.array }
  /// dC/db[l] = delta[l], l = 1...L (for a normalization layer, its delta).
  public func db(_ l: Int) -> [Double] { chain ? [delta[l]] : pass.delta[l].storage.array }
  /// dC/dw[l], l = 1...L, of a dense layer.
  public func dw(_ l: Int) -> Matrix {
    if chain { return Matrix(rows: 1, cols: 1, storage: [dwChain[l - 1]]) }
    let (input, _) = pass.input(of: l)
    var dw = Matrix(rows: sizes[l], cols: sizes[l - 1])
    var db = [Double](repeating: 0, count: sizes[l])
    Dense.addGradient(
      delta: pass.delta[l], input: input, inputRows: false, ones: pass.ones, alpha: 1, weightBeta: 0, biasBeta: 0,
      dw: &dw, db: &db)
    return dw
  }
}

extension Network {
  /// The gradient of the cost of one example (x, y) into `ws` (made for this network's shape);
  /// returns the cost. `ws.dw(l)` and `ws.db(l)` then hold dC/dw[l] and dC/db[l].
  @discardableResult
  public func gradient(
    _ x: [Double], _ y: [Double], cost: Cost, into ws: inout GradientWorkspace
  ) throws(CoreError) -> Double {
    if layers.isEmpty { throw .invalidArgument("the network has no layers") }
    let mismatch = CoreError.shapeMismatch("the workspace was made for a network of other sizes")
    if depth != ws.depth { throw mismatch }
    if x.count != inputSize { throw .shapeMismatch("the network takes \(inputSize) inputs but x has \(x.count)") }
    if y.count != outputSize { throw .shapeMismatch("the network gives \(outputSize) outputs but y has \(y.count)") }
    try layers.withUnsafeBufferPointer { p throws(CoreError) in
      try cost.validate(outputActivation: p[p.count - 1].dense.activation)
    }
    // A chain of one-neuron layers checks each layer as its pass reaches it.
    if ws.runChain(self, x[0], y[0], cost) { return ws.C }
    // Each layer is looked at where it lies (a copy of a layer would retain and release its
    // arrays, which costs more than a small layer's whole pass).
    let fits = layers.withUnsafeBufferPointer { p -> Bool in
      // Stored properties only: a computed one would copy the layer to call its getter.
      for l in 1...p.count {
        switch p[l - 1].kindTag {
        case .batchNorm: return false
        case .layerNorm: if p[l - 1].normalization.gain.count != ws.sizes[l] || ws.sizes[l - 1] != ws.sizes[l] { return false }
        case .dense: if p[l - 1].dense.w.cols != ws.sizes[l - 1] || p[l - 1].dense.w.rows != ws.sizes[l] { return false }
        }
      }
      return true
    }
    if !fits || ws.chain {
      if hasBatchNorm { throw .invalidArgument("batchnorm normalizes over a batch: the gradient of one example through it is not defined") }
      throw mismatch
    }
    ws.run(self, x, y, cost)
    return ws.C
  }
}

extension GradientWorkspace {
  /// The driver's flat chain, when the workspace was made for one; false (nothing computed)
  /// otherwise, or when a layer is not a one-neuron dense layer.
  fileprivate mutating func runChain(_ net: Network, _ x: Double, _ y: Double, _ cost: Cost) -> Bool {
    if !chain { return false }
    let L = depth
    let c = net.layers.withUnsafeBufferPointer { layers in
      withBuffers { a, z, delta, dw in Pass.chain(layers.baseAddress!, depth: L, x, y, cost, a: a, z: z, delta: delta, dw: dw) }
    }
    guard let c else { return false }
    C = c
    return true
  }

  fileprivate mutating func run(_ net: Network, _ x: [Double], _ y: [Double], _ cost: Cost) {
    pass.load(columns: Matrix(column: x), targets: Matrix(column: y))
    pass.forward(net, mode: .runningStatistics)
    C = pass.cost(cost, depth: net.depth)
    pass.backward(net, cost: cost)
  }

  /// The chain's buffers as pointers, for the length of `body`.
  private mutating func withBuffers<R>(
    _ body: (
      _ a: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, _ delta: UnsafeMutablePointer<Double>,
      _ dw: UnsafeMutablePointer<Double>
    ) -> R
  ) -> R {
    a.withUnsafeMutableBufferPointer { a in
      z.withUnsafeMutableBufferPointer { z in
        delta.withUnsafeMutableBufferPointer { delta in
          dwChain.withUnsafeMutableBufferPointer { dw in
            body(a.baseAddress!, z.baseAddress!, delta.baseAddress!, dw.baseAddress!)
          }
        }
      }
    }
  }
}
