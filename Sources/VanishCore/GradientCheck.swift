/// Central finite differences against backprop, each parameter judged against what the
/// differences themselves can resolve.
///
/// (C(p + h) - C(p - h)) / 2h carries two errors of its own: the rounding of the two costs,
/// divided by 2h (for a cost of 0.01 and h = 1e-5, about 1e-12: the whole of a gradient of
/// 1e-12 deep in a sigmoid chain), and the truncation h^2 C'''(p) / 6. The rounding of a cost
/// is mostly that of the output layer's z, carried into C by delta[L] = dC/dz[L]: it is taken
/// as `roundingUlps` times the unit roundoff of |C| + sum_j |delta[L]_j| (sum_k |w_jk a_k| +
/// |b_j|), over h. The truncation is estimated from the same difference with step 2h, whose
/// truncation is four times as large: |fd(2h) - fd(h)| is three truncations plus noise, and
/// is taken whole. Backprop agrees with a parameter's
/// differences when they are within that resolution plus `relativeTolerance` of the larger.
public struct GradientCheck: Sendable {
  public struct Parameter: Sendable {
    /// The layer (1...L), and "w[j,k]" or "b[j]" (1-based).
    public let layer: Int
    public let name: String
    public let backprop: Double
    /// (C(p + h) - C(p - h)) / 2h.
    public let difference: Double
    /// The smallest disagreement the differences can tell from their own errors.
    public let resolution: Double
    /// The step the differences settled at (h, or h / 10^k where the cost bends too fast).
    public let step: Double

    public var error: Double { Swift.abs(backprop - difference) }
    /// |bp - fd| / (|bp| + |fd|), 0 when both are 0.
    public var relativeError: Double {
      let scale = Swift.abs(backprop) + Swift.abs(difference)
      return scale == 0 ? 0 : error / scale
    }
    public var agrees: Bool {
      error <= GradientCheck.relativeTolerance * Swift.max(Swift.abs(backprop), Swift.abs(difference)) + resolution
    }
  }

  /// Every weight and bias, layer by layer, w before b.
  public let parameters: [Parameter]
  /// The step h the differences start from.
  public let step: Double

  /// Rounding of each cost is taken as this many unit roundoffs of its scale.
  public static let roundingUlps = 4.0
  /// How many times the step may shrink tenfold for a parameter whose differences have not
  /// settled.
  public static let refinements = 6
  /// Differences and backprop may differ by this fraction of the larger beyond the resolution.
  public static let relativeTolerance = 1e-6

  public var agrees: Bool { parameters.allSatisfy(\.agrees) }
  public var disagreeing: [Parameter] { parameters.filter { !$0.agrees } }
  public var depth: Int { parameters.last?.layer ?? 0 }
  public func layer(_ l: Int) -> [Parameter] { parameters.filter { $0.layer == l } }
  /// The largest relative error over every weight and bias, whatever the resolution.
  public var maxRelativeError: Double { parameters.map(\.relativeError).max() ?? 0 }
}

extension Network {
  /// Compares every dC/dw and dC/db from backprop with (C(p + h) - C(p - h)) / 2h.
  public func gradientCheck(_ x: Matrix, _ y: Matrix, cost: Cost, step h: Double = 1e-5)
    throws(CoreError) -> GradientCheck
  {
    let g = try backprop(x, y, cost: cost)
    let flat = (0...depth).map { l -> [Double] in
      if l == 0 { return [] }
      return layers[l - 1].isNormalization ? g.dgain[l] + g.dshift[l] : g.dw[l].storage + g.db[l]
    }
    return try gradientCheck(x, y, cost: cost, step: h, gradients: flat)
  }

  /// The check against given dC/dw[l] and dC/db[l] (index l, 1...L): a test hands it a wrong
  /// one to see it flagged.
  func gradientCheck(_ x: Matrix, _ y: Matrix, cost: Cost, step h: Double, dw: [Matrix], db: [[Double]])
    throws(CoreError) -> GradientCheck
  {
    try gradientCheck(x, y, cost: cost, step: h, gradients: (0...depth).map { $0 == 0 ? [] : dw[$0].storage + db[$0] })
  }

  /// The scale of the rounding error in the mean cost C: |C| plus, for each example, the
  /// output layer's |delta[L]| times the magnitudes summed into z[L].
  func costRoundingScale(_ g: Gradient) -> Double {
    let L = depth
    let last = layers[L - 1]
    let a = g.trace.a[L - 1]
    let d = g.delta[L]
    var total = 0.0
    for i in 0..<a.cols {
      for j in 0..<last.outputs {
        var magnitude = 0.0
        if last.isNormalization {
          magnitude = Swift.abs(g.trace.z[L][j, i])
        } else {
          magnitude = Swift.abs(last.b[j])
          for k in 0..<last.inputs { magnitude += Swift.abs(last.w[j, k] * a[k, i]) }
        }
        total += Swift.abs(d[j, i]) * magnitude
      }
    }
    return Swift.abs(g.C) + total / Double(max(a.cols, 1))
  }

  /// The check against given flat parameter gradients per layer (index l, 1...L; in each
  /// layer's `parameters` order).
  func gradientCheck(_ x: Matrix, _ y: Matrix, cost: Cost, step h: Double, gradients: [[Double]])
    throws(CoreError) -> GradientCheck
  {
    let noise = GradientCheck.roundingUlps * Double.ulpOfOne * costRoundingScale(try backprop(x, y, cost: cost))
    var probe = self
    var parameters: [GradientCheck.Parameter] = []
    parameters.reserveCapacity(parameterCount)
    // The differences at p with steps h and 2h, and the resolution of the first; `set` puts
    // a value into the probed parameter. Where the two differ by more than 1% (the cost
    // is not near its tangent over the step: an exploding chain amplifies a step of 1e-5 in
    // b[1] 25^7 times), the step shrinks tenfold, at most `GradientCheck.refinements` times,
    // until the differences settle or their rounding dominates.
    func differences(_ p: Double, _ set: (inout Network, Double) -> Void) throws(CoreError) -> (Double, Double, Double) {
      var step = h
      var result = (0.0, 0.0, h)
      for attempt in 0...GradientCheck.refinements {
        var costs: [Double] = []
        for offset in [step, -step, 2 * step, -2 * step] {
          set(&probe, p + offset)
          costs.append(try probe.cost(x, y, cost: cost))
        }
        set(&probe, p)
        let fd = (costs[0] - costs[1]) / (2 * step)
        let fd2 = (costs[2] - costs[3]) / (4 * step)
        let truncation = Swift.abs(fd2 - fd)
        let rounding = noise / step
        result = (fd, rounding + truncation, step)
        if truncation <= 0.01 * Swift.abs(fd) || truncation <= rounding || attempt == GradientCheck.refinements { break }
        step /= 10
      }
      return result
    }
    for l in 1...depth {
      let layer = layers[l - 1]
      let values = layer.parameters
      let n = layer.outputs
      for i in values.indices {
        let name: String
        if layer.isNormalization {
          name = i < n ? "gain[\(i + 1)]" : "shift[\(i - n + 1)]"
        } else {
          let w = layer.w.count
          name = i < w ? "w[\(i / layer.inputs + 1),\(i % layer.inputs + 1)]" : "b[\(i - w + 1)]"
        }
        let (fd, resolution, step) = try differences(values[i]) { $0.layers[l - 1].setParameter(i, to: $1) }
        parameters.append(.init(layer: l, name: name, backprop: gradients[l][i], difference: fd, resolution: resolution, step: step))
      }
    }
    return GradientCheck(parameters: parameters, step: h)
  }
}
