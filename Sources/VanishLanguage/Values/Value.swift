import VanishCore

/// Every value a vanish program computes.
public enum Value {
  case number(Double)
  case bool(Bool)
  case string(String)
  case vector([Double])
  case matrix(Matrix)
  /// A 1-based (or, for `a`, 0-based) list such as `net.w` or `g.delta`.
  case list(ValueList)
  case activation(Activation)
  /// `d(sigmoid)`: applying it gives g'.
  case derivative(Activation)
  /// Networks are shared, as objects are in Python and Julia: `train(net, ...)` and
  /// `net.w[1] = ...` change the network every name bound to it sees; `copy(net)` makes a new one.
  case network(NetworkBox)
  case gradient(GradientValue)
  case trace(TraceValue)
  case dataset(Dataset)
  case initializer(Initializer)
  case cost(Cost)
  case builtin(Builtin)
  case function(UserFunction)
  case norms(NormsTable)
  /// A path, a history, a plot: kinds that bring their own printing and fields.
  case custom(any CustomValue)
  /// The result of statements that print nothing.
  case nothing

  /// The kind of value, as error messages and `:vars` name it.
  /// The kind with its article: "a network", "an activation".
  public var aKind: String {
    let name = kindName
    return (name.first.map { "aeio".contains($0) } ?? false ? "an " : "a ") + name
  }

  public var kindName: String {
    switch self {
    case .number: return "number"
    case .bool: return "bool"
    case .string: return "string"
    case .vector: return "vector"
    case .matrix: return "matrix"
    case .list: return "list"
    case .activation: return "activation"
    case .derivative: return "derivative"
    case .network: return "network"
    case .gradient: return "gradient"
    case .trace: return "trace"
    case .dataset: return "dataset"
    case .initializer: return "initializer"
    case .cost: return "cost"
    case .builtin: return "builtin"
    case .function: return "function"
    case .norms: return "norms"
    case .custom(let c): return c.kindName
    case .nothing: return "nothing"
    }
  }

  /// The kind with its shape where it has one: `vector(3)`, `matrix(30×784)`, `network(784→30→10)`.
  public var kindWithShape: String {
    switch self {
    case .vector(let v): return "vector(\(v.count))"
    case .matrix(let m): return "matrix(\(m.rows)×\(m.cols))"
    case .list(let l): return "list(\(l.items.count))"
    case .network(let box): return "network(\(box.network.sizesDescription))"
    case .gradient(let g): return "gradient(\(g.gradient.depth) layers, \(g.gradient.examples) example\(g.gradient.examples == 1 ? "" : "s"))"
    case .dataset(let d): return "dataset(\(d.size)×\(d.inputSize)→\(d.outputSize))"
    case .custom(let c): return c.kindWithShape
    default: return kindName
    }
  }
}

/// A list value with the index of its first element (1, or 0 for `a` whose a[0] is x).
public struct ValueList {
  public var items: [Value]
  public var base: Int
  /// What an element is called in error messages: "layer", "example".
  public var elementName: String
  /// Elements that are not there, by offset, with the reason an index gives (`net.w` of a
  /// network whose layer 2 is a layernorm: "layer 2 is a layernorm: it has gain and shift, no w").
  public var gaps: [Int: String]

  public init(_ items: [Value], base: Int = 1, elementName: String = "element", gaps: [Int: String] = [:]) {
    self.items = items
    self.base = base
    self.elementName = elementName
    self.gaps = gaps
  }
}

/// How each layer of a network was made, so that `layer x 8` can draw fresh weights
/// for every copy.
public struct LayerRecipe: Sendable {
  public var weights: Initializer
  public var biases: Initializer?
  /// True for a layer read by `load`: its weights came from a file, and `weights` is only what
  /// `x N` draws copies with (nielsen); `meanfield(net)` refuses to read it.
  public var loaded: Bool = false
}

/// A network shared by every name bound to it.
public final class NetworkBox {
  public var network: Network
  public var recipes: [LayerRecipe]

  public init(_ network: Network, recipes: [LayerRecipe]? = nil) {
    self.network = network
    self.recipes = recipes ?? Array(repeating: LayerRecipe(weights: .nielsen, biases: nil), count: network.depth)
  }

  public func copy() -> NetworkBox { NetworkBox(network, recipes: recipes) }
}

public struct GradientValue {
  public let gradient: Gradient
}

public struct TraceValue {
  public let trace: Trace
  public let network: Network
  /// True when the input was one vector (fields print as vectors, not matrices).
  public let single: Bool
}

/// A user function `f(w1, w2) = body`.
public struct UserFunction {
  public let name: String
  public let parameters: [String]
  public let body: Expr
  public let source: String
  /// The whole text the definition was part of: ranges in the body point into it.
  public var definedIn: String = ""
}

extension Network {
  /// `784→30→10`
  public var sizesDescription: String {
    guard let first = layers.first else { return "empty" }
    return ([first.inputs] + layers.map(\.outputs)).map(String.init).joined(separator: "→")
  }
}
