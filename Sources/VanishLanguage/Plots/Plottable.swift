/// A kind of value that `plot(value)` can draw: a training history, a norms table, a path.
/// Adopt it beside `CustomValue`; `plot` then calls `figure()` and applies the user's
/// `title=`, `log=`, `width=` and `height=` on top.
public protocol Plottable {
  func figure() -> Figure
}

/// A path through the plane of two parameters (a descent from a start point), which
/// `contour(f, paths=[p])` draws over f's level lines, with markers at its start and end.
/// `plot(p)` of a path that is not also `Plottable` draws it alone in its plane.
public protocol PlanePath {
  /// What the legend calls it: "sgd", "adam, lr=0.1".
  var label: String { get }
  /// The points in order, each [w1, w2].
  var points: [[Double]] { get }
}
