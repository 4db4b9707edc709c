import Testing
@testable import VanishLanguage

/// Tick choice, labels, and when a scale is logarithmic.
@Suite struct TicksTests {
  @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    #expect(Ticks.niceStep(span: 24, target: 5) == 5)
    #expect(Ticks.niceStep(span: 1, target: 5) == 0.2)
    #expect(Ticks.niceStep(span: 0.003, target: 4) == 0.001)
    #expect(Ticks.niceStep(span: 700, target: 5) == 100)
  }

  @Test func multiplesAreCleanDecimals() {
    #expect(Ticks.multiples(of: 0.1, from: 0, to: 0.3) == [0, 0.1, 0.2, 0.3])
    #expect(Ticks.multiples(of: 0.5, from: -1.2, to: 1.2) == [-1, -0.5, 0, 0.5, 1])
  }

  @Test func linearAxisWidensToTheNearestTicks() {
    let axis = ResolvedAxis.resolve(Figure.Axis(), data: [1, 4, 9, 16, 25], target: 5, widen: true)
    #expect(axis.scale == .linear)
    #expect(axis.lo == 0 && axis.hi == 25)
    #expect(axis.ticks == [0, 5, 10, 15, 20, 25])
    #expect(axis.labels == ["0", "5", "10", "15", "20", "25"])
  }

  @Test func xAxisKeepsTheDataRangeAndWholeNumbersKeepWholeTicks() {
    let axis = ResolvedAxis.resolve(Figure.Axis(wholeNumbers: true), data: [1, 2, 3], target: 8, widen: false)
    #expect(axis.lo == 1 && axis.hi == 3)
    #expect(axis.ticks == [1, 2, 3])
  }

  @Test func fixedRangeIsKept() {
    let axis = ResolvedAxis.resolve(Figure.Axis(range: -2...2), data: [], target: 4, widen: true)
    #expect(axis.lo == -2 && axis.hi == 2)
    #expect(axis.ticks == [-2, -1, 0, 1, 2])
  }

  @Test func labelsHaveTheDecimalsTheStepNeeds() {
    #expect(Ticks.labels([0, 0.5, 1], step: 0.5) == ["0.0", "0.5", "1.0"])
    #expect(Ticks.labels([-0.02, 0, 0.02], step: 0.02) == ["-0.02", "0.00", "0.02"])
    #expect(Ticks.labels([0, 200_000, 400_000], step: 200_000) == ["0", "2e5", "4e5"])
    #expect(Ticks.labels([0.0002, 0.0004], step: 0.0002) == ["2e-4", "4e-4"])
  }

  @Test func logScaleIsChosenForPositiveValuesSpanningMoreThanTwoDecades() {
    #expect(!ResolvedAxis.wantsLog([1, 50]))
    #expect(ResolvedAxis.wantsLog([1, 1000]))
    #expect(!ResolvedAxis.wantsLog([0, 1000]))
    #expect(!ResolvedAxis.wantsLog([-1, 1000]))
    #expect(ResolvedAxis.wantsLog([3.6e-6, 0.148, .nan]))
  }

  @Test func logAxisRunsFromDecadeToDecade() {
    let axis = ResolvedAxis.resolve(Figure.Axis(), data: [3.6e-6, 0.148], target: 8, widen: true)
    #expect(axis.scale == .log)
    #expect(axis.lo == 1e-6 && axis.hi == 1)
    #expect(axis.labels == ["1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0"])
    #expect(abs(axis.fraction(1e-3)! - 0.5) < 1e-12)
    #expect(axis.fraction(0) == nil)
    #expect(axis.fraction(-1) == nil)
  }

  @Test func manyDecadesAreLabelledEveryFew() {
    let axis = ResolvedAxis.resolve(Figure.Axis(scale: .log), data: [1e-6, 1], target: 3, widen: true)
    #expect(axis.labels == ["1e-6", "1e-3", "1e0"])
  }

  @Test func forcedLogOnLessThanADecadeLabelsTheEnds() {
    let axis = ResolvedAxis.resolve(Figure.Axis(scale: .log, range: 2...8), data: [2, 8], target: 5, widen: true)
    #expect(axis.ticks == [2, 8])
    #expect(axis.labels == ["2", "8"])
  }

  @Test func compactValuesHaveThreeSignificantDigits() {
    #expect(Ticks.compact(3.6348242049048527e-06) == "3.63e-6")
    #expect(Ticks.compact(0.148091) == "0.148")
    #expect(Ticks.compact(100) == "100")
    #expect(Ticks.compact(0.5) == "0.5")
    #expect(Ticks.compact(1234.5) == "1.23e3")
    #expect(Ticks.compact(-2e7) == "-2e7")
    #expect(Ticks.compact(0) == "0")
  }
}
