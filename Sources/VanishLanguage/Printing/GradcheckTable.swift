import VanishCore

/// `gradcheck(net, x, y)`: backprop against central differences, one row per layer with the
/// parameter that comes nearest to disagreeing, judged against what the differences can
/// resolve (their rounding over h and their truncation), then the verdict. A relative error
/// of 0.004 at layer 1 of a deep sigmoid chain is the differences' round-off on a gradient of
/// 1e-9, not a wrong backprop, and the table says so.
public struct GradcheckTable: CustomValue {
  public let check: GradientCheck

  public var kindName: String { "gradcheck" }
  public var fieldNames: [String] { ["ok", "error", "disagree", "parameters", "step"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "ok": return .bool(check.agrees)
    case "error": return .number(check.maxRelativeError)
    case "disagree": return .number(Double(check.disagreeing.count))
    case "parameters": return .number(Double(check.parameters.count))
    case "step": return .number(check.step)
    default: return nil
    }
  }

  /// How far a parameter is from disagreeing: |bp - fd| over what is allowed (above 1, it
  /// disagrees).
  static func closeness(_ p: GradientCheck.Parameter) -> Double {
    let allowed = GradientCheck.relativeTolerance * max(abs(p.backprop), abs(p.difference)) + p.resolution
    return allowed == 0 ? (p.error == 0 ? 0 : .infinity) : p.error / allowed
  }

  public var rendered: String {
    let style = TextStyle()
    var rows = [["layer", "parameters", "nearest", "backprop", "differences", "|bp - fd|", "resolution", "step", "rel. error", "verdict"]]
    for l in 1...max(check.depth, 1) {
      let params = check.layer(l)
      guard let worst = params.max(by: { Self.closeness($0) < Self.closeness($1) }) else { continue }
      let wrong = params.filter { !$0.agrees }.count
      rows.append([
        "\(l)", "\(params.count)", worst.name, Format.short(worst.backprop), Format.short(worst.difference),
        Format.short(worst.error), Format.short(worst.resolution), Format.short(worst.step), Format.short(worst.relativeError),
        wrong == 0 ? "ok" : "\(wrong) disagree",
      ])
    }
    let refined = check.parameters.filter { $0.step < check.step }.count
    let steps = refined == 0 ? "" : " (\(refined) of them with smaller steps, where the cost bends too fast for it)"
    var lines = ["gradcheck: \(check.parameters.count) parameters, central differences with step \(Format.short(check.step))\(steps)"]
    lines.append(style.withBoldHeader(Format.table(rows, leftAligned: [2, 9])))
    let wrong = check.disagreeing
    for p in wrong.prefix(5) {
      lines.append(
        "layer \(p.layer) \(p.name): backprop \(Format.short(p.backprop)), differences \(Format.short(p.difference)): "
          + "|bp - fd| = \(Format.short(p.error)) is beyond the resolution \(Format.short(p.resolution))")
    }
    if wrong.count > 5 { lines.append("... and \(wrong.count - 5) more") }
    let unjudged = (1...max(check.depth, 1)).filter { l in
      let params = check.layer(l)
      return !params.isEmpty && params.allSatisfy { max(abs($0.backprop), abs($0.difference)) < $0.resolution }
    }
    if !unjudged.isEmpty {
      lines.append(
        "\(NormsTable.layerList(unjudged)): every gradient is below the differences' resolution, which cannot judge it; "
          + "a larger eps= resolves more")
    }
    if wrong.isEmpty {
      lines.append("backprop agrees with the central differences in all \(check.parameters.count) parameters, each within the differences' resolution")
    } else {
      lines.append(style.colour(
        "backprop disagrees with the central differences in \(wrong.count) of \(check.parameters.count) parameters", TextStyle.red))
    }
    return lines.joined(separator: "\n")
  }
}
