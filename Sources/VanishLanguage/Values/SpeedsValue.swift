import VanishCore

/// `h.speeds`: each layer's learning speed at each measurement of a training run. It is a
/// matrix for arithmetic and indices (one row per measurement, one column per layer), and
/// it knows its epochs, so that `plot(h.speeds)` draws one line per layer against the epoch.
public struct SpeedsValue: CustomValue, Plottable {
  public let epochs: [Double]
  /// speeds[i][l-1]: layer l at measurement i.
  public let speeds: [[Double]]

  public var matrix: Matrix { Matrix(rowArrays: speeds) }
  public var matrixValue: Matrix? { matrix }

  public var kindName: String { "speeds" }
  public var kindWithShape: String { "speeds(\(speeds.count)×\(speeds.first?.count ?? 0))" }
  public var fieldNames: [String] { ["shape", "epochs"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "shape": return .vector([Double(speeds.count), Double(speeds.first?.count ?? 0)])
    case "epochs": return .vector(epochs)
    default: return nil
    }
  }

  public var rendered: String {
    let layers = speeds.first?.count ?? 0
    var rows = [["epoch"] + (1...max(layers, 1)).prefix(layers).map { "layer \($0)" }]
    for (e, row) in zip(epochs, speeds) {
      rows.append([e == e.rounded() ? Format.number(e) : Format.short(e)] + row.map(Format.short))
    }
    return TextStyle().withBoldHeader(Format.table(rows))
  }

  public func figure() -> Figure {
    Figure.columns(
      speeds, x: epochs, seriesName: "layer", title: "learning speed of each layer",
      xAxis: Figure.Axis("epoch", wholeNumbers: true), yAxis: Figure.Axis("||dC/db[l]||", scale: .log))
  }
}

extension HistoryValue: Plottable {
  /// `plot(h)`: the training cost per epoch and, when there is test data, the test accuracy in
  /// a panel of its own under it (same epochs, its own scale: a cost of 0-12 and an accuracy of
  /// 0-1 on one axis would flatten the accuracy). Each panel has one line, named by its axis.
  public func figure() -> Figure {
    let h = history
    var below: [Figure.Panel] = []
    if h.accuracies.count == h.epochs.count && !h.accuracies.isEmpty {
      below.append(Figure.Panel(y: Figure.Axis("test accuracy", scale: .linear), lines: [Figure.Line(x: h.epochs, y: h.accuracies)]))
    }
    return Figure(
      title: "training: \(h.settings.cost.name) cost, \(h.settings.method.name), lr \(Format.number(h.settings.lr))",
      x: Figure.Axis("epoch", wholeNumbers: true), y: Figure.Axis(h.monitored ? "training cost" : "mean batch cost", scale: .linear),
      marks: [.line(Figure.Line(x: h.epochs, y: h.costs))], below: below)
  }
}
