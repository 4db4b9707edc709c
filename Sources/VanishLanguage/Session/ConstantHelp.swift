import VanishCore

/// What `:help NAME` says of the named values: each initialiser, activation, cost and
/// method with the formula its code computes (Initializer.swift, Activation.swift,
/// Cost.swift and Backprop.swift, Optimizer.swift), and an example.
enum ConstantHelp {
  /// The lines under the value's own line, or nil for a value without a formula (`pi`).
  static func lines(for name: String) -> [String]? {
    if let a = Activation(name: name) { return activation(a) }
    if let c = Cost(name: name) { return cost(c) }
    if let m = Optimizer.Method.standard(name) { return method(m) }
    return initializer(name)
  }

  private static let fans = "in = the layer's inputs, out = its neurons; N(m, v) has mean m and variance v; bias= replaces b"

  private static func initializer(_ name: String) -> [String]? {
    let formula: String
    switch name {
    case "nielsen": formula = "w ~ N(0, 1/in) (standard deviation 1/sqrt(in)), b ~ N(0, 1); the default, as Nielsen's network2.py"
    case "xavier": formula = "w ~ U(-sqrt(6/(in + out)), +sqrt(6/(in + out))), b = 0 (Glorot and Bengio)"
    case "xavier_normal": formula = "w ~ N(0, 2/(in + out)), b = 0 (Glorot and Bengio)"
    case "he": formula = "w ~ N(0, 2/in), b = 0 (He et al., for relu)"
    case "orthogonal":
      formula = "w has orthonormal rows or columns (whichever are fewer): Gram-Schmidt on N(0, 1) draws; b = 0 (Saxe et al.)"
    default: return nil
    }
    return [formula, fans, "example: dense(784, 30, sigmoid, init=\(name))"]
  }

  private static func activation(_ a: Activation) -> [String] {
    let formula: [String]
    switch a {
    case .sigmoid:
      formula = [
        "g(z) = 1/(1 + exp(-z)), g'(z) = g(z)*(1 - g(z)); gamma = g'(0) = 1/4",
        "g' is computed as e/(1 + e)^2 with e = exp(-|z|), which keeps its digits where g saturates",
      ]
    case .tanh:
      formula = [
        "g(z) = tanh(z) = (exp(z) - exp(-z))/(exp(z) + exp(-z)), g'(z) = 1 - tanh(z)^2; gamma = g'(0) = 1",
        "g' is computed as 4e/(1 + e)^2 with e = exp(-2|z|), which keeps its digits where g saturates",
      ]
    case .relu: formula = ["g(z) = max(z, 0), g'(z) = 1 for z > 0, else 0 (0 at z = 0); gamma = 1"]
    case .leakyRelu:
      let slope = Format.number(Activation.leakySlope)
      formula = ["g(z) = z for z > 0, else \(slope)*z; g'(z) = 1 for z > 0, else \(slope); gamma = 1"]
    case .elu: formula = ["g(z) = z for z > 0, else exp(z) - 1; g'(z) = 1 for z > 0, else exp(z); gamma = 1"]
    case .softplus: formula = ["g(z) = log(1 + exp(z)), g'(z) = sigmoid(z); gamma = 1 (the limit as z grows)"]
    case .linear: formula = ["g(z) = z, g'(z) = 1; gamma = 1"]
    case .softmax:
      return [
        "a_j = exp(z_j - max z)/sum_k exp(z_k - max z) over the layer's units: not elementwise, so the output layer only",
        "its Jacobian is diag(a) - a a^T (norm at most 1/2); with cost=log_likelihood, delta[L] = a - y",
        "example: net = dense(4, 3, softmax); softmax([1, 2, 3])",
      ]
    }
    return formula + [
      "gamma = sup g': each factor w[k+1]*g'(z[k]) of delta[l] is at most ||w[k+1]||*gamma (see explain)",
      "example: dense(2, 3, \(a.name)); \(a.name)(0.5); d(\(a.name))(0.5)",
    ]
  }

  private static func cost(_ c: Cost) -> [String] {
    switch c {
    case .quadratic:
      return [
        "C = 1/2 ||y - a||^2 = 1/2 sum_j (y_j - a_j)^2 for one example (a = a[L], y its target), the mean over a batch",
        "delta[L] = (a - y) * g'(z[L]) (elementwise); the default cost",
        "example: grad(dense(2, 1), [1, 2], [0], cost=quadratic)",
      ]
    case .crossEntropy:
      return [
        "C = -sum_j (y_j*log(a_j) + (1 - y_j)*log(1 - a_j)) for one example (a = a[L], y its target), the mean over a batch",
        "needs a sigmoid output layer; delta[L] = a - y (g'(z[L]) cancels out)",
        "example: train(mlp([2, 3, 1]), xor(), epochs=10, cost=cross_entropy)",
      ]
    case .logLikelihood:
      return [
        "C = -log(a_y) for one example whose target y is one-hot (Nielsen, ch. 3), the mean over a batch",
        "needs a softmax output layer; delta[L] = a - y (the softmax's Jacobian cancels out)",
        "example: grad(dense(2, 3, softmax), [1, 2], [0, 1, 0], cost=log_likelihood)",
      ]
    }
  }

  private static func method(_ m: Optimizer.Method) -> [String] {
    let rule: [String]
    switch m {
    case .sgd: rule = ["w <- w - lr*g"]
    case .momentum: rule = ["v <- beta*v - lr*g; w <- w + v (Nielsen, ch. 3)"]
    case .adagrad: rule = ["G <- G + g^2; w <- w - lr*g/(sqrt(G) + eps)"]
    case .rmsprop: rule = ["E <- beta*E + (1 - beta)*g^2; w <- w - lr*g/(sqrt(E) + eps)"]
    case .adam:
      rule = [
        "m <- beta1*m + (1 - beta1)*g; v <- beta2*v + (1 - beta2)*g^2",
        "w <- w - lr*m^/(sqrt(v^) + eps), m^ = m/(1 - beta1^t), v^ = v/(1 - beta2^t) (t = steps taken)",
      ]
    }
    return rule + [
      "g is the gradient; elementwise, every state starting at 0",
      "example: f(w1, w2) = w1^2 + w2^2; descend(f, [1, 1], method=\(m.name))",
    ]
  }
}
