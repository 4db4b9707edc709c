import VanishCore

/// A kind of value defined outside the core set of `Value` cases (a descent path, a training
/// history, a plot): it says how it prints, which fields it has and whether `save` can write it.
/// New families of builtins add their values this way without touching the interpreter.
public protocol CustomValue {
  /// The kind, as error messages and `:vars` name it: "path", "history", "plot".
  var kindName: String { get }
  /// The kind with a shape where it has one: "path(1001 points)".
  var kindWithShape: String { get }
  /// How it prints at the prompt and in scripts.
  var rendered: String { get }
  /// Its fields, for `.` access and Tab completion.
  var fieldNames: [String] { get }
  func field(_ name: String) -> Value?
  /// The text `save(value, path)` writes, or nil when this kind cannot be saved (to that path).
  func savedText(path: String) throws(Diagnostic) -> String?
  /// The matrix this value stands for in arithmetic, indices and elementwise functions, if any
  /// (a table of learning speeds is also a matrix).
  var matrixValue: Matrix? { get }
}

extension CustomValue {
  public var kindWithShape: String { kindName }
  public var fieldNames: [String] { [] }
  public func field(_ name: String) -> Value? { nil }
  public func savedText(path: String) throws(Diagnostic) -> String? { nil }
  public var matrixValue: Matrix? { nil }
}

extension Value {
  /// A custom value that stands for a matrix, as that matrix; anything else as it is.
  var numeric: Value {
    if case .custom(let c) = self, let m = c.matrixValue { return .matrix(m) }
    return self
  }
}

/// A custom value that can be called like a function: `grad(f)(1, 2)`.
public protocol CallableValue: CustomValue {
  func call(
    positional: [(value: Value, range: SourceRange)], named: [String: (value: Value, range: SourceRange)],
    at range: SourceRange
  ) throws(Diagnostic) -> Value
}

/// How output may look: colour only on a terminal and never when NO_COLOR is set (the
/// executable decides at start-up); plots fit the width.
public enum OutputStyle {
  nonisolated(unsafe) public static var colour = false
  nonisolated(unsafe) public static var width = 80
}
