import Foundation
import Testing
@testable import VanishLanguage

/// Mean-field theory against measurement: for tanh networks of width 300 and depth 20 at
/// sigma_b = 0.3, the ratio ||delta[1]|| / ||delta[20]|| averaged over 10 random draws is within
/// a factor 2 of chi^((L-1)/2), in the ordered phase, near the critical line and in the chaotic
/// phase (about 30 s in a debug build: 600 layers of 300 x 300 are drawn).
@Suite struct MeanFieldPredictionTests {
  @Test func theMeasuredRatioIsWithinAFactorTwoOfThePrediction() throws {
    let r = run("""
      seed(1)
      x = [sin(7 * i) for i in 1:300]
      y = zeros(300)
      measured(sw) = mean([norms(grad(repeat(dense(300, 300, tanh, init=gaussian(0, sw / sqrt(300)), bias=gaussian(0, 0.3)), 20), x, y)).ratio for s in 1:10])
      predicted(sw) = meanfield(tanh, sigma_w=sw, sigma_b=0.3).chi ^ (19 / 2)
      [[predicted(sw), measured(sw)] for sw in [1, 1.4, 2]]
      """)
    #expect(r.err == "", "\(r.err)")
    let numbers = r.out.replacingOccurrences(of: "[", with: " ").replacingOccurrences(of: "]", with: " ")
      .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).compactMap { Double($0) }
    #expect(numbers.count == 6, "\(r.out)")
    guard numbers.count == 6 else { return }
    for k in 0..<3 {
      let (predicted, measured) = (numbers[2 * k], numbers[2 * k + 1])
      #expect(measured > predicted / 2 && measured < predicted * 2, "sigma_w #\(k + 1): predicted \(predicted), measured \(measured)")
    }
    // Ordered, near critical, chaotic: the three predictions straddle 1.
    #expect(numbers[0] < 0.1 && abs(numbers[2] - 1) < 0.1 && numbers[4] > 10)
  }
}
