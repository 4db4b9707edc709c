/// `plot(norms(g))`: ||delta|| of each layer as a bar on a log scale, with the gamma bound as a
/// second bar, so the fall from the last layer to the first, and how close the bound is, show
/// at a glance.
extension NormsTable: Plottable {
  public func figure() -> Figure {
    let bars = Figure.Bars(
      categories: delta.indices.map { "\($0 + 1)" },
      series: [.init("||delta||", delta), .init("gamma bound", bound)])
    return Figure(
      title: "||delta|| per layer, and its gamma bound", x: Figure.Axis("log scale", scale: .log), y: Figure.Axis("layer"),
      marks: [.bars(bars)])
  }
}
