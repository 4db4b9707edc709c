import CBLAS

/// The gradient of the cost for one example at a time, written into buffers made once for a
/// network's shape, so that computing gradients again and again allocates nothing. These are
/// Backprop.swift's equations for one example:
///   z[l] = w[l] a[l-1] + b[l],  a[l] = g(z[l])
///   delta[L] = (a[L] - y) (.) g'(z[L])   (a[L] - y for cross-entropy with a sigmoid output)
///   delta[l] = (w[l+1]^T delta[l+1]) (.) g'(z[l])
///   dC/db[l] = delta[l],  dC/dw[l] = delta[l] a[l-1]^T
/// Without the trace, the bounds and the per-layer arrays of `Gradient`, which is what makes
/// `backprop` itself slow for a long chain like `dense(1, 1, sigmoid) x 50`: there the cost of a
/// layer is one exponential, and everything else (a BLAS call, an array per layer) dominates.
/// So small layers (`Self.small` weights or fewer) are computed in plain loops, large ones
/// through BLAS; and g' of sigmoid and tanh is taken from the a[l] already computed where a says
/// enough, from z near saturation (`Activation.derivative(z:a:)`), as accurate as `derivative(z)`.
public struct GradientWorkspace: Sendable {
  /// n[0], ..., n[L]: the layer sizes the workspace was made for.
  public let sizes: [Int]
  /// Layers with at most this many weights skip BLAS.
  static let small = 64
  /// a[l] (l = 0...L) one after another from `offset[l]`; z[l] and delta[l] (l = 1...L) the same,
  /// at the same offsets (their first n[0] places unused).
  private var a: [Double]
  private var z: [Double]
  private var delta: [Double]
  private let offset: [Int]
  /// dC/dw[l] (row-major, n[l] x n[l-1]) one after another from `weightOffset[l]`.
  private var dwStorage: [Double]
  private let weightOffset: [Int]
  /// The cost of the last example.
  public private(set) var C: Double = .nan
  /// Every layer has one neuron and one input (then offset[l] = l, weightOffset[l] = l - 1).
  private let chain: Bool

  public init(network: Network) {
    sizes = [network.inputSize] + network.layers.map(\.outputs)
    var o = [0]
    for n in sizes { o.append(o[o.count - 1] + n) }
    offset = o
    var wo = [0, 0]
    for l in network.layers.indices { wo.append(wo[wo.count - 1] + network.layers[l].w.count) }
    weightOffset = wo
    a = [Double](repeating: 0, count: o[o.count - 1])
    z = a
    delta = a
    dwStorage = [Double](repeating: 0, count: wo[wo.count - 1])
    chain = sizes.allSatisfy { $0 == 1 }
  }

  public var depth: Int { sizes.count - 1 }

  /// The output a[L] of the last example.
  public var output: ArraySlice<Double> { a[offset[depth]..<offset[depth + 1]] }
  /// dC/db[l] = delta[l], l = 1...L.
  public func db(_ l: Int) -> [Double] { Array(delta[offset[l]..<offset[l + 1]]) }
  /// dC/dw[l], l = 1...L.
  public func dw(_ l: Int) -> Matrix {
    Matrix(rows: sizes[l], cols: sizes[l - 1], storage: Array(dwStorage[weightOffset[l]..<weightOffset[l + 1]]))
  }
}

extension Network {
  /// The gradient of the cost of one example (x, y) into `ws` (made for this network's shape);
  /// returns the cost. `ws.dw(l)` and `ws.db(l)` then hold dC/dw[l] and dC/db[l].
  @discardableResult
  public func gradient(
    _ x: [Double], _ y: [Double], cost: Cost, into ws: inout GradientWorkspace
  ) throws(CoreError) -> Double {
    guard let output = layers.last else { throw .invalidArgument("the network has no layers") }
    try cost.validate(outputActivation: output.activation)
    let mismatch = CoreError.shapeMismatch("the workspace was made for a network of other sizes")
    if depth != ws.depth { throw mismatch }
    if x.count != inputSize { throw .shapeMismatch("the network takes \(inputSize) inputs but x has \(x.count)") }
    if y.count != outputSize { throw .shapeMismatch("the network gives \(outputSize) outputs but y has \(y.count)") }
    // Each layer's shape is checked as the forward pass reaches it, before its weights are read.
    if !ws.run(self, x, y, cost) { throw mismatch }
    return ws.C
  }
}

extension GradientWorkspace {
  /// False, with nothing computed, when a layer's shape is not the workspace's.
  fileprivate mutating func run(_ net: Network, _ x: [Double], _ y: [Double], _ cost: Cost) -> Bool {
    let c = net.layers.withUnsafeBufferPointer { layers -> Double? in
      // Layers are read through the pointer in place (`layers[l].w.storage`), never copied out:
      // a copy would retain and release its arrays, which costs more than a small layer.
      let layers = layers.baseAddress!
      if chain { return runChain(layers, x[0], y[0], cost) }
      return runLayers(layers, x, y, cost)
    }
    C = c ?? .nan
    return c != nil
  }

  /// The buffers a, z, delta and dC/dw as pointers, for the length of `body`.
  private mutating func withBuffers<R>(
    _ body: (
      _ a: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, _ delta: UnsafeMutablePointer<Double>,
      _ dw: UnsafeMutablePointer<Double>
    ) -> R
  ) -> R {
    a.withUnsafeMutableBufferPointer { a in
      z.withUnsafeMutableBufferPointer { z in
        delta.withUnsafeMutableBufferPointer { delta in
          dwStorage.withUnsafeMutableBufferPointer { dw in
            body(a.baseAddress!, z.baseAddress!, delta.baseAddress!, dw.baseAddress!)
          }
        }
      }
    }
  }

  /// A chain of one-neuron layers: every quantity is one number per layer, in flat buffers
  /// (a[l], z[l], delta[l] at index l; dC/dw[l] at l - 1). The forward loop also keeps g'[l]
  /// (in delta's place, until delta overwrites it), off the path from one layer to the next;
  /// dC/dw comes last, in one pass.
  private mutating func runChain(_ layers: UnsafePointer<Layer>, _ x: Double, _ y: Double, _ cost: Cost) -> Double? {
    let L = depth
    let cancels = cost.cancelsOutputDerivative(layers[L - 1].activation)
    return withBuffers { a, z, delta, dw -> Double? in
      a[0] = x
      var out = x
      for l in 1...L {
        let layer = layers + (l - 1)
        if layer.pointee.w.storage.count != 1 { return nil }  // one weight: 1 x 1, one bias
        let zl = layer.pointee.w.storage[0] * out + layer.pointee.b[0]
        z[l] = zl
        let g = layer.pointee.activation
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
        d *= layers[l - 1].w.storage[0] * delta[l - 1]
        delta[l - 1] = d
      }
      // BP4: dC/dw[l] = delta[l] a[l-1]
      for l in 1...L { dw[l - 1] = delta[l] * a[l - 1] }
      return c
    }
  }

  /// Layers of any size: small ones in loops, large ones through BLAS.
  private mutating func runLayers(_ layers: UnsafePointer<Layer>, _ x: [Double], _ y: [Double], _ cost: Cost) -> Double? {
    let L = depth
    let cancels = cost.cancelsOutputDerivative(layers[L - 1].activation)
    let offset = self.offset
    let weightOffset = self.weightOffset
    let sizes = self.sizes
    return withBuffers { a, z, delta, dw -> Double? in
      for k in 0..<x.count { a[k] = x[k] }
      // Forward: z[l] = w[l] a[l-1] + b[l], a[l] = g(z[l])
      for l in 1...L {
        let nIn = sizes[l - 1]
        let nOut = sizes[l]
        if layers[l - 1].w.rows != nOut || layers[l - 1].w.cols != nIn { return nil }
        let input = a + offset[l - 1]
        let zl = z + offset[l]
        layers[l - 1].w.storage.withUnsafeBufferPointer { w in
          layers[l - 1].b.withUnsafeBufferPointer { b in
            if nIn * nOut <= GradientWorkspace.small {
              for j in 0..<nOut {
                var s = 0.0
                for k in 0..<nIn { s += w[j * nIn + k] * input[k] }
                zl[j] = s + b[j]
              }
            } else {
              // The product, then b (see Matrix.addToEveryColumn).
              blas_dgemv(false, Int32(nOut), Int32(nIn), 1, w.baseAddress, Int32(nIn), input, 1, 0, zl, 1)
              for j in 0..<nOut { zl[j] += b[j] }
            }
          }
        }
        layers[l - 1].activation.apply(zl, into: a + offset[l], count: nOut)
      }
      // The cost, and BP1: delta[L] = (a[L] - y) (.) g'(z[L])
      let nL = sizes[L]
      let zL = z + offset[L]
      let aL = a + offset[L]
      let c = y.withUnsafeBufferPointer { yp in
        cost.value(z: UnsafeBufferPointer(start: zL, count: nL), a: UnsafeBufferPointer(start: aL, count: nL), y: yp)
      }
      let dL = delta + offset[L]
      for j in 0..<nL { dL[j] = aL[j] - y[j] }
      if !cancels { layers[L - 1].activation.multiplyDerivative(dL, z: zL, a: aL, count: nL) }
      // Back from L: dC/dw[l] = delta[l] a[l-1]^T, then BP2 for delta[l-1].
      for l in stride(from: L, through: 1, by: -1) {
        let nIn = sizes[l - 1]
        let nOut = sizes[l]
        let dl = delta + offset[l]
        let input = a + offset[l - 1]
        let dwl = dw + weightOffset[l]
        for j in 0..<nOut {
          let d = dl[j]
          for k in 0..<nIn { dwl[j * nIn + k] = d * input[k] }
        }
        if l == 1 { break }
        let below = delta + offset[l - 1]
        layers[l - 1].w.storage.withUnsafeBufferPointer { w in
          if nIn * nOut <= GradientWorkspace.small {
            for k in 0..<nIn {
              var s = 0.0
              for j in 0..<nOut { s += w[j * nIn + k] * dl[j] }
              below[k] = s
            }
          } else {
            blas_dgemv(true, Int32(nOut), Int32(nIn), 1, w.baseAddress, Int32(nIn), dl, 1, 0, below, 1)
          }
        }
        layers[l - 2].activation.multiplyDerivative(below, z: z + offset[l - 1], a: input, count: nIn)
      }
      return c
    }
  }
}
