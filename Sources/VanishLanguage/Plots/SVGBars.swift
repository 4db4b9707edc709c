/// Horizontal bars in SVG: a group per category, a bar per series, each value written at the
/// end of its bar, and the value axis (log when the values span decades) at the bottom.
enum SVGBars {
  static let width = 720.0
  static let barHeight = 14.0
  static let seriesGap = 2.0
  static let groupGap = 10.0

  static func document(_ bars: Figure.Bars, in figure: Figure) -> String {
    let values = bars.series.flatMap(\.values)
    let axis = ResolvedAxis.resolve(figure.x, data: values, target: 8, widen: true, includingZero: true)
    let legend: [SVGLegendEntry] =
      bars.series.count > 1
      ? bars.series.enumerated().map { .init(swatch: .box(colour: Palette.series($0.offset).hex), label: $0.element.label) } : []
    let series = Double(bars.series.count)
    let groupHeight = series * barHeight + (series - 1) * seriesGap
    let drawingHeight = Double(bars.categories.count) * groupHeight + Double(max(bars.categories.count - 1, 0)) * groupGap + 16
    let top = figure.title.isEmpty ? 20.0 : 44.0
    let labelWidth = bars.categories.map { SVG.textWidth($0, size: 12) }.max() ?? 0
    let valueRoom = (bars.series.flatMap { s in s.values.indices.map { SVG.textWidth(s.valueLabel($0), size: 10) } }.max() ?? 0) + 8
    let area = SVGArea(
      left: 16 + (figure.y.label.isEmpty ? 0 : 18) + labelWidth + 10, top: top, right: width - 24 - valueRoom,
      bottom: top + drawingHeight)
    let below = 40.0 + (figure.x.label.isEmpty ? 0 : 18)
    let height = area.bottom + below + SVGLegendEntry.height(legend, width: area.width)
    func px(_ v: Double) -> Double? { axis.fraction(v).map { area.left + min(max($0, 0), 1) * area.width } }

    var svg = SVGWriter(width: width, height: height)
    svg.title(figure.title, centre: area.left + area.width / 2)
    svg.grid(x: axis.ticks.compactMap(px), y: [], area: area)
    let base = axis.scale == .linear ? px(0) ?? area.left : area.left
    for (c, category) in bars.categories.enumerated() {
      let groupTop = area.top + 8 + Double(c) * (groupHeight + groupGap)
      for (s, serie) in bars.series.enumerated() {
        let v = serie.values[c]
        let barTop = groupTop + Double(s) * (barHeight + seriesGap)
        let end = px(v) ?? base
        svg.rect(x: min(base, end), y: barTop, width: abs(end - base), height: barHeight, fill: Palette.series(s).hex)
        svg.text(serie.valueLabel(c), x: max(base, end) + 4, y: barTop + barHeight - 3, size: 10, fill: "#555")
      }
      svg.text(category, x: area.left - 8, y: groupTop + groupHeight / 2 + 4, size: 12, anchor: .end)
    }
    svg.axes(area: area)
    svg.xTicks(zip(axis.ticks, axis.labels).compactMap { t, l in px(t).map { ($0, l) } }, area: area)
    svg.text(figure.x.label, x: area.left + area.width / 2, y: area.bottom + 36, size: 12, anchor: .middle)
    svg.text(figure.y.label, x: 18, y: area.top + area.height / 2, size: 12, anchor: .middle, rotate: true)
    svg.legend(legend, x: area.left, y: area.bottom + below + 4, width: area.width)
    return svg.document
  }
}
