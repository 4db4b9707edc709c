import Foundation

/// `contour(f, w1=[-2, 2], w2=[-2, 2], paths=[p, q], levels=12)`: f sampled over the ranges,
/// which are named after f's own parameters (x= and y= for g(x, y)), its level lines, and the
/// paths over them.
enum Contours {
  static let defaultLevels = 12

  static func plot(_ c: CallContext) throws(Diagnostic) -> Value {
    let fArg = try c.argument("f")
    let f = try c.function("f")
    guard f.parameters.count == 2 else {
      throw Diagnostic(
        "contour needs a function of two parameters; \(f.name) has \(f.parameters.count)", at: fArg.range,
        hint: "define one first: f(w1, w2) = 0.001*w1^2 + w2^2")
    }
    // The named arguments no parameter takes must be the ranges, named after f's parameters.
    let allowed = f.parameters + c.parameters.map(\.name).filter { !$0.isEmpty }
    for (key, arg) in c.keywords.sorted(by: { $0.key < $1.key }) where !f.parameters.contains(key) {
      let suggestion = Suggest.closest(to: key, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
      throw Diagnostic(
        "contour of \(f.name) has no argument '\(key)'\(suggestion)", at: arg.range,
        hint: "the ranges are named after \(f.name)'s parameters: \(f.parameters[0])=[-2, 2], \(f.parameters[1])=[-2, 2]")
    }
    let paths = try c.given("paths").map(PlotSources.paths) ?? []
    let x = try range(f.parameters[0], coordinate: 0, c, paths)
    let y = try range(f.parameters[1], coordinate: 1, c, paths)
    let values = try FunctionGrid.sample(f, x: x, y: y, in: c.interpreter, at: c.range)
    if !values.contains(where: { $0.contains(where: \.isFinite) }) {
      throw Diagnostic("\(f.name) is not finite anywhere on \(describe(x)) × \(describe(y))", at: fArg.range)
    }
    let contour: Figure.Contour
    switch c.given("levels") {
    case nil:
      contour = Figure.Contour(values: values, x: x, y: y, levelCount: defaultLevels, label: f.name)
    case let arg? where isNumber(arg.value):
      let count = try c.integer(arg, "levels=", in: 1...100)
      contour = Figure.Contour(values: values, x: x, y: y, levelCount: count, label: f.name)
    case let arg?:
      let levels = try c.vector(arg, "levels=")
      if levels.isEmpty || levels.contains(where: { !$0.isFinite }) {
        throw Diagnostic("levels= must be a count or a vector of finite values", at: arg.range)
      }
      contour = Figure.Contour(values: values, x: x, y: y, levels: levels.sorted(), label: f.name)
    }
    let title = f.source.trimmingCharacters(in: .whitespaces)
    let figure = Figure(
      title: title, x: Figure.Axis(f.parameters[0], range: x), y: Figure.Axis(f.parameters[1], range: y),
      marks: [.contour(contour)] + paths.map { .line(Figure.Line(path: $0)) })
    return try PlotOptions.plot(figure, c)
  }

  private static func isNumber(_ v: Value) -> Bool {
    if case .number = v { return true }
    return false
  }

  /// The range named after a parameter: `w1=[-2, 2]`. Without one, the paths' extent with a
  /// margin, or [-2, 2].
  private static func range(_ name: String, coordinate: Int, _ c: CallContext, _ paths: [any PlanePath])
    throws(Diagnostic) -> ClosedRange<Double>
  {
    if let arg = c.keywords[name] {
      let v = try c.vector(arg, "\(name)=")
      guard v.count == 2, v[0].isFinite, v[1].isFinite, v[0] < v[1] else {
        throw Diagnostic(
          "\(name)= must be a range [from, to] with from < to", at: arg.range, hint: "\(name)=[-2, 2]")
      }
      return v[0]...v[1]
    }
    let coordinates = paths.flatMap { $0.points.map { $0[coordinate] } }.filter(\.isFinite)
    guard let lo = coordinates.min(), let hi = coordinates.max() else { return -2...2 }
    let margin = hi > lo ? (hi - lo) * 0.1 : max(abs(lo) * 0.1, 1)
    return (lo - margin)...(hi + margin)
  }

  private static func describe(_ r: ClosedRange<Double>) -> String {
    "[\(Format.number(r.lowerBound)), \(Format.number(r.upperBound))]"
  }
}
