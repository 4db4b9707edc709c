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
    w.withUnsafeMutableBufferPointer { p in
      g.withUnsafeBufferPointer { g in
        first.withUnsafeMutableBufferPointer { s1 in
          second.withUnsafeMutableBufferPointer { s2 in
            Optimizer.apply(method, lr: lr, step: steps, p, g, s1, s2, shrink: 1)
          }
        }
      }
    }
  }

  /// The rules above, the one copy of each that `descend` and `train` use: parameters p with
  /// gradient g and states s1, s2, after p is shrunk by `shrink` (training's L2 decay on
  /// weights; 1 elsewhere); t counts the steps (adam's bias correction).
  static func apply(
    _ method: Method, lr: Double, step t: Int, _ p: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>,
    _ s1: UnsafeMutableBufferPointer<Double>, _ s2: UnsafeMutableBufferPointer<Double>, shrink: Double
  ) {
    switch method {
    case .sgd:
      for k in 0..<p.count { p[k] = shrink * p[k] - lr * g[k] }
    case .momentum(let beta):
      for k in 0..<p.count {
        s1[k] = beta * s1[k] - lr * g[k]
        p[k] = shrink * p[k] + s1[k]
      }
    case .adagrad(let eps):
      for k in 0..<p.count {
        s1[k] += g[k] * g[k]
        p[k] = shrink * p[k] - lr * g[k] / (s1[k].squareRoot() + eps)
      }
    case .rmsprop(let beta, let eps):
      for k in 0..<p.count {
        s1[k] = beta * s1[k] + (1 - beta) * g[k] * g[k]
        p[k] = shrink * p[k] - lr * g[k] / (s1[k].squareRoot() + eps)
      }
    case .adam(let beta1, let beta2, let eps):
      let c1 = 1 - Foundation.pow(beta1, Double(t))
      let c2 = 1 - Foundation.pow(beta2, Double(t))
      for k in 0..<p.count {
        s1[k] = beta1 * s1[k] + (1 - beta1) * g[k]
        s2[k] = beta2 * s2[k] + (1 - beta2) * g[k] * g[k]
        p[k] = shrink * p[k] - lr * (s1[k] / c1) / ((s2[k] / c2).squareRoot() + eps)
      }
    }
  }
}
