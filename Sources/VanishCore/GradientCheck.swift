/// Central finite differences against backprop.
public struct GradientCheck: Sendable {
  /// The largest relative error over every weight and bias: |fd - bp| / max(|fd| + |bp|, floor).
  public let maxRelativeError: Double
  /// Where it occurred: layer (1...L), and "w[j,k]" or "b[j]" (1-based).
  public let worstLayer: Int
  public let worstParameter: String
  public let parameters: Int
}

extension Network {
  /// Compares every dC/dw and dC/db from backprop with (C(p + h) - C(p - h)) / 2h.
  public func gradientCheck(_ x: Matrix, _ y: Matrix, cost: Cost, h: Double = 1e-6)
    throws(CoreError) -> GradientCheck
  {
    let g = try backprop(x, y, cost: cost)
    var worst = 0.0
    var worstLayer = 1
    var worstName = ""
    var count = 0
    var probe = self
    func compare(_ fd: Double, _ bp: Double, _ l: Int, _ name: String) {
      let scale = Swift.max(abs(fd) + abs(bp), 1e-8)
      let err = abs(fd - bp) / scale
      count += 1
      if err > worst || worstName.isEmpty {
        worst = Swift.max(err, worst)
        worstLayer = l
        worstName = name
      }
    }
    for l in 1...depth {
      let layer = layers[l - 1]
      for j in 0..<layer.outputs {
        for k in 0..<layer.inputs {
          let p = layer.w[j, k]
          probe.layers[l - 1].w[j, k] = p + h
          let plus = try probe.cost(x, y, cost: cost)
          probe.layers[l - 1].w[j, k] = p - h
          let minus = try probe.cost(x, y, cost: cost)
          probe.layers[l - 1].w[j, k] = p
          compare((plus - minus) / (2 * h), g.dw[l][j, k], l, "w[\(j + 1),\(k + 1)]")
        }
        let p = layer.b[j]
        probe.layers[l - 1].b[j] = p + h
        let plus = try probe.cost(x, y, cost: cost)
        probe.layers[l - 1].b[j] = p - h
        let minus = try probe.cost(x, y, cost: cost)
        probe.layers[l - 1].b[j] = p
        compare((plus - minus) / (2 * h), g.db[l][j], l, "b[\(j + 1)]")
      }
    }
    return GradientCheck(
      maxRelativeError: worst, worstLayer: worstLayer, worstParameter: worstName, parameters: count)
  }
}
