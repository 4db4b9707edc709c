/// Every builtin, by family.
public enum Builtins {
  nonisolated(unsafe) public static let all: [Builtin] =
    networkBuiltins + layerBuiltins + gradientBuiltins + optimisationBuiltins + activationBuiltins + arrayBuiltins
    + theoryBuiltins + dataBuiltins + trainingBuiltins + fileBuiltins + plotBuiltins + meanFieldBuiltins

  public static func named(_ name: String) -> Builtin? { all.first { $0.name == name } }
}
