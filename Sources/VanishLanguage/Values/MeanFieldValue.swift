import Foundation
import VanishCore

/// `meanfield(act, sigma_w=, sigma_b=)` and `meanfield(net)`: the fixed point q*, chi, the phase,
/// the depth scale and the predicted ratio ||delta[1]|| / ||delta[L]|| = chi^((L-1)/2) at a few
/// depths (and at the network's own).
public struct MeanFieldValue: CustomValue {
  public let result: MeanField
  /// Where the sigmas came from when read from a network: "init=xavier, bias=const(0), 20 layers 16→16".
  public let network: String?
  public let networkDepth: Int?

  public static let depths = [5, 10, 20, 50]

  public init(_ result: MeanField, network: String? = nil, networkDepth: Int? = nil) {
    self.result = result
    self.network = network
    self.networkDepth = networkDepth
  }

  public var kindName: String { "meanfield" }
  public var kindWithShape: String { "meanfield(\(result.activation.name), \(result.phase.rawValue))" }
  public var fieldNames: [String] { ["q", "chi", "depth", "phase", "sigma_w", "sigma_b", "iterations", "bisections"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "q": return .number(result.q)
    case "chi": return .number(result.chi)
    case "depth": return .number(result.depth)
    case "phase": return .string(result.phase.rawValue)
    case "sigma_w": return .number(result.sigmaW)
    case "sigma_b": return .number(result.sigmaB)
    case "iterations": return .number(Double(result.iterations))
    case "bisections": return .number(Double(result.bisections))
    default: return nil
    }
  }

  /// Ten significant digits: enough to see chi = 1.000000133 next to 1.
  static func ten(_ v: Double) -> String { v.isFinite ? String(format: "%.10g", v) : Format.short(v) }

  public var rendered: String { rendered(colour: OutputStyle.colour) }

  public func rendered(colour: Bool) -> String {
    let style = TextStyle(colour: colour)
    let m = result
    let g = m.activation.name
    var lines: [String] = []
    lines.append(
      "mean field of \(g), sigma_w = \(Format.short(m.sigmaW)), sigma_b = \(Format.short(m.sigmaB)): w ~ N(0, sigma_w^2 / n_in), b ~ N(0, sigma_b^2), infinitely wide")
    if let network { lines.append("(read from the network: \(network))") }
    let phaseText: String
    switch m.phase {
    case .ordered: phaseText = "chi < 1: ||delta|| shrinks towards the input (gradients vanish)"
    case .chaotic: phaseText = "chi > 1: ||delta|| grows towards the input (gradients explode)"
    case .critical: phaseText = "|chi - 1| < 1e-9: ||delta|| keeps its size"
    }
    let steps =
      m.bisections > 0
      ? "from q = 1: \(m.iterations) steps, then \(m.bisections) of bracketing and bisection"
      : "from q = 1 in \(m.iterations) step\(m.iterations == 1 ? "" : "s")"
    let rows = [
      ["q*", Self.ten(m.q), "the fixed point of q = sigma_w^2 E[\(g)(sqrt(q) z)^2] + sigma_b^2, \(steps)"],
      ["chi", Self.ten(m.chi), "sigma_w^2 E[\(g)'(sqrt(q*) z)^2]: each layer multiplies ||delta||^2 by chi"],
      ["phase", m.phase.rawValue, phaseText],
      ["depth", Format.short(m.depth), "1 / |ln chi|: the layers over which ||delta||^2 changes by a factor e"],
    ]
    lines.append(Format.table(rows, leftAligned: [0, 1, 2]))
    lines.append("predicted ||delta[1]|| / ||delta[L]|| = chi^((L-1)/2):")
    var depths = Self.depths
    if let networkDepth, !depths.contains(networkDepth) { depths = (depths + [networkDepth]).sorted() }
    var table = [["L", "ratio", ""]]
    for L in depths {
      table.append(["\(L)", Format.short(m.ratio(depth: L)), L == networkDepth ? "this network" : ""])
    }
    lines.append(style.withBoldHeader(Format.table(table, leftAligned: [2])))
    lines.append("(z ~ N(0, 1); expectations by \(MeanField.method(m.activation, q: m.q)))")
    return lines.joined(separator: "\n")
  }
}

/// `phase(act)`: chi over a grid of (sigma_w, sigma_b), and the critical line chi = 1 where the
/// ordered phase meets the chaotic one. It prints as its picture; `plot(phase(act))` draws the
/// same and `save(phase(act), "phase.svg")` writes it.
public struct PhaseValue: CustomValue, Plottable {
  public let activation: Activation
  public let sigmaW: [Double]
  public let sigmaB: [Double]
  /// chi[i][j] at (sigmaW[j], sigmaB[i]).
  public let chi: [[Double]]
  /// The critical sigma_w at each sigmaB[i] (NaN where chi stays below 1).
  public let critical: [Double]

  /// Points per side of the grid: 49 sigma_w by 41 sigma_b (sigma_b = 0.3 is a row of the
  /// default range).
  public static let columns = 49
  public static let rows = 41
  /// Levels of chi drawn (those inside the grid's range); 1 is the critical line itself.
  public static let levels: [Double] = [0.25, 0.5, 0.75, 1.25, 1.5, 2, 3, 4, 6, 8]

  public init(_ activation: Activation, sigmaW wRange: ClosedRange<Double>?, sigmaB bRange: ClosedRange<Double>) {
    self.activation = activation
    let b = Self.grid(bRange, Self.rows)
    // The critical line first: it sets the default sigma_w range (1.5 times its largest
    // sigma_w, up to a multiple of 0.5).
    let line = b.map { MeanField.criticalSigmaW(activation, sigmaB: $0) ?? .nan }
    let range = wRange ?? {
      let largest = line.filter(\.isFinite).max() ?? 2
      return 0...max(0.5, (1.5 * largest * 2).rounded(.up) / 2)
    }()
    let w = Self.grid(range, Self.columns)
    self.sigmaW = w
    self.sigmaB = b
    critical = line
    chi = b.map { sb in w.map { sw in MeanField.chiForPicture(activation, sigmaW: sw, sigmaB: sb) } }
  }

  static func grid(_ r: ClosedRange<Double>, _ n: Int) -> [Double] {
    (0..<n).map { r.lowerBound + (r.upperBound - r.lowerBound) * Double($0) / Double(n - 1) }
  }

  public var kindName: String { "phase" }
  public var kindWithShape: String { "phase(\(activation.name), \(sigmaB.count)×\(sigmaW.count))" }
  public var fieldNames: [String] { ["sigma_w", "sigma_b", "chi", "critical", "svg"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "sigma_w": return .vector(sigmaW)
    case "sigma_b": return .vector(sigmaB)
    case "chi": return .matrix(Matrix(rowArrays: chi))
    case "critical": return .vector(critical)
    case "svg": return .string(SVG.document(figure()))
    default: return nil
    }
  }

  public func figure() -> Figure {
    let finite = chi.flatMap { $0 }.filter(\.isFinite)
    let (lo, hi) = (finite.min() ?? 0, finite.max() ?? 0)
    let levels = Self.levels.filter { $0 > lo && $0 < hi }
    let contour = Figure.Contour(
      values: chi, x: sigmaW[0]...sigmaW[sigmaW.count - 1], y: sigmaB[0]...sigmaB[sigmaB.count - 1], levels: levels,
      label: "chi")
    let line = Figure.Line(x: critical, y: sigmaB, label: "chi = 1, critical: ordered (vanishing) to its left, chaotic (exploding) to its right")
    return Figure(
      title: "order to chaos: \(activation.name), w ~ N(0, sigma_w^2 / n_in), b ~ N(0, sigma_b^2)",
      x: Figure.Axis("sigma_w", range: contour.x), y: Figure.Axis("sigma_b", range: contour.y),
      marks: [.contour(contour), .line(line)])
  }

  public var rendered: String { PlotValue(figure()).rendered }

  public func savedText(path: String) throws(Diagnostic) -> String? { try PlotValue(figure()).savedText(path: path) }
}
