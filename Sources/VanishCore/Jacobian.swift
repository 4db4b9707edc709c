/// The Jacobians of a network's output with respect to each layer's activations, at one
/// example: J[l] = d a[L] / d a[l], n_L × n_l (row i is the gradient of output unit i), for
/// l = 0 (the input x) to L - 1.
///
/// Exact, by backpropagation through the one driver (`Pass`), not by differences: the example
/// is run forward as n_L copies, one per column, and the backward pass is seeded with the n_L
/// columns of the identity as dC/da[L]. Column i then carries the gradient of a[L]_i, so each
/// dC/da[l] the driver hands down (skips included) is J[l] transposed, and dC/da[0] is J[0].
/// Every layer's own backward step is the one training uses: a dense layer multiplies by
/// g'(z) (by softmax's diag(a) - a a^T) and then by w^T, a skip adds the identity's share,
/// a layernorm its Jacobian. Normalization layers use their running estimates (PyTorch's eval
/// mode), under which a batchnorm is diag(gain / sqrt(running variance + eps)) and the copies
/// do not see each other. a[l] is perturbed with everything below it held: a skip that passes
/// over a[l] (from below it to above it) adds nothing to J[l], one that starts at a[l] adds
/// the identity's share.
extension Network {
  public func jacobians(at x: [Double]) throws(CoreError) -> [Matrix] {
    guard depth > 0 else { throw .invalidArgument("the network has no layers") }
    if x.count != inputSize {
      throw .shapeMismatch("the network takes \(inputSize) inputs but x has \(x.count)")
    }
    let n = outputSize
    var pass = Pass(network: self, examples: n, inputRows: false)
    var copies = Matrix(rows: inputSize, cols: n)
    for k in 0..<inputSize { for c in 0..<n { copies[k, c] = x[k] } }
    pass.load(columns: copies, targets: nil)
    pass.forward(self, mode: .runningStatistics)
    pass.keepsOutputGradients = true
    pass.keepsInputGradient = true
    pass.backward(self, outputGradient: Matrix.identity(n))
    return [pass.inputGradient.transposed] + (1..<depth).map { pass.outputGradients[$0].transposed }
  }

  /// d a[L] / d a[l] at x (l = 0: with respect to the input), as `jacobians` computes it.
  public func jacobian(at x: [Double], from l: Int = 0) throws(CoreError) -> Matrix {
    guard 0 <= l, l < Swift.max(depth, 1) else {
      throw .invalidArgument("from must be a layer from 0 to \(depth - 1), not \(l)")
    }
    return try jacobians(at: x)[l]
  }
}
