/// Level lines of a function sampled on a regular grid, by marching squares: in each grid cell
/// the level crosses the edges whose ends lie on opposite sides of it, at the point found by
/// linear interpolation; the pieces are then joined into polylines (closed ones end where they
/// start), so that a renderer draws curves, not thousands of separate strokes.
enum MarchingSquares {
  struct Point: Equatable {
    var x: Double
    var y: Double
  }

  /// The polylines where f = level. values[i][j] = f(x_j, y_i) with x_j running from x.lowerBound
  /// to x.upperBound over the columns and y_i likewise over the rows. Cells with a non-finite
  /// corner are skipped.
  static func lines(_ values: [[Double]], x: ClosedRange<Double>, y: ClosedRange<Double>, level: Double) -> [[Point]] {
    let ny = values.count
    guard ny >= 2, let nx = values.first?.count, nx >= 2, values.allSatisfy({ $0.count == nx }) else { return [] }
    func position(_ i: Int, _ j: Int) -> Point {
      Point(
        x: x.lowerBound + (x.upperBound - x.lowerBound) * Double(j) / Double(nx - 1),
        y: y.lowerBound + (y.upperBound - y.lowerBound) * Double(i) / Double(ny - 1))
    }
    // An edge is named by its lower-left grid point and its direction, so the two cells that
    // share it agree on its name and the pieces can be joined.
    func horizontal(_ i: Int, _ j: Int) -> Int { (i * nx + j) * 2 }
    func vertical(_ i: Int, _ j: Int) -> Int { (i * nx + j) * 2 + 1 }

    var crossing: [Int: Point] = [:]
    var segments: [(Int, Int)] = []
    for i in 0..<(ny - 1) {
      for j in 0..<(nx - 1) {
        // Corners counter-clockwise from the bottom left; edge k joins corner k and corner k+1.
        let corners = [(i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j)]
        let v = corners.map { values[$0.0][$0.1] }
        if v.contains(where: { !$0.isFinite }) { continue }
        let above = v.map { $0 >= level }
        let edges = [horizontal(i, j), vertical(i, j + 1), horizontal(i + 1, j), vertical(i, j)]
        var crossed: [Int] = []
        for k in 0..<4 where above[k] != above[(k + 1) % 4] {
          crossed.append(k)
          if crossing[edges[k]] == nil {
            let a = position(corners[k].0, corners[k].1)
            let b = position(corners[(k + 1) % 4].0, corners[(k + 1) % 4].1)
            let t = (level - v[k]) / (v[(k + 1) % 4] - v[k])
            crossing[edges[k]] = Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
          }
        }
        if crossed.count == 2 {
          segments.append((edges[crossed[0]], edges[crossed[1]]))
        } else if crossed.count == 4 {
          // A saddle: the centre decides. Corners on the other side of the level than the centre
          // are each cut off by their own piece (the edges before and after the corner).
          let centreAbove = v.reduce(0, +) / 4 >= level
          for k in 0..<4 where above[k] != centreAbove {
            segments.append((edges[(k + 3) % 4], edges[k]))
          }
        }
      }
    }
    return join(segments).map { chain in chain.compactMap { crossing[$0] } }
  }

  /// Joins pieces that share an edge into chains of edge names, in a fixed order.
  static func join(_ segments: [(Int, Int)]) -> [[Int]] {
    var byEdge: [Int: [Int]] = [:]
    for (s, (a, b)) in segments.enumerated() {
      byEdge[a, default: []].append(s)
      byEdge[b, default: []].append(s)
    }
    var used = [Bool](repeating: false, count: segments.count)
    func next(from edge: Int) -> Int? {
      guard let s = byEdge[edge]?.first(where: { !used[$0] }) else { return nil }
      used[s] = true
      return segments[s].0 == edge ? segments[s].1 : segments[s].0
    }
    var chains: [[Int]] = []
    for s in segments.indices where !used[s] {
      used[s] = true
      var chain = [segments[s].0, segments[s].1]
      while let e = next(from: chain[chain.count - 1]) { chain.append(e) }
      if chain.first != chain.last {
        var head: [Int] = []
        while let e = next(from: head.last ?? chain[0]) { head.append(e) }
        chain = head.reversed() + chain
      }
      chains.append(chain)
    }
    return chains
  }
}
