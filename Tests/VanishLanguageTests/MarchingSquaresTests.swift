import Foundation
import Testing
@testable import VanishLanguage

/// Level lines by marching squares, checked on functions whose level sets are known.
@Suite struct MarchingSquaresTests {
  /// f sampled on an n×n grid over [-2, 2]².
  private func grid(_ n: Int, _ f: (Double, Double) -> Double) -> [[Double]] {
    (0..<n).map { i in
      (0..<n).map { j in f(-2 + 4 * Double(j) / Double(n - 1), -2 + 4 * Double(i) / Double(n - 1)) }
    }
  }

  @Test func levelSetOfASquaredRadiusIsOneClosedCircle() throws {
    let values = grid(41) { x, y in x * x + y * y }
    let lines = MarchingSquares.lines(values, x: -2...2, y: -2...2, level: 1)
    #expect(lines.count == 1)
    let circle = try #require(lines.first)
    #expect(circle.first == circle.last, "a closed curve ends where it starts")
    #expect(circle.count > 20)
    for p in circle {
      #expect(abs(hypot(p.x, p.y) - 1) < 0.01, "(\(p.x), \(p.y)) is not on the unit circle")
    }
    // The shoelace area of the polygon is close to pi.
    var area = 0.0
    for (a, b) in zip(circle, circle.dropFirst()) { area += a.x * b.y - b.x * a.y }
    #expect(abs(abs(area) / 2 - Double.pi) < 0.02)
  }

  @Test func twoLevelsGiveTwoCirclesOfTheirRadii() {
    let values = grid(61) { x, y in x * x + y * y }
    for r in [0.5, 1.5] {
      let lines = MarchingSquares.lines(values, x: -2...2, y: -2...2, level: r * r)
      #expect(lines.count == 1)
      let radii = lines.flatMap { $0 }.map { hypot($0.x, $0.y) }
      #expect(radii.allSatisfy { abs($0 - r) < 0.01 })
    }
  }

  @Test func levelLeavingTheGridGivesOpenLines() {
    // x = 0.5 is a vertical line from the bottom edge to the top edge.
    let values = grid(11) { x, _ in x }
    let lines = MarchingSquares.lines(values, x: -2...2, y: -2...2, level: 0.5)
    #expect(lines.count == 1)
    let line = lines[0]
    #expect(line.allSatisfy { abs($0.x - 0.5) < 1e-12 })
    #expect(Set(line.map { $0.y }).isSuperset(of: [-2, 2]))
    #expect(line.first != line.last)
  }

  @Test func levelOutsideTheValuesGivesNothing() {
    let values = grid(11) { x, y in x * x + y * y }
    #expect(MarchingSquares.lines(values, x: -2...2, y: -2...2, level: 100).isEmpty)
  }

  @Test func cellsWithNaNAreSkipped() {
    // log of a negative number is NaN on the left half: only the right half of the circle remains.
    let values = grid(41) { x, y in x < 0 ? .nan : x * x + y * y }
    let lines = MarchingSquares.lines(values, x: -2...2, y: -2...2, level: 1)
    let points = lines.flatMap { $0 }
    #expect(!points.isEmpty)
    #expect(points.allSatisfy { $0.x >= -1e-12 })
  }

  @Test func saddleIsResolvedByItsCentre() {
    // f = x*y: the zero level is the two axes; every piece lies on one of them.
    let values = grid(9) { x, y in x * y + 1e-9 }
    let points = MarchingSquares.lines(values, x: -2...2, y: -2...2, level: 0).flatMap { $0 }
    #expect(!points.isEmpty)
    #expect(points.allSatisfy { abs($0.x) < 1e-6 || abs($0.y) < 1e-6 })
  }

  @Test func levelsAreLogSpacedWhenFSpansDecades() {
    let ill = grid(41) { x, y in 0.001 * x * x + y * y }.flatMap { $0 }
    let chosen = ContourLevels.choose(ill, count: 12)
    #expect(chosen.log)
    #expect(chosen.levels.count == 12)
    let ratios = zip(chosen.levels, chosen.levels.dropFirst()).map { $1 / $0 }
    #expect(ratios.allSatisfy { abs($0 - ratios[0]) < 1e-9 }, "evenly spaced in log f")

    let round = grid(41) { x, y in x * x + y * y }.flatMap { $0 }
    let linear = ContourLevels.choose(round, count: 7)
    #expect(!linear.log)
    #expect(linear.levels == (1...7).map { 8 * Double($0) / 8 })
  }
}
