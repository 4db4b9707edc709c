import Testing
@testable import VanishLanguage

/// The braille canvas: which dots a line sets, patterns, clipping and colour.
@Suite struct BrailleCanvasTests {
  private func draw(_ columns: Int, _ rows: Int, _ points: [(x: Double, y: Double)?], pattern: DashPattern = .solid) -> [String] {
    var canvas = BrailleCanvas(columns: columns, rows: rows)
    canvas.polyline(points, pattern: pattern, ink: .init(colour: nil, priority: 0))
    return canvas.lines(colour: false)
  }

  @Test func horizontalLineAlongTheTopSetsDots1And4() {
    #expect(draw(2, 1, [(0, 0), (3, 0)]) == ["⠉⠉"])
  }

  @Test func verticalLineDownTheLeftColumnSetsDots1237() {
    #expect(draw(1, 1, [(0, 0), (0, 3)]) == ["⡇"])
  }

  @Test func diagonalSetsOneDotPerRow() {
    // (0,0) and (1,1) in the first cell: dots 1 and 5; (2,2) and (3,3) in the second: dots 3 and 8.
    #expect(draw(2, 1, [(0, 0), (3, 3)]) == ["⠑⢄"])
  }

  @Test func lineAcrossRowsOfCells() {
    // From the top left to the bottom right of a 1×2 canvas: the left column for the top four
    // rows of dots (the upper cell), the right column for the bottom four (the lower cell).
    #expect(draw(1, 2, [(0, 0), (1, 7)]) == ["⡇", "⢸"])
  }

  @Test func dashedPatternLeavesGaps() {
    // Four dots on, two off, two on: the third cell is empty.
    #expect(draw(4, 1, [(0, 1), (7, 1)], pattern: .dashed) == ["⠒⠒ ⠒"])
    #expect(draw(4, 1, [(0, 1), (7, 1)], pattern: .dotted) == ["⠂⠂⠂⠂"])
  }

  @Test func patternRunsOnAcrossPointsOfAPolyline() {
    // The same 8 dots as one segment or as three: the dashes do not restart at each point.
    let whole = draw(4, 1, [(0, 1), (7, 1)], pattern: .dashed)
    let pieces = draw(4, 1, [(0, 1), (2, 1), (5, 1), (7, 1)], pattern: .dashed)
    #expect(whole == pieces)
  }

  @Test func nilBreaksTheLine() {
    #expect(draw(4, 1, [(0, 0), (1, 0), nil, (6, 0), (7, 0)]) == ["⠉  ⠉"])
  }

  @Test func farAwayPointsAreClippedWithoutDrawingForever() {
    #expect(draw(2, 1, [(-1e12, 1), (1e12, 1)]) == ["⠒⠒"])
    #expect(draw(2, 1, [(-5, -5), (-1, -1)]) == ["  "])
  }

  @Test func markerReplacesTheCell() {
    var canvas = BrailleCanvas(columns: 3, rows: 1)
    canvas.polyline([(0, 0), (5, 0)], ink: .init(colour: nil, priority: 0))
    canvas.put("x", atDot: 5, 0, ink: .init(colour: nil, priority: 9))
    #expect(canvas.lines(colour: false) == ["⠉⠉x"])
  }

  @Test func foregroundMarksClearBackgroundDotsInTheirCells() {
    var canvas = BrailleCanvas(columns: 2, rows: 1)
    // A contour line along the top of both cells, then a path dot in the second cell only.
    canvas.polyline([(0, 0), (3, 0)], ink: .init(colour: 1, priority: 0, background: true))
    canvas.dot(3, 3, ink: .init(colour: 2, priority: 1))
    // A later contour dot does not come back into the path's cell.
    canvas.dot(2, 1, ink: .init(colour: 1, priority: 0, background: true))
    #expect(canvas.lines(colour: false) == ["⠉⢀"])
  }

  @Test func colourWrapsRunsAndHigherPriorityWins() {
    var canvas = BrailleCanvas(columns: 2, rows: 1)
    canvas.polyline([(0, 0), (3, 0)], ink: .init(colour: 10, priority: 0))
    canvas.polyline([(2, 3), (3, 3)], ink: .init(colour: 20, priority: 1))
    canvas.polyline([(0, 3), (1, 3)], ink: .init(colour: 30, priority: 0))
    // Cell 1: both inks have priority 0, the later one wins; cell 2: priority 1 beats 0.
    #expect(canvas.lines(colour: true) == ["\u{1B}[38;5;30m⣉\u{1B}[38;5;20m⣉\u{1B}[0m"])
    #expect(canvas.lines(colour: false) == ["⣉⣉"])
  }
}
