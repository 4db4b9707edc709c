import Foundation
import VanishCore

/// `vanish-bench check`: whether W5's numpy peer computes what vanish computes. From vanish's
/// W5 network as drawn, vanish trains k = 1, 2, 3, 5, 10 batches of 32 (each from the start,
/// through `trainEpoch` as the benchmark does, on the first 32k training images), and both
/// measure the mean cost over the 10,000 test images after them; peers.py (`w5 check DIR`)
/// starts from the same weights, read from the file this writes, and steps through the same
/// batches, in the order vanish's shuffle took them. The costs must agree to 1e-10, and so must
/// the parameters after the last k. Not part of the benchmark's run (CI need not run it).
func check(peers: String) throws -> Bool {
  let data = try FashionMNIST.load()
  let training = data.withoutTest
  let test = data.test!
  let w5 = TrainingWorkload.w5
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vanish-bench-check-\(getpid())")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }

  var costs = [(k: 0, cost: try w5.network.meanCost(on: test, cost: w5.settings.cost))]
  var orders = "0\n"
  var net = w5.network
  for k in [1, 2, 3, 5, 10] {
    let n = k * w5.settings.batchSize
    net = w5.network
    var rng = w5.shuffle
    // An epoch's order is the first thing it draws (EpochRunner.run): the same permutation.
    var copy = rng
    let order = copy.permutation(n)
    try net.trainEpoch(on: training.prefix(n), w5.settings, using: &rng)
    orders += "\(k) " + order.map(String.init).joined(separator: " ") + "\n"
    costs.append((k, try net.meanCost(on: test, cost: w5.settings.cost)))
  }
  try json(w5.network).write(to: directory.appendingPathComponent("start.json"), atomically: true, encoding: .utf8)
  try json(net).write(to: directory.appendingPathComponent("after.json"), atomically: true, encoding: .utf8)
  try orders.write(to: directory.appendingPathComponent("orders.txt"), atomically: true, encoding: .utf8)

  let answer = run(["python3", peers, "w5", "check", directory.path])
  var numpy: [String: Double] = [:]
  for line in answer.output.split(separator: "\n") {
    let f = line.split(separator: " ")
    if f.count == 3, f[0] == "CHECK", let v = Double(f[2]) { numpy[String(f[1])] = v }
  }
  let tolerance = 1e-10
  var agree = answer.status == 0
  print("W5 from vanish's start, the mean log-likelihood cost over the 10,000 test images:")
  print("  batches                  vanish                   numpy       difference")
  for (k, cost) in costs {
    guard let theirs = numpy[String(k)] else {
      print("  \(pad(String(k), 7, right: true))  \(pad(String(cost), 22, right: true))  numpy gave nothing")
      agree = false
      continue
    }
    let difference = abs(cost - theirs)
    agree = agree && difference <= tolerance
    print(
      "  \(pad(String(k), 7, right: true))  \(pad(String(cost), 22, right: true))  \(pad(String(theirs), 22, right: true))  \(pad(String(format: "%.1e", difference), 15, right: true))"
    )
  }
  if let weights = numpy["weights"] {
    print(String(format: "  largest difference of a parameter after 10 batches: %.1e", weights))
    agree = agree && weights <= tolerance
  } else {
    agree = false
  }
  print(agree ? "agree to \(tolerance)" : "DO NOT AGREE to \(tolerance)")
  return agree
}

/// A network as JSON with the fields of vanish.network/2 (`kind`, a dense layer's `in`, `out`,
/// `activation`, `w` as rows and `b`, a normalization layer's `n`, `eps`, `gain`, `shift`;
/// `skips` as `from`/`to`), every number in the shortest form that reads back as the same
/// Double.
func json(_ net: Network) -> String {
  func vector(_ v: [Double]) -> String { "[" + v.map { "\($0)" }.joined(separator: ", ") + "]" }
  let layers = net.layers.map { layer -> String in
    if layer.isNormalization {
      let n = layer.normalization
      return "{\"kind\": \"\(layer.kindName)\", \"n\": \(n.n), \"eps\": \(n.eps), \"gain\": \(vector(n.gain)), \"shift\": \(vector(n.shift))}"
    }
    let rows = layer.w.rowArrays.map(vector).joined(separator: ", ")
    return
      "{\"kind\": \"dense\", \"in\": \(layer.inputs), \"out\": \(layer.outputs), \"activation\": \"\(layer.activation.name)\", \"w\": [\(rows)], \"b\": \(vector(layer.b))}"
  }
  let skips = net.skips.map { "{\"from\": \($0.from), \"to\": \($0.to)}" }
  return "{\"layers\": [\n" + layers.joined(separator: ",\n") + "\n], \"skips\": [" + skips.joined(separator: ", ") + "]}\n"
}
