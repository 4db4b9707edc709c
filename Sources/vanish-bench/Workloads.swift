import Foundation
import VanishCore

/// A training workload: a network as it starts, the generator its epochs shuffle with, and the
/// settings of one epoch over the 60,000 Fashion-MNIST training images.
struct TrainingWorkload {
  var name: String
  var network: Network
  var shuffle: SeededGenerator
  var settings: TrainingSettings

  /// W1-W3: sigmoid layers `sizes` (Nielsen's initialisation, drawn from seed 1), quadratic
  /// cost, lr 3, batches of `batch`; the epoch shuffles with the generator as the drawing left
  /// it, as `seed(1); net = ...; train(net, ...)` does in the language.
  static func sigmoid(_ name: String, sizes: [Int], batch: Int) -> TrainingWorkload {
    var rng = SeededGenerator(seed: 1)
    var layers: [Layer] = []
    for (nIn, nOut) in zip(sizes, sizes.dropFirst()) {
      layers.append(Layer(inputs: nIn, outputs: nOut, activation: .sigmoid, using: &rng))
    }
    return TrainingWorkload(
      name: name, network: try! Network(layers: layers), shuffle: rng,
      settings: TrainingSettings(epochs: 1, batchSize: batch, lr: 3, cost: .quadratic))
  }

  static let w1 = sigmoid("w1", sizes: [784, 30, 10], batch: 10)
  static let w2 = sigmoid("w2", sizes: [784, 100, 100, 100, 10], batch: 10)
  static let w3 = sigmoid("w3", sizes: [784, 100, 100, 100, 10], batch: 128)

  /// W5, a deep pre-norm residual network, in the language
  ///   dense(784, 64, tanh) -> residual(layernorm(64) -> dense(64, 64, tanh)) x 20
  ///     -> layernorm(64) -> dense(64, 10, softmax)
  /// with the log-likelihood cost, lr 0.1, batches of 32. tanh throughout: the residual stream
  /// stays centred, and Nielsen's N(0, 1) biases would leave many relu units dead from the
  /// start. The last layernorm is the usual end of a pre-norm stack: without it the softmax
  /// reads the sum of 21 tanh layers unnormalised (the cost starts at 6.2 instead of 3.2).
  static let w5: TrainingWorkload = {
    let width = 64
    var rng = SeededGenerator(seed: 1)
    var layers = [Layer(inputs: 784, outputs: width, activation: .tanh, using: &rng)]
    var skips: [Skip] = []
    for _ in 0..<20 {
      layers.append(.layerNorm(LayerNorm(n: width)))
      layers.append(Layer(inputs: width, outputs: width, activation: .tanh, using: &rng))
      skips.append(Skip(from: layers.count - 1, to: layers.count))  // numbered from 1
    }
    layers.append(.layerNorm(LayerNorm(n: width)))
    layers.append(Layer(inputs: width, outputs: 10, activation: .softmax, using: &rng))
    return TrainingWorkload(
      name: "w5", network: try! Network(layers: layers, skips: skips), shuffle: rng,
      settings: TrainingSettings(epochs: 1, batchSize: 32, lr: 0.1, cost: .logLikelihood))
  }()

  /// One epoch from the same start three times (`Network.trainEpoch`: the training loop alone,
  /// as the peers time theirs): the rate of each run, and the test accuracy after the first.
  func run() throws -> Result {
    let data = try FashionMNIST.load()
    let training = data.withoutTest
    var rates: [Double] = []
    var accuracy = 0.0
    for run in 0..<3 {
      var net = network
      var rng = shuffle
      let begin = DispatchTime.now()
      try net.trainEpoch(on: training, settings, using: &rng)
      rates.append(Double(training.size) / elapsed(since: begin))
      if run == 0 { accuracy = try net.accuracy(on: data.test!) }
    }
    return Result(workload: name, peer: "vanish", rates: rates, peakMB: peakMegabytes(), accuracy: accuracy)
  }
}

/// W4: dense(1, 1, sigmoid) x 50, the gradient of one example (forward and backward, every
/// dC/dw and dC/db), again and again. A run is the best rate of ten stretches of 0.1 s (other
/// processes on the machine only ever slow a stretch down); three runs, as peers.py measures.
func chainWorkload() throws -> Result {
  var rng = SeededGenerator(seed: 1)
  let layers = (0..<50).map { _ in Layer(inputs: 1, outputs: 1, activation: .sigmoid, using: &rng) }
  let net = try Network(layers: layers)
  var ws = GradientWorkspace(network: net)
  let x = [1.0]
  let y = [0.0]
  var checksum = 0.0
  var rates: [Double] = []
  for _ in 0..<3 {
    var best = 0.0
    for _ in 0..<10 {
      var chains = 0
      let start = DispatchTime.now()
      var seconds = 0.0
      while seconds < 0.1 {
        for _ in 0..<1000 {
          checksum += try net.gradient(x, y, cost: .quadratic, into: &ws)
        }
        chains += 1000
        seconds = elapsed(since: start)
      }
      best = max(best, Double(chains) / seconds)
    }
    rates.append(best)
  }
  precondition(checksum.isFinite)
  return Result(workload: "w4", peer: "vanish", rates: rates, peakMB: peakMegabytes(), accuracy: nil)
}

func elapsed(since start: DispatchTime) -> Double {
  Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

func peakMegabytes() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}
