import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// `grad(f)`: the printed forms, the values against central differences of the user
/// function itself (called through the interpreter), and the errors.
@Suite struct SymbolicGradientTests {
  /// The printed gradient of `definition` (a function named f).
  func printed(_ definition: String, globals: String = "") -> String {
    let r = run(globals + "\n" + definition + "\ngrad(f)")
    #expect(r.err == "", "\(r.err)")
    return r.out
  }

  @Test(arguments: [
    ("f(w1, w2) = 0.001*w1^2 + w2^2", "[0.002*w1, 2*w2]"),
    ("f(w) = 3*w + 0*w^5 + 1*w - w + 0", "[3]"),
    ("f(w) = w^1 + w^0 + 2^3*w", "[9]"),
    ("f(w) = -(-w^2)", "[2*w]"),
    ("f(w) = sigmoid(w)", "[d(sigmoid)(w)]"),
    ("f(w) = tanh(2*w)", "[2*d(tanh)(2*w)]"),
    ("f(w) = exp(-w^2)", "[-2*w*exp(-w^2)]"),
    ("f(w) = log(w) + sqrt(w)", "[1/w + 0.5/sqrt(w)]"),
    ("f(w) = w^3/3 + w^2/3", "[w^2 + 2*w/3]"),
    ("f(w1, w2) = w1*w2 - w2*w1 + w1*w1/w1", "[1, 0]"),
    ("f(a, b) = a^b", "[b*a^(b - 1), a^b*log(a)]"),
    ("f(w) = 2^w", "[0.6931471805599453*2^w]"),
    ("f(w) = abs(w) + relu(w)", "[sign(w) + d(relu)(w)]"),
    ("f(w) = sin(w)*cos(w)", "[cos(w)^2 - sin(w)^2]"),
    ("f(w) = 1/(w + 1)", "[-1/(w + 1)^2]"),
    ("f(w1, w2) = (w1 - 1)^2 + 100*(w2 - w1^2)^2", "[2*w1 - 2 - 400*w1*(w2 - w1^2), 200*w2 - 200*w1^2]"),
    ("f(w) = 5", "[0]"),
  ])
  func printedForm(_ definition: String, _ expected: String) {
    #expect(printed(definition) == expected, "\(definition)")
  }

  @Test func globalsAreConstantsAndFunctionsAreInlined() {
    #expect(printed("f(w) = c*w^2 + g(w, 3)", globals: "c = 0.5; g(a, b) = a*b") == "[w + 3]")
    #expect(printed("f(w) = pi*w") == "[3.141592653589793]")
  }

  @Test func theGradientIsCalledLikeF() {
    let r = run("f(w1, w2) = 0.001*w1^2 + w2^2\ngrad(f)(1, 2)\ngrad(f, [1, 2])\ngrad(f)(w2=2, w1=1)\ngrad(f)([1, 2])")
    #expect(r.err == "")
    #expect(r.out == "[0.002, 4]\n[0.002, 4]\n[0.002, 4]\n[0.002, 4]")
  }

  @Test func printedGradientsReadBackAsTheSameFunction() {
    // What grad prints is vanish: typed back as a function it gives the same numbers.
    let r = run("""
      f(w1, w2) = sigmoid(w1*w2) + abs(w1)/w2^2 + relu(w2 - w1) + w1^w2
      grad(f)
      """)
    let components = r.out.dropFirst().dropLast().components(separatedBy: ", ")
    #expect(components.count == 2)
    let check = run("""
      f(w1, w2) = sigmoid(w1*w2) + abs(w1)/w2^2 + relu(w2 - w1) + w1^w2
      d1(w1, w2) = \(components[0])
      d2(w1, w2) = \(components[1])
      grad(f, [0.7, 1.3])
      [d1(0.7, 1.3), d2(0.7, 1.3)]
      grad(f, [1.9, 0.4])
      [d1(1.9, 0.4), d2(1.9, 0.4)]
      """)
    #expect(check.err == "")
    // Printing may reorder a sum (`1 - s` for `-s + 1`), so the last bit may differ.
    let rows = check.out.split(separator: "\n").map { line in
      line.dropFirst().dropLast().components(separatedBy: ", ").compactMap(Double.init)
    }
    #expect(rows.count == 4 && rows.allSatisfy { $0.count == 2 })
    for (a, b) in [(rows[0], rows[1]), (rows[2], rows[3])] {
      #expect(zip(a, b).allSatisfy { close($0, $1, relative: 1e-14) }, "\(a) against \(b)")
    }
  }

  /// Formulas, their parameters' ranges (kept away from kinks and outside the domains of
  /// log, sqrt and fractional powers).
  static let formulas: [(String, ClosedRange<Double>)] = [
    ("f(w1, w2) = 0.001*w1^2 + w2^2", -2...2),
    ("f(w1, w2) = w1*w2 + w1/w2", 0.2...2),
    ("f(w1, w2) = sigmoid(w1*w2 - 1)", -2...2),
    ("f(w1, w2) = tanh(w1)^2 + w2^3", -2...2),
    ("f(w1, w2) = exp(-w1^2 - w2^2)", -2...2),
    ("f(w1, w2) = log(1 + w1^2) * w2", -2...2),
    ("f(w1, w2) = sqrt(w1^2 + w2^2 + 1)", -2...2),
    ("f(w1, w2) = sin(w1)*cos(w2)", -2...2),
    ("f(w1, w2) = w1^w2", 0.2...2),
    ("f(w1, w2) = 2^w1 + w2^0.5", 0.2...2),
    ("f(w1, w2) = -(-(w1)) * 3 - w2/4", -2...2),
    ("f(w1, w2) = abs(w1 + 3) + relu(w2 + 3) + relu(w1 - 3)", -2...2),
    ("f(w1, w2) = (w1 + w2)^3 / (1 + w1^2)", -2...2),
    ("f(w1, w2) = g(w1, w2) + g(w2, w1)", -2...2),
    ("f(w1, w2) = c*w1^2 + c*w2 + c", -2...2),
    ("f(w1, w2) = exp(sigmoid(w1)) * log(w2)", 0.2...2),
    ("f(w1, w2) = cos(w1*w2)/w2", 0.2...2),
    ("f(w1, w2) = 1/(w1*w2) + w1/3", 0.2...2),
    ("f(w1, w2) = sqrt(sigmoid(w1) + tanh(w2)^2)", -2...2),
    ("f(w1, w2) = (w1 - 1)^2 + 100*(w2 - w1^2)^2", -2...2),
    ("f(w1, w2) = w1^3/3 - w1*w2 + w2^-2", 0.2...2),
    ("f(w1, w2, w3) = w1*w2*w3 + exp(w3)/w1", 0.2...2),
    ("f(w1, w2) = log(exp(w1) + exp(w2))", -2...2),
    ("f(w1, w2) = (w1*w2)^2 * sigmoid(w1)^-1", -2...2),
    ("f(w) = w^w + (2*w)^3", 0.2...2),
    ("f(a, b) = a^2/b^0.5", 0.2...2),
    ("f(w1, w2) = sigmoid(10*w1) * tanh(5*w2)", -2...2),
  ]

  /// What grad prints, typed back as functions, gives the numbers grad(f) gives, to the
  /// last bit, for every formula at 20 random points (`a^2/b^0.5` was printed `2*a/b^0.5`
  /// and evaluated as `2*a*b^-0.5`, an ulp apart).
  @Test(arguments: formulas)
  func printedGradientEvaluatesAsGrad(_ definition: String, _ domain: ClosedRange<Double>) throws {
    let globals = "c = 0.75; g(a, b) = a*b^2 - sigmoid(a)\n"
    let session = Session()
    let printed = run(globals + definition + "\ngrad(f)", session: session)
    #expect(printed.err == "")
    guard case .function(let f) = session.interpreter.globals["f"] else {
      Issue.record("f is not defined")
      return
    }
    let components = printed.out.dropFirst().dropLast().components(separatedBy: ", ")
    #expect(components.count == f.parameters.count, "\(printed.out)")
    let parameters = f.parameters.joined(separator: ", ")
    var source = components.enumerated().map { "d\($0.offset)(\(parameters)) = \($0.element)" }.joined(separator: "\n")
    var rng = SeededGenerator(seed: 1414)
    for _ in 0..<20 {
      let w = f.parameters.map { _ in "\(rng.uniform(domain.lowerBound, domain.upperBound))" }.joined(separator: ", ")
      source += "\ngrad(f)(\(w))\n[" + components.indices.map { "d\($0)(\(w))" }.joined(separator: ", ") + "]"
    }
    let check = run(source, session: session)
    #expect(check.err == "", "\(check.err)")
    let lines = check.out.split(separator: "\n")
    #expect(lines.count == 40)
    for i in stride(from: 0, to: lines.count - 1, by: 2) {
      #expect(lines[i] == lines[i + 1], "\(definition): grad(f) gives \(lines[i]), its printed form \(lines[i + 1])")
    }
  }

  /// f of `definition` (beside the formulas' c and g) as the interpreter holds it and as `asker`
  /// differentiates it, the interpreter, and a place to name in calls; nil (an issue recorded)
  /// when the definition did not define f.
  static func defined(
    _ definition: String, asker: String
  ) throws -> (UserFunction, DifferentiableFunction, Interpreter, SourceRange)? {
    let session = Session()
    let setup = run("c = 0.75; g(a, b) = a*b^2 - sigmoid(a)\n" + definition, session: session)
    #expect(setup.err == "")
    let interpreter = session.interpreter
    guard case .function(let f) = interpreter.globals["f"] else {
      Issue.record("f is not defined")
      return nil
    }
    let nowhere = SourceRange(SourceLocation(line: 1, column: 1, offset: 0), SourceLocation(line: 1, column: 1, offset: 0))
    return (f, try DifferentiableFunction(f, interpreter: interpreter, asker: asker, at: nowhere), interpreter, nowhere)
  }

  /// hessian(f) against central differences of the symbolic gradient (itself checked against
  /// f above), 100 random points per formula.
  @Test(arguments: formulas)
  func hessianAgreesWithDifferencesOfTheGradient(_ definition: String, _ domain: ClosedRange<Double>) throws {
    guard let (f, function, _, _) = try SymbolicGradientTests.defined(definition, asker: "hessian") else { return }
    let hessian = SymbolicHessian(function)
    var rng = SeededGenerator(seed: 1313)
    for _ in 0..<100 {
      let w = f.parameters.map { _ in rng.uniform(domain.lowerBound, domain.upperBound) }
      let h = hessian.value(at: w)
      for j in w.indices {
        // Richardson-extrapolated central differences of the gradient along w_j.
        func central(_ step: Double) -> [Double] {
          var plus = w
          var minus = w
          plus[j] += step
          minus[j] -= step
          return zip(function.gradient(at: plus), function.gradient(at: minus)).map { ($0 - $1) / (2 * step) }
        }
        let (c1, c2) = (central(1e-3), central(5e-4))
        for i in w.indices {
          let numeric = (4 * c2[i] - c1[i]) / 3
          let scale = max(abs(h[i, j]), abs(numeric))
          let ok = abs(h[i, j] - numeric) <= 1e-6 * scale + 1e-9 * max(1, function.gradient(at: w).map(abs).max() ?? 1)
          #expect(ok, "\(definition): d2f/d\(f.parameters[i])d\(f.parameters[j]) at \(w): symbolic \(h[i, j]), numeric \(numeric)")
        }
      }
      // Symmetric, as second derivatives of a smooth function are.
      for i in w.indices { for j in w.indices { #expect(abs(h[i, j] - h[j, i]) <= 1e-12 * max(1, abs(h[i, j]))) } }
    }
  }

  @Test func theSeedsQuadraticHasTheHessianOfTheIssue() {
    let r = run("f(w1, w2) = 0.001*w1^2 + w2^2\nhessian(f)\nhessian(f)(1, 1)\nhessian(f, [5, -3])")
    #expect(r.err == "")
    #expect(r.out == "[[0.002, 0], [0, 2]]\n[[0.002, 0],\n [    0, 2]]\n[[0.002, 0],\n [    0, 2]]")
  }

  @Test(arguments: formulas)
  func agreesWithCentralDifferences(_ definition: String, _ domain: ClosedRange<Double>) throws {
    guard let (f, symbolic, interpreter, nowhere) = try SymbolicGradientTests.defined(definition, asker: "grad") else { return }
    // f itself, through the interpreter: the reference does not use the symbolic code.
    func value(_ w: [Double]) throws -> Double {
      let args = w.map { (value: Value.number($0), range: nowhere) }
      guard case .number(let v) = try Calls.call(.function(f), name: "f", positional: args, named: [:], in: interpreter, at: nowhere)
      else { throw Diagnostic("f did not give a number") }
      return v
    }
    var rng = SeededGenerator(seed: 2026)
    for _ in 0..<100 {
      let w = f.parameters.map { _ in rng.uniform(domain.lowerBound, domain.upperBound) }
      #expect(symbolic.value(at: w) == (try value(w)), "f's expression gives f's value bit for bit")
      let gradient = symbolic.gradient(at: w)
      for i in w.indices {
        // Richardson-extrapolated central differences: error O(h^4) + rounding.
        func central(_ h: Double) throws -> Double {
          var plus = w
          var minus = w
          plus[i] += h
          minus[i] -= h
          return (try value(plus) - (try value(minus))) / (2 * h)
        }
        let h = 1e-3
        let numeric = (4 * (try central(h / 2)) - (try central(h))) / 3
        let scale = max(abs(gradient[i]), abs(numeric))
        // Relative 1e-6, with a floor for partials that are nearly 0 next to a large f.
        let ok = abs(gradient[i] - numeric) <= 1e-6 * scale + 1e-10 * max(1, abs(try value(w)))
        #expect(ok, "\(definition): df/d\(f.parameters[i]) at \(w): symbolic \(gradient[i]), numeric \(numeric)")
      }
    }
  }

  // MARK: - Errors

  func error(_ source: String) -> String {
    let r = run(source)
    #expect(r.outcome == .failed)
    return r.err
  }

  @Test func vectorsAreRefusedWithACaretOnThem() {
    #expect(error("f(w) = w + [1, 2]\ngrad(f)") == """
      error: 1:12: grad cannot differentiate '[1, 2]' in f: vectors and matrices are not supported
        f(w) = w + [1, 2]
                   ^^^^^^
        hint: grad differentiates functions of numbers, such as f(w1, w2) = 0.001*w1^2 + w2^2
      """)
  }

  @Test func matrixProductsAndNetworksAreRefused() {
    #expect(error("f(w) = w @ w\ngrad(f)").hasPrefix("error: 1:8: grad cannot differentiate 'w @ w' in f: '@' (the matrix product) is not supported\n"))
    #expect(error("f(w) = dense(1, 1) + w\ngrad(f)").hasPrefix("error: 1:8: grad cannot differentiate 'dense' in f: 'dense' is not a function grad knows\n"))
    #expect(error("f(w) = elu(w)\ngrad(f)").contains("""
        hint: grad knows + - * / ^, exp, log, sqrt, abs, sign, sin, cos, tanh, sigmoid, relu and the functions you define
      """))
    #expect(error("net = dense(1, 1)\nf(w) = net*w\ngrad(f)").hasPrefix(
      "error: 2:8: grad cannot differentiate 'net' in f: it is a network; names other than the parameters must be numbers\n"))
    #expect(error("f(w) = d(sigmoid)(w)\ngrad(f)").hasPrefix(
      "error: 1:8: grad cannot differentiate 'd(sigmoid)' in f: only functions called by name can be differentiated\n"))
  }

  @Test func otherConstructsAreRefused() {
    #expect(error("v = [1, 2]\nf(w) = v[1]*w\ngrad(f)").hasPrefix("error: 2:8: grad cannot differentiate 'v[1]' in f: indices are not supported\n"))
    #expect(error("f(w) = w.shape\ngrad(f)").hasPrefix("error: 1:8: grad cannot differentiate 'w.shape' in f: fields are not supported\n"))
    #expect(error("f(w) = w(2)\ngrad(f)").hasPrefix("error: 1:8: grad cannot differentiate 'w' in f: 'w' is a parameter, not a function\n"))
    #expect(error("g(w) = w\nf(w) = g + w\ngrad(f)").hasPrefix("error: 2:8: grad cannot differentiate 'g' in f: 'g' is a function; call it: g(...)\n"))
    #expect(error("f(w) = exp(w, 2)\ngrad(f)").hasPrefix("error: 1:8: exp takes 1 argument, got 2\n"))
    #expect(error("f(w) = sigmod(w)\ngrad(f)").hasPrefix("error: 1:8: unknown name 'sigmod'; did you mean 'sigmoid'?\n"))
    #expect(error("f(w) = f(w)\ngrad(f)").hasPrefix("error: 1:8: functions call each other more than 200 levels deep\n"))
    #expect(error("f(w1, w2) = w1\ngrad(f)(1)").hasPrefix("error: 2:1: f takes 2 arguments (w1, w2), got 1\n"))
    #expect(error("f(w1, w2) = w1\ngrad(f, [1, 2, 3])").hasPrefix(
      "error: 2:9: f has 2 parameters (w1, w2) but the point has 3 values\n"))
  }

  @Test func inliningThatExplodesIsRefusedQuickly() {
    // Each level doubles the inlined terms: 2^40 of them at the top.
    var source = "h0(w) = sigmoid(w)\n"
    for i in 1...40 { source += "h\(i)(w) = h\(i - 1)(w) + h\(i - 1)(w)\n" }
    let wide = run(source + "grad(h40)")
    #expect(wide.err.hasPrefix(
      "error: 42:6: grad cannot differentiate h40: with the functions it calls written out it has more than 10000 operations\n"))
    // Each level uses its argument twice: the tree is 2^30 deep copies, though shared.
    var shared = "s0(w) = w\n"
    for i in 1...30 { shared += "s\(i)(w) = s\(i - 1)(w)*s\(i - 1)(w)\n" }
    #expect(run(shared + "g(w) = s0(w) * s30(w)\ngrad(g)").err.contains("more than 10000 operations"))
  }

  @Test func aConstructOnAnEarlierLineIsNamedAndTheCaretGoesToTheCall() {
    // At the prompt the definition was another line: the caret cannot point into it.
    let session = Session()
    _ = run("f(w) = [w, 1]", session: session)
    let r = run("grad(f)", session: session)
    #expect(r.err == """
      error: 1:6: grad cannot differentiate '[w, 1]' in f: vectors and matrices are not supported
        grad(f)
             ^
        hint: grad differentiates functions of numbers, such as f(w1, w2) = 0.001*w1^2 + w2^2
      """)
  }
}
