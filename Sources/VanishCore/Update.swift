extension Network {
  /// One step of Nielsen's update rule with L2 regularisation:
  ///   w <- (1 - lr*lambda/n) w - lr * dC/dw,   b <- b - lr * dC/db
  /// where the gradient is already the mean over the mini-batch and n is the training-set size.
  public mutating func update(with g: Gradient, lr: Double, lambda: Double = 0, n: Double = 1) {
    let decay = 1 - lr * lambda / n
    for l in 1...depth {
      var layer = layers[l - 1]
      layer.w = layer.w.zipWith(g.dw[l]) { decay * $0 - lr * $1 }
      for j in 0..<layer.b.count { layer.b[j] -= lr * g.db[l][j] }
      layers[l - 1] = layer
    }
  }
}
