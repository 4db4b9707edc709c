import Foundation

/// The colours of plots, shared by the terminal and SVG so that a series is the same colour in
/// both: Tableau's ten for series (told apart by most colour-blind readers), viridis for
/// ordered things (contour levels, one-signed heatmaps), blue-white-red for signed heatmaps.
enum Palette {
  struct Colour: Equatable {
    var r: Double
    var g: Double
    var b: Double

    init(_ hex: UInt32) {
      r = Double((hex >> 16) & 0xff)
      g = Double((hex >> 8) & 0xff)
      b = Double(hex & 0xff)
    }

    init(r: Double, g: Double, b: Double) {
      self.r = r
      self.g = g
      self.b = b
    }

    /// `#4e79a7`
    var hex: String {
      String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    /// The nearest of xterm's 256 colours: the 6×6×6 cube or the 24 greys.
    var ansi256: Int {
      let levels: [Double] = [0, 95, 135, 175, 215, 255]
      func nearestLevel(_ v: Double) -> Int {
        levels.indices.min { abs(levels[$0] - v) < abs(levels[$1] - v) }!
      }
      let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
      let cube = 16 + 36 * ri + 6 * gi + bi
      let cubeDistance = distance(to: Colour(r: levels[ri], g: levels[gi], b: levels[bi]))
      let grey = max(0, min(23, Int((((r + g + b) / 3 - 8) / 10).rounded())))
      let greyLevel = Double(8 + 10 * grey)
      let greyDistance = distance(to: Colour(r: greyLevel, g: greyLevel, b: greyLevel))
      return greyDistance < cubeDistance ? 232 + grey : cube
    }

    func distance(to other: Colour) -> Double {
      (r - other.r) * (r - other.r) + (g - other.g) * (g - other.g) + (b - other.b) * (b - other.b)
    }

    func mixed(with other: Colour, _ t: Double) -> Colour {
      Colour(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t)
    }
  }

  static let series: [Colour] = [
    0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac,
  ].map(Colour.init)

  static func series(_ i: Int) -> Colour { series[i % series.count] }

  /// Lines drawn over contour lines (descent paths) skip the blues and greens of viridis: red,
  /// orange, purple, pink, brown, grey.
  static func line(_ i: Int, overContours: Bool) -> Colour {
    guard overContours else { return series(i) }
    let warm = [2, 1, 6, 7, 8, 9]
    return series[warm[i % warm.count]]
  }

  static let viridisStops: [Colour] = [0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725].map(Colour.init)
  static let divergingStops: [Colour] = [0x3b4cc0, 0xf7f7f7, 0xb40426].map(Colour.init)

  /// t from 0 (dark purple) to 1 (yellow).
  static func viridis(_ t: Double) -> Colour { ramp(viridisStops, t) }

  /// t from 0 (blue) through 0.5 (white) to 1 (red).
  static func diverging(_ t: Double) -> Colour { ramp(divergingStops, t) }

  static func ramp(_ stops: [Colour], _ t: Double) -> Colour {
    let s = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
    let i = min(Int(s), stops.count - 2)
    return stops[i].mixed(with: stops[i + 1], s - Double(i))
  }
}

/// ANSI escape sequences for 256-colour terminals.
enum ANSI {
  static func foreground(_ n: Int) -> String { "\u{1B}[38;5;\(n)m" }
  static func background(_ n: Int) -> String { "\u{1B}[48;5;\(n)m" }
  static let reset = "\u{1B}[0m"
}
