/// A drawing surface of terminal cells, each holding 2×4 dots as one Unicode braille character
/// (U+2800 plus a bit per dot), so a line has four times the vertical resolution of text.
/// Dots are addressed from the top left: x to the right, y downwards.
struct BrailleCanvas {
  let columns: Int
  let rows: Int
  var widthInDots: Int { columns * 2 }
  var heightInDots: Int { rows * 4 }

  /// The colour a cell is drawn in: a cell holds one colour, so the mark of highest priority
  /// decides it. A background ink (contour lines) gives way entirely: a cell that a foreground
  /// mark (a path) passes through shows only that mark's dots, so paths stay crisp.
  struct Ink: Equatable {
    var colour: Int?
    var priority: Int
    var background = false
  }

  private var bits: [UInt8]
  private var inks: [Ink?]
  private var overlay: [Character?]

  init(columns: Int, rows: Int) {
    self.columns = max(columns, 1)
    self.rows = max(rows, 1)
    bits = Array(repeating: 0, count: self.columns * self.rows)
    inks = Array(repeating: nil, count: self.columns * self.rows)
    overlay = Array(repeating: nil, count: self.columns * self.rows)
  }

  /// Braille numbers its dots down the left column (1, 2, 3, then 7 at the bottom) and then down
  /// the right (4, 5, 6, 8); bit n-1 stands for dot n.
  private static let bit: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

  mutating func dot(_ x: Int, _ y: Int, ink: Ink = Ink(colour: nil, priority: 0)) {
    guard x >= 0, y >= 0, x < widthInDots, y < heightInDots else { return }
    let cell = (y / 4) * columns + x / 2
    if let old = inks[cell], old.background != ink.background {
      if ink.background { return }
      bits[cell] = 0
      inks[cell] = nil
    }
    bits[cell] |= BrailleCanvas.bit[y % 4][x % 2]
    paint(cell, ink)
  }

  func isSet(_ x: Int, _ y: Int) -> Bool {
    guard x >= 0, y >= 0, x < widthInDots, y < heightInDots else { return false }
    return bits[(y / 4) * columns + x / 2] & BrailleCanvas.bit[y % 4][x % 2] != 0
  }

  /// A character in place of the braille of the cell holding dot (x, y): a marker.
  mutating func put(_ character: Character, atDot x: Int, _ y: Int, ink: Ink) {
    guard x >= 0, y >= 0, x < widthInDots, y < heightInDots else { return }
    let cell = (y / 4) * columns + x / 2
    overlay[cell] = character
    inks[cell] = ink
  }

  private mutating func paint(_ cell: Int, _ ink: Ink) {
    if let old = inks[cell], old.priority > ink.priority { return }
    inks[cell] = ink
  }

  /// Connects points given in dot coordinates (fractions allowed); nil breaks the line. The
  /// pattern runs on along the whole polyline, so dashes do not restart at every point.
  mutating func polyline(_ points: [(x: Double, y: Double)?], pattern: DashPattern = .solid, ink: Ink) {
    var step = 0
    var last: (Int, Int)?
    var previous: (x: Double, y: Double)?
    for point in points {
      guard let point else {
        previous = nil
        continue
      }
      if let from = previous {
        if let (a, b) = clip(from, point) { segment(a, b, pattern: pattern, step: &step, last: &last, ink: ink) }
      } else if let (a, b) = clip(point, point) {
        segment(a, b, pattern: pattern, step: &step, last: &last, ink: ink)
      }
      previous = point
    }
  }

  /// Bresenham between the rounded ends; a dot counts as a step of the pattern only when it
  /// differs from the one before.
  private mutating func segment(
    _ a: (x: Double, y: Double), _ b: (x: Double, y: Double), pattern: DashPattern, step: inout Int, last: inout (Int, Int)?, ink: Ink
  ) {
    var x0 = Int(a.x.rounded())
    var y0 = Int(a.y.rounded())
    let x1 = Int(b.x.rounded())
    let y1 = Int(b.y.rounded())
    let dx = abs(x1 - x0)
    let dy = -abs(y1 - y0)
    let sx = x0 < x1 ? 1 : -1
    let sy = y0 < y1 ? 1 : -1
    var error = dx + dy
    while true {
      if last.map({ $0 != (x0, y0) }) ?? true {
        if pattern.isOn(step) { dot(x0, y0, ink: ink) }
        step += 1
        last = (x0, y0)
      }
      if x0 == x1 && y0 == y1 { break }
      let e2 = 2 * error
      if e2 >= dy {
        error += dy
        x0 += sx
      }
      if e2 <= dx {
        error += dx
        y0 += sy
      }
    }
  }

  /// The part of the segment inside the canvas (Liang–Barsky), so that a point far outside a
  /// fixed range costs nothing.
  private func clip(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> ((x: Double, y: Double), (x: Double, y: Double))? {
    guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return nil }
    let (xmin, xmax) = (-0.5, Double(widthInDots) - 0.5)
    let (ymin, ymax) = (-0.5, Double(heightInDots) - 0.5)
    let dx = b.x - a.x
    let dy = b.y - a.y
    var t0 = 0.0
    var t1 = 1.0
    for (p, q) in [(-dx, a.x - xmin), (dx, xmax - a.x), (-dy, a.y - ymin), (dy, ymax - a.y)] {
      if p == 0 {
        if q < 0 { return nil }
      } else {
        let r = q / p
        if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
      }
    }
    guard t0 <= t1 else { return nil }
    return ((a.x + t0 * dx, a.y + t0 * dy), (a.x + t1 * dx, a.y + t1 * dy))
  }

  /// The rows of text; with colour, each run of cells of one colour is wrapped in ANSI codes.
  func lines(colour: Bool) -> [String] {
    (0..<rows).map { row in
      var text = ""
      var current: Int?
      for column in 0..<columns {
        let cell = row * columns + column
        let character: Character =
          overlay[cell] ?? (bits[cell] == 0 ? " " : Character(Unicode.Scalar(0x2800 + UInt32(bits[cell]))!))
        if colour {
          let wanted = character == " " ? current : inks[cell]?.colour
          if wanted != current {
            text += wanted.map(ANSI.foreground) ?? ANSI.reset
            current = wanted
          }
        }
        text.append(character)
      }
      if current != nil { text += ANSI.reset }
      return text
    }
  }
}

/// Which dots along a line are drawn: without colour, series are told apart by their pattern.
struct DashPattern: Equatable {
  let on: [Bool]

  func isOn(_ step: Int) -> Bool { on[step % on.count] }

  static let solid = DashPattern(on: [true])
  static let dashed = DashPattern(on: [true, true, true, true, false, false])
  static let dotted = DashPattern(on: [true, false])
  static let dashDotted = DashPattern(on: [true, true, true, true, false, false, true, false, false])
  static let longDashed = DashPattern(on: [true, true, true, true, true, true, true, false, false, false])

  /// The patterns series take in turn when there is no colour; dotted comes last because contour
  /// lines under paths are dotted.
  static let series: [DashPattern] = [.solid, .dashed, .dashDotted, .longDashed, .dotted]
}
