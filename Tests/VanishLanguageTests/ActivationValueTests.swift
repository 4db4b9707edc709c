import Testing
@testable import VanishLanguage

/// Activations are values: applied, differentiated, and asked for their gamma.
@Suite struct ActivationValueTests {
  @Test(arguments: [
    ("sigmoid(0)", "0.5"),
    ("sigmoid([0, 0])", "[0.5, 0.5]"),
    ("d(sigmoid)(0)", "0.25"),
    ("d(tanh)(0)", "1"),
    ("d(relu)(0)", "0"),
    ("d(relu)(2)", "1"),
    ("d(leaky_relu)(-1)", "0.01"),
    ("gamma(sigmoid)", "0.25"),
    ("gamma(tanh)", "1"),
    ("gamma(relu)", "1"),
    ("tanh(0)", "0"),
    ("relu(-3)", "0"),
    ("softplus(0)", "0.6931471805599453"),
    ("sign(-2)", "-1"),
    ("sign([0, 3])", "[0, 1]"),
  ])
  func value(_ source: String, _ expected: String) {
    let r = run(source)
    #expect(r.err == "")
    #expect(r.out == expected, "\(source)")
  }

  @Test func gammaNeedsAnActivation() {
    #expect(run("gamma(3)").err.hasPrefix("error: 1:7: gamma needs an activation, not a number"))
  }
}
