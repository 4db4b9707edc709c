/// Saturated units: g'(z) below 1% of gamma = sup g' (for relu: dead, z <= 0, g' = 0). One
/// definition for `norms(g)`'s notes and `saturation(net, data)`'s table.
///
/// The comparison is strict, so leaky_relu's slope 0.01 below zero (exactly 1% of its gamma 1)
/// and linear never count; elu counts below z = ln 0.01 = -4.61, softplus below ln(0.01/0.99) =
/// -4.60, tanh beyond |z| = acosh 10 = 2.99, sigmoid beyond |z| = 5.99 (where sigma' falls to
/// 0.0025, 1% of its 0.25).
extension Activation {
  public static let saturationThreshold = 0.01

  @inlinable public func isSaturated(_ z: Double) -> Bool {
    derivative(z) < Activation.saturationThreshold * gamma
  }

  /// The fraction of the values z at which this activation is saturated (0 for none).
  public func saturatedFraction(_ z: [Double]) -> Double {
    let count = z.reduce(0) { $0 + (isSaturated($1) ? 1 : 0) }
    return Double(count) / Double(max(z.count, 1))
  }
}
