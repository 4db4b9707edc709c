import Foundation

/// Small problems generated on the spot, for trying a network in seconds. The random ones draw
/// from the seeded generator, so `seed(n)` makes them the same everywhere. Examples of different
/// classes alternate, so any prefix (`take`) holds every class.
extension Dataset {
  /// The four cases of exclusive or: inputs (0,0), (0,1), (1,0), (1,1), one target 0 or 1.
  public static func xor() -> Dataset {
    Dataset(
      checked: .values([0, 0, 0, 1, 1, 0, 1, 1]), 2, .values([0, 1, 1, 0]), 1, size: 4)
  }

  /// CS231n's spirals: `perClass` points on each of `classes` arms in the plane, the radius
  /// growing from 0 to 1 along the arm, the angle with N(0, 0.2^2) noise; targets one-hot.
  public static func spiral(perClass n: Int, classes: Int, using rng: inout SeededGenerator)
    throws(CoreError) -> Dataset
  {
    if n < 1 || classes < 2 { throw .invalidArgument("spiral needs at least 1 point per class and 2 classes") }
    var inputs: [Double] = []
    var labels: [Int32] = []
    inputs.reserveCapacity(2 * n * classes)
    for i in 0..<n {
      let r = n == 1 ? 0 : Double(i) / Double(n - 1)
      for j in 0..<classes {
        let t = 4 * (Double(j) + r) + 0.2 * rng.normal()
        inputs += [r * sin(t), r * cos(t)]
        labels.append(Int32(j))
      }
    }
    return Dataset(checked: .values(inputs), 2, .classes(labels), classes, size: n * classes)
  }

  /// Two concentric circles in the plane, radius 1 (target 0) and 1/2 (target 1), each point at
  /// a uniformly random angle with N(0, noise^2) added to each coordinate; one target.
  public static func circles(_ n: Int, noise: Double, using rng: inout SeededGenerator)
    throws(CoreError) -> Dataset
  {
    if n < 2 { throw .invalidArgument("circles needs at least 2 points") }
    if !(noise >= 0) { throw .invalidArgument("the noise cannot be negative") }
    var inputs: [Double] = []
    var targets: [Double] = []
    for i in 0..<n {
      let inner = i % 2 == 1
      let radius = inner ? 0.5 : 1
      let angle = 2 * Double.pi * rng.uniform()
      let x = radius * cos(angle) + noise * rng.normal()
      let y = radius * sin(angle) + noise * rng.normal()
      inputs += [x, y]
      targets.append(inner ? 1 : 0)
    }
    return Dataset(checked: .values(inputs), 2, .values(targets), 1, size: n)
  }
}
