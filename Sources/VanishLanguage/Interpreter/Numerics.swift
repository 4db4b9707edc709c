import VanishCore

/// The policy for NaN and infinities: they never pass silently. An operation whose result
/// holds one (`1/0`, `1e308 * 10`, `sum` of huge numbers, a network's output, a gradient) is
/// an error that names the operation, the first bad element and, where it can tell, why;
/// the statement stops there, so no variable receives the value. Iterative computations
/// keep what they did before the bad step: `descend` ends its path there with a warning,
/// `train` stops with an error naming the epoch and batch. `load` warns when a file holds
/// NaN or infinite weights (a network saved after training diverged).
enum Numerics {
  /// Where the first NaN or infinity of a value is: "", "element 2 of ", "element [1, 2] of ",
  /// with the value found; nil when every number is finite.
  static func firstNonFinite(_ value: Value) -> (place: String, value: Double)? {
    switch value {
    case .number(let x):
      return x.isFinite ? nil : ("", x)
    case .vector(let v):
      guard let i = v.firstIndex(where: { !$0.isFinite }) else { return nil }
      return ("element \(i + 1) of ", v[i])
    case .matrix(let m):
      guard let k = m.storage.firstIndex(where: { !$0.isFinite }) else { return nil }
      let (r, c) = (k / m.cols, k % m.cols)
      return ("element [\(r + 1), \(c + 1)] of ", m.storage[k])
    case .gradient(let g):
      return firstNonFinite(g.gradient)
    case .trace(let t):
      return firstNonFinite(t.trace)
    default:
      return nil
    }
  }

  /// The first NaN or infinity of a forward pass, layer by layer, z[l] before a[l]: an
  /// overflow in z shows there even when g(z) saturates it back to a finite a (sigmoid(Inf)
  /// is 1).
  static func firstNonFinite(_ t: Trace) -> (place: String, value: Double)? {
    func find(_ m: Matrix, _ name: String) -> (place: String, value: Double)? {
      guard let k = m.storage.firstIndex(where: { !$0.isFinite }) else { return nil }
      let (unit, example) = (k / m.cols, k % m.cols)
      let of = m.cols > 1 ? " of example \(example + 1)" : ""
      return ("\(name), unit \(unit + 1)\(of)", m.storage[k])
    }
    for l in 1..<t.z.count {
      if let found = find(t.z[l], "z[\(l)]") ?? find(t.a[l], "a[\(l)]") { return found }
    }
    return nil
  }

  static func firstNonFinite(_ g: Gradient) -> (place: String, value: Double)? {
    if let found = firstNonFinite(g.trace) { return found }
    if !g.C.isFinite { return ("its cost C", g.C) }
    for l in 1...g.depth {
      if let x = g.delta[l].storage.first(where: { !$0.isFinite }) { return ("delta[\(l)]", x) }
      if let x = g.dw[l].storage.first(where: { !$0.isFinite }) { return ("dC/dw[\(l)]", x) }
      if let x = g.db[l].first(where: { !$0.isFinite }) { return ("dC/db[\(l)]", x) }
    }
    return nil
  }

  static func holdsNonFinite(_ value: Value) -> Bool {
    switch value {
    case .number, .vector, .matrix, .gradient: return firstNonFinite(value) != nil
    case .network(let box): return holdsNonFinite(box.network)
    default: return false
    }
  }

  static func holdsNonFinite(_ net: Network) -> Bool {
    net.layers.contains { !$0.w.storage.allSatisfy(\.isFinite) || !$0.b.allSatisfy(\.isFinite) }
  }

  static func name(_ x: Double) -> String { x.isNaN ? "NaN" : (x < 0 ? "-Inf" : "Inf") }

  /// Throws when `result` holds a NaN or an infinity. `operation` names what made it
  /// ("'/'", "sum", "the network"); `inputs` are its operands, to tell an overflow from a
  /// value that already held one.
  static func check(
    _ result: Value, of operation: String, inputs: [Value], divisor: Value? = nil, power: Bool = false,
    at range: SourceRange
  ) throws(Diagnostic) {
    guard let (place, x) = firstNonFinite(result) else { return }
    let hint = cause(of: x, operation: operation, inputs: inputs, divisor: divisor, power: power)
    switch result {
    case .gradient:
      throw Diagnostic("the gradient from \(operation) holds \(name(x)) in \(place)", at: range, hint: hint)
    case .trace:
      throw Diagnostic("the forward pass of \(operation) holds \(name(x)) in \(place)", at: range, hint: hint)
    default:
      throw Diagnostic("\(place)the result of \(operation) is \(name(x))", at: range, hint: hint)
    }
  }

  /// Throws when a network's forward pass holds a NaN or an infinity anywhere, in a hidden
  /// z as well as in the output.
  static func checkForward(_ t: Trace, of net: Network, input: Value, at range: SourceRange) throws(Diagnostic) {
    guard let (place, x) = firstNonFinite(t) else { return }
    let hint: String?
    if holdsNonFinite(net) {
      hint = "the network already holds NaN or Inf in its weights or biases"
    } else {
      hint = cause(of: x, inputs: [input])
    }
    throw Diagnostic("the forward pass holds \(name(x)) in \(place)", at: range, hint: hint)
  }

  /// Why a result holds x (NaN or an infinity), when it can be told. `operation` names what
  /// made it, as `check` is given it ("log", "'/'").
  private static func cause(
    of x: Double, operation: String = "", inputs: [Value], divisor: Value? = nil, power: Bool = false
  ) -> String? {
    if case .network = inputs.first, holdsNonFinite(inputs[0]) {
      return "the network already holds NaN or Inf in its weights or biases"
    } else if inputs.contains(where: holdsNonFinite) {
      return "an operand already holds NaN or Inf"
    } else if let divisor, holdsZero(divisor) {
      return "division by zero"
    } else if x.isNaN && power {
      return "a negative number to a fractional power is not a real number"
    } else if operation == "log" && x == -.infinity {
      return "the logarithm of 0 is -Inf"
    } else if x.isNaN && (operation == "log" || operation == "sqrt") {
      return "the \(operation == "log" ? "logarithm" : "square root") of a negative number is not a real number"
    } else if x.isInfinite {
      return "numbers beyond about 1.8e308 overflow to Inf"
    } else {
      return nil
    }
  }

  private static func holdsZero(_ value: Value) -> Bool {
    switch value {
    case .number(let x): return x == 0
    case .vector(let v): return v.contains(0)
    case .matrix(let m): return m.storage.contains(0)
    default: return false
    }
  }

  /// The warning `load` prints for a network with NaN or infinite weights or biases.
  static func loadWarning(_ net: Network, file: String) -> String? {
    for (i, layer) in net.layers.enumerated() {
      if let x = layer.w.storage.first(where: { !$0.isFinite }) {
        return "warning: \(file) holds \(name(x)) in w[\(i + 1)]; what the network computes will not be finite"
      }
      if let x = layer.b.first(where: { !$0.isFinite }) {
        return "warning: \(file) holds \(name(x)) in b[\(i + 1)]; what the network computes will not be finite"
      }
    }
    return nil
  }
}
