import Foundation

/// Gradient-descent methods, each with the state it carries from step to step. One `step`
/// moves the parameters w against the gradient g:
///
///   sgd       w <- w - lr g
///   momentum  v <- beta v - lr g;  w <- w + v                      (Nielsen, ch. 3)
///   adagrad   G <- G + g^2;  w <- w - lr g / (sqrt(G) + eps)        (Duchi et al., 2011)
///   rmsprop   E <- beta E + (1 - beta) g^2;  w <- w - lr g / (sqrt(E) + eps)   (Hinton)
///   adam      m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2;
///             w <- w - lr m^ / (sqrt(v^) + eps), m^ = m / (1 - beta1^t), v^ = v / (1 - beta2^t)
///                                                                  (Kingma & Ba, 2015)
/// Squares, roots and divisions are elementwise; every state starts at zero.
public struct Optimizer: Sendable {
  public enum Method: Equatable, Sendable {
    case sgd
    case momentum(beta: Double)
    case adagrad(eps: Double)
    case rmsprop(beta: Double, eps: Double)
    case adam(beta1: Double, beta2: Double, eps: Double)

    public static let names = ["sgd", "momentum", "adagrad", "rmsprop", "adam"]

    /// The method with its usual constants: momentum 0.9; rmsprop 0.9 and 1e-8;
    /// adagrad 1e-8; adam 0.9, 0.999 and 1e-8.
    public static func standard(_ name: String) -> Method? {
      switch name {
      case "sgd": return .sgd
      case "momentum": return .momentum(beta: 0.9)
      case "adagrad": return .adagrad(eps: 1e-8)
      case "rmsprop": return .rmsprop(beta: 0.9, eps: 1e-8)
      case "adam": return .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8)
      default: return nil
      }
    }

    public var name: String {
      switch self {
      case .sgd: return "sgd"
      case .momentum: return "momentum"
      case .adagrad: return "adagrad"
      case .rmsprop: return "rmsprop"
      case .adam: return "adam"
      }
    }
  }

  public let method: Method
  public let lr: Double
  /// momentum's velocity v, adagrad's G, rmsprop's E, adam's m.
  private var first: [Double]
  /// adam's v.
  private var second: [Double]
  /// Steps taken (adam's t).
  public private(set) var steps = 0

  public init(_ method: Method, lr: Double, parameters: Int) {
    self.method = method
    self.lr = lr
    first = [Double](repeating: 0, count: parameters)
    second = [Double](repeating: 0, count: parameters)
  }

  /// One step: w moves against the gradient g (both of the size given at init).
  public mutating func step(_ w: inout [Double], gradient g: [Double]) {
    precondition(w.count == first.count && g.count == first.count, "one gradient entry per parameter")
    steps += 1
    switch method {
    case .sgd:
      for i in w.indices { w[i] -= lr * g[i] }
    case .momentum(let beta):
      for i in w.indices {
        first[i] = beta * first[i] - lr * g[i]
        w[i] += first[i]
      }
    case .adagrad(let eps):
      for i in w.indices {
        first[i] += g[i] * g[i]
        w[i] -= lr * g[i] / (first[i].squareRoot() + eps)
      }
    case .rmsprop(let beta, let eps):
      for i in w.indices {
        first[i] = beta * first[i] + (1 - beta) * g[i] * g[i]
        w[i] -= lr * g[i] / (first[i].squareRoot() + eps)
      }
    case .adam(let beta1, let beta2, let eps):
      let t = Double(steps)
      let correction1 = 1 - Foundation.pow(beta1, t)
      let correction2 = 1 - Foundation.pow(beta2, t)
      for i in w.indices {
        first[i] = beta1 * first[i] + (1 - beta1) * g[i]
        second[i] = beta2 * second[i] + (1 - beta2) * g[i] * g[i]
        let mHat = first[i] / correction1
        let vHat = second[i] / correction2
        w[i] -= lr * mHat / (vHat.squareRoot() + eps)
      }
    }
  }

}
