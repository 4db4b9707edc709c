import Foundation
import Testing
@testable import VanishCore
@testable import VanishLanguage

/// `meanfield`, `phase`, `hist` and `saturation` as a user types them.
@Suite struct MeanFieldLanguageTests {
  /// mpmath at 20 digits (Tests/VanishCoreTests/MeanFieldTests.swift runs it): tanh at
  /// sigma_w = 1.5, sigma_b = 0.05, and the critical sigma_w of tanh at sigma_b = 0.3.
  static let mpmathQ = 0.7983871143080961
  static let mpmathChi = 1.136707784095615
  static let mpmathCritical = 1.3955839751549022

  func number(_ source: String, session: Session? = nil) throws -> Double {
    let r = run(source, session: session)
    try #require(r.outcome == .ok, "\(source): \(r.err)")
    return try #require(Double(r.out.split(separator: "\n").last.map(String.init) ?? ""), "\(source) printed \(r.out)")
  }

  @Test func meanfieldOfTanhGivesTheReferenceNumbers() throws {
    let s = Session()
    _ = run("m = meanfield(tanh, sigma_w=1.5, sigma_b=0.05)", session: s)
    let q = try number("m.q", session: s)
    let chi = try number("m.chi", session: s)
    #expect(abs(q - Self.mpmathQ) <= 1e-10 && abs(chi - Self.mpmathChi) <= 1e-10, "q \(q), chi \(chi)")
    #expect(run("m.phase", session: s).out == "\"chaotic\"")
    #expect(abs(try number("m.depth", session: s) - 1 / log(chi)) <= 1e-14)
    let text = run("m", session: s).out
    #expect(text.contains("q*     0.7983871143  the fixed point of q = sigma_w^2 E[tanh(sqrt(q) z)^2] + sigma_b^2, from q = 1 in"))
    #expect(text.contains("chi    1.136707784   sigma_w^2 E[tanh'(sqrt(q*) z)^2]"))
    #expect(text.contains("phase  chaotic       chi > 1: ||delta|| grows towards the input (gradients explode)"))
    // chi^((L-1)/2) at L = 5, 10, 20, 50.
    let rows = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    for L in [5, 10, 20, 50] {
      #expect(rows.contains(["\(L)", Format.short(pow(chi, Double(L - 1) / 2))]), "L = \(L)")
    }
    #expect(text.hasSuffix("(z ~ N(0, 1); expectations by 200-point Gauss-Hermite)"))
  }

  /// The critical sigma_w found by bisection on meanfield(...).chi typed at the prompt. (The
  /// language has no conditionals or loops, so the search itself cannot be one line of it;
  /// phase(act).critical gives the line at every sigma_b of its grid.)
  @Test func criticalSigmaWByBisectionThroughTheLanguage() throws {
    var (lo, hi) = (1.0, 2.0)
    while hi - lo > 1e-12 {
      let mid = (lo + hi) / 2
      if try number("meanfield(tanh, sigma_w=\(mid), sigma_b=0.3).chi") > 1 { hi = mid } else { lo = mid }
    }
    let found = (lo + hi) / 2
    #expect(abs(found - Self.mpmathCritical) <= 1e-10, "\(found)")
    #expect(run("meanfield(tanh, sigma_w=\(found), sigma_b=0.3).phase").out == "\"critical\"")
    // The phase diagram's critical line at its row sigma_b = 0.3 (row 13 of 0, 0.025, ..., 1).
    let s = Session()
    _ = run("p = phase(tanh)", session: s)
    #expect(try number("p.sigma_b[13]", session: s) == 0.3)
    #expect(abs(try number("p.critical[13]", session: s) - Self.mpmathCritical) <= 1e-9)
    #expect(abs(try number("p.critical[1]", session: s) - 1) <= 1e-6, "tanh's line starts at sigma_w = 1, sigma_b = 0")
  }

  @Test func reluAtSqrt2IsCritical() throws {
    let r = run("m = meanfield(relu, sigma_w=sqrt(2)); m.phase; m.q; m.chi")
    #expect(r.out.hasSuffix("\"critical\"\n1.0000000000000002\n1.0000000000000002"), "\(r.out)")
    #expect(run("meanfield(relu, sigma_w=1.4).phase").out == "\"ordered\"")
    #expect(abs(try number("phase(relu).critical[41]") - 2.0.squareRoot()) <= 1e-11)
  }

  /// sigma_w and sigma_b read from each initialiser, as Initializer.swift draws them.
  @Test(arguments: [
    ("dense(16, 16, tanh) x 3", 1.0, 1.0),
    ("dense(16, 16, tanh, init=gaussian(0, 0.5))", 2.0, 0.5),
    ("dense(9, 9, relu, init=he) x 4", 2.0.squareRoot(), 0.0),
    ("dense(16, 16, tanh, init=xavier) x 3", 1.0, 0.0),
    ("dense(30, 10, tanh, init=xavier_normal)", 1.5.squareRoot(), 0.0),
    ("dense(30, 10, tanh, init=xavier, bias=gaussian(0, 0.2))", 1.5.squareRoot(), 0.2),
    ("dense(30, 10, tanh, init=he, bias=xavier)", 2.0.squareRoot(), (2.0 / 11).squareRoot()),
    ("dense(30, 10, tanh, init=he, bias=0)", 2.0.squareRoot(), 0.0),
    ("mlp([784, 30, 10], sigmoid)", 1.0, 1.0),
  ])
  func meanfieldOfANetworkReadsItsInitialisers(_ net: String, _ sigmaW: Double, _ sigmaB: Double) throws {
    let s = Session()
    let r = run("m = meanfield(\(net))", session: s)
    try #require(r.outcome == .ok, "\(net): \(r.err)")
    #expect(abs(try number("m.sigma_w", session: s) - sigmaW) <= 1e-15, "\(net)")
    #expect(abs(try number("m.sigma_b", session: s) - sigmaB) <= 1e-15, "\(net)")
    let g = net.contains("relu") ? Activation.relu : net.contains("sigmoid") ? .sigmoid : .tanh
    if let direct = try? MeanField(g, sigmaW: sigmaW, sigmaB: sigmaB) {
      #expect(abs(try number("m.chi", session: s) - direct.chi) <= 1e-14 * direct.chi, "\(net)")
    }
  }

  @Test func meanfieldOfANetworkSaysWhereItsSigmasCameFrom() {
    let text = run("meanfield(dense(16, 16, tanh, init=xavier) x 10)").out
    #expect(text.contains("(read from the network: 10 layers 16→16→16→16→16→16→16→16→16→16→16, init=xavier, as drawn)"))
    // tanh at sigma_w = 1, sigma_b = 0: the fixed point is q = 0, reached by bisection (the
    // iteration falls like 1 / (2t)), and chi = 1.
    #expect(text.contains("q*     0         the fixed point"))
    #expect(text.contains("then ") && text.contains("of bracketing and bisection"))
    #expect(text.contains("phase  critical"))
    #expect(text.contains("\n10      1  this network\n"))
  }

  @Test func phaseDiagramDrawsInTheTerminalAndAsSVG() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let s = Session()
    s.interpreter.workingDirectory = dir.path
    let text = run("p = phase(tanh); plot(p, width=80)", session: s).out
    #expect(text.contains("order to chaos: tanh, w ~ N(0, sigma_w^2 / n_in), b ~ N(0, sigma_b^2)"))
    #expect(text.contains("sigma_w") && text.contains("sigma_b"))
    #expect(text.contains("⠂⠂⠂⠂ chi = 5 levels from 0.25 to 1.5"), "chi's level lines dotted under the critical line")
    #expect(text.contains("⠒⠒⠒⠒ chi = 1, critical: ordered (vanishing) to its left, chaotic (exploding) to its right"))
    #expect(run("p", session: s).out == run("plot(p)", session: s).out)
    #expect(run("save(p, \"phase.svg\")", session: s).outcome == .ok)
    let svg = try String(contentsOf: dir.appendingPathComponent("phase.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.contains("<polyline") && svg.contains("chi = 1, critical"))
    #expect(run("p.chi.shape", session: s).out == "[41, 49]")
    // chi rises with sigma_w along every row; at sigma_b = 0 and sigma_w < 1 it is sigma_w^2.
    let chi = try #require({ () -> Matrix? in
      if case .custom(let c) = s.interpreter.lookup("p"), let p = c as? PhaseValue { return Matrix(rowArrays: p.chi) }
      return nil
    }())
    for i in 0..<chi.rows {
      for j in 1..<chi.cols { #expect(chi[i, j] >= chi[i, j - 1], "row \(i)") }
    }
    #expect(abs(chi[0, 12] - 0.75 * 0.75) <= 1e-12)
  }

  // MARK: hist

  /// numpy.histogram of the same values, in Python.
  static func numpyHistogram(_ values: [Double], bins: Int) throws -> [Int] {
    let script = """
      import sys, numpy as np
      v = [float(t) for t in sys.stdin.read().split()]
      print(' '.join(str(c) for c in np.histogram(v, bins=\(bins))[0]))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(values.map { "\($0)" }.joined(separator: " ").utf8))
    try input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with numpy is needed")
    return text.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
  }

  @Test func histCountsAsNumpyDoes() throws {
    var rng = SeededGenerator(seed: 9)
    let normal = (0..<2000).map { _ in rng.normal() }
    // Values on the edges themselves: 0, 1, ..., 10 in 5 bins puts 10 in the last bin.
    let cases: [([Double], Int)] = [(normal, 20), (normal, 7), ((0...10).map(Double.init), 5), ([1, 1, 1], 20), ([-1e-3, 0, 2.5e-3, 1e-3], 3)]
    for (values, bins) in cases {
      let want = try Self.numpyHistogram(values, bins: bins)
      let source = "hist([" + values.map { "\($0)" }.joined(separator: ", ") + "], bins=\(bins)).counts"
      let got = run(source).out.filter { !"[]\n".contains($0) }.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      #expect(got == want, "\(bins) bins of \(values.count): \(got) vs numpy \(want)")
    }
  }

  @Test func histPrintsEachBinsCount() {
    let text = run("hist([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], bins=5, width=60)").out
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines[0].contains("11 values in 5 bins from 0 to 10 (mean 5, sd 3.16)"))
    #expect(lines[2] == " [0, 2)│█████████████████████████████████▍ 2", "\(lines)")
    #expect(lines[5] == " [6, 8)│█████████████████████████████████▍ 2", "\(lines)")
    #expect(lines[6] == "[8, 10]│██████████████████████████████████████████████████ 3", "\(lines)")
    #expect(lines[8] == "        0               1                2               3", "counts are whole numbers")
    #expect(run("hist([1, 2, 3, 4], bins=2).edges").out == "[1, 2.5, 4]")
  }

  @Test func histOfAListIsOnePanelPerElementOnOneScale() throws {
    let s = Session()
    _ = run("seed(1); net = dense(4, 8, tanh) -> dense(8, 8, tanh) x 2; t = trace(net, [[1, 2, 3, 4], [0, 1, 0, 1]]); h = hist(t.z, bins=10)", session: s)
    let text = run("h", session: s).out
    for l in 1...3 { #expect(text.contains("layer \(l): fraction of its values"), "layer \(l)") }
    #expect(text.contains("3 histograms on one scale, 10 bins from"))
    #expect(text.contains("layer 1      16"), "each layer's 8 units times 2 examples")
    #expect(run("h.counts.shape", session: s).out == "[3, 10]")
    // Each row counts its own layer's 16 values, on edges from the smallest z of all three to
    // the largest.
    for l in 1...3 { #expect(run("sum(h.counts[\(l)])", session: s).out == "16") }
    let lows = try (1...3).map { try number("min(t.z[\($0)])", session: s) }
    let highs = try (1...3).map { try number("max(t.z[\($0)])", session: s) }
    #expect(try number("h.edges[1]", session: s) == lows.min()! && number("h.edges[11]", session: s) == highs.max()!)
    let svg = run("h.svg", session: s).out
    #expect(svg.contains("<svg") && svg.contains("layer 3: fraction of its values"))
  }

  // MARK: saturation

  /// A network whose z are known: z[1] = [10, 0.1, -10, 2] (tanh saturates beyond 2.99: 2 of 4),
  /// z[2] = [-1, 3] (relu: 1 of 2 dead).
  static let known = """
    net = dense(2, 4, tanh) -> dense(4, 2, relu)
    net.w[1] = [[10, 0], [0, 0.1], [-10, 0], [1, 1]]
    net.b[1] = [0, 0, 0, 0]
    net.w[2] = [[0, 0, 0, 0], [0, 0, 0, 0]]
    net.b[2] = [-1, 3]
    """

  @Test func saturationCountsSaturatedAndDeadUnits() {
    let s = Session()
    #expect(run(Self.known, session: s).outcome == .ok)
    let text = run("saturation(net, [1, 1])", session: s).out
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines[0] == "layer  act   units   saturated   count  mean |z|  saturated fraction, 0..1")
    #expect(lines[1] == "    1  tanh      4       50.0%  2 of 4     5.525  |████████████")
    #expect(lines[2] == "    2  relu      2  50.0% dead  1 of 2         2  |████████████")
    #expect(lines[3] == "saturated: g'(z) below 1% of its largest value: tanh |z| > 2.99; relu z <= 0 (dead)")
    #expect(lines[4] == "(counts are of units times examples, over 1 example)")
    #expect(run("saturation(trace(net, [1, 1]))", session: s).out == text)
    #expect(run("saturation(net, [1, 1]).saturated", session: s).out == "[1] 0.5\n[2] 0.5")
    // Two examples: the second, x = [0, 0], gives z[1] = 0 (none saturated).
    #expect(run("saturation(net, [[1, 1], [0, 0]]).count", session: s).out == "[1] 2\n[2] 2")
    #expect(run("saturation(net, dataset([[1, 1]], [[0, 0]])).count[1]", session: s).out == "2")
  }

  /// The same fraction as norms(g)'s saturated column: one definition.
  @Test func saturationAgreesWithNorms() {
    let s = Session()
    _ = run("seed(3); net = dense(5, 12, sigmoid, init=gaussian(0, 2)) -> dense(12, 12, elu, init=gaussian(0, 2)) -> dense(12, 3, tanh, init=gaussian(0, 2)); X = [[1, -2, 3, 0, 1], [0.5, 0.5, -1, 2, 0], [3, 1, 1, -1, -2]]", session: s)
    let a = run("saturation(net, X).saturated", session: s).out
    let b = run("norms(grad(net, X, [[0, 0, 0], [1, 1, 1], [0, 1, 0]])).saturated", session: s).out
    #expect(a.replacingOccurrences(of: "[1] ", with: "").replacingOccurrences(of: "\n[2] ", with: ", ").replacingOccurrences(of: "\n[3] ", with: ", ") == b.dropFirst().dropLast(), "\(a) vs \(b)")
    #expect(run("saturation(grad(net, X, [[0, 0, 0], [1, 1, 1], [0, 1, 0]])).saturated", session: s).out == a)
  }

  @Test func saturationOfANormalizationLayerIsADash() {
    let text = run("seed(1); saturation(dense(3, 4, tanh) -> layernorm(4) -> dense(4, 1), [[1, 2, 3], [3, 2, 1]])").out
    #expect(text.contains("\n    2  layernorm      4          -       -  0.910492\n"), "\(text)")
  }
}
