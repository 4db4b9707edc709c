import Foundation
import Testing
@testable import VanishLanguage

/// Data and training through the language: fields, printing, files and every error's message
/// and place.
@Suite struct TrainingLanguageTests {
  /// A small Fashion-MNIST run shared by several tests: 300 training examples, the whole test part.
  static let smallRun = """
    seed(7)
    data = take(fashion_mnist(), 300)
    net = mlp([784, 10, 10], sigmoid)
    before = copy(net)
    h = train(net, data, epochs=2, batch=10, lr=1, cost=cross_entropy)
    """

  @Test func historyFieldsAreAlignedByEpoch() throws {
    let session = Session()
    #expect(run(TrainingLanguageTests.smallRun, session: session).outcome == .ok)
    #expect(run("h.epochs", session: session).out == "[0, 1, 2]")
    #expect(run("h.cost.shape", session: session).out == "[3]")
    #expect(run("h.accuracy.shape", session: session).out == "[3]")
    #expect(run("h.speeds.shape", session: session).out == "[3, 2]")
    // Untrained, about one in ten; after two epochs on 300 images, four times better.
    let first = Double(run("h.accuracy[1]", session: session).out)!
    let third = Double(run("h.accuracy[3]", session: session).out)!
    #expect(first < 0.2 && third > 0.4, "\(first) \(third)")
    let last = run("accuracy(net, data.test) - h.accuracy[3]", session: session)
    #expect(last.out == "0")
    // Training changed net itself (networks are shared), not the copy made before.
    #expect(run("sum(abs(net.w[1] - before.w[1]))", session: session).out != "0")
    let speeds = run("speeds(net, data, cost=cross_entropy) - h.speeds[3]", session: session)
    #expect(speeds.out == "[0, 0]", "\(speeds)")
  }

  /// monitor=false: the loop alone, the same network at the end, each epoch's mean batch cost.
  @Test func anUnmonitoredHistoryHasOnlyTheBatchCosts() throws {
    let session = Session()
    #expect(run(TrainingLanguageTests.smallRun, session: session).outcome == .ok)
    let quiet = TrainingLanguageTests.smallRun.replacingOccurrences(of: "net = mlp", with: "quiet = mlp")
      .replacingOccurrences(of: "before = copy(net)\n", with: "")
      .replacingOccurrences(of: "h = train(net, data, epochs=2, batch=10, lr=1, cost=cross_entropy)",
        with: "q = train(quiet, data, epochs=2, batch=10, lr=1, cost=cross_entropy, monitor=false)")
    #expect(run(quiet, session: session).outcome == .ok)
    #expect(run("sum(abs(quiet.w[1] - net.w[1])) + sum(abs(quiet.b[2] - net.b[2]))", session: session).out == "0")
    #expect(run("q.epochs", session: session).out == "[1, 2]")
    #expect(run("q.accuracy.shape", session: session).out == "[0]")
    let printed = run("q", session: session).out.split(separator: "\n").map(String.init)
    #expect(printed.count == 5, "\(printed)")
    #expect(printed[1].split(separator: " ") == ["epoch", "batch", "cost"])
    #expect(printed[4].hasPrefix("monitor=false: batch cost = the mean of each epoch's batch costs"))
    // The second epoch's batches, taken as the network learned, cost less than the first's, and
    // more than the trained network's measured cost after it (the batches came before).
    let c1 = Double(run("q.cost[1]", session: session).out)!
    let c2 = Double(run("q.cost[2]", session: session).out)!
    let measured = Double(run("h.cost[3]", session: session).out)!
    #expect(c2 < c1 && c2 > measured, "\(c1) \(c2) \(measured)")
    let bad = run("train(quiet, data, monitor=1)", session: session)
    #expect(bad.err.contains("monitor"), "\(bad.err)")
  }

  @Test func historyPrintsATable() throws {
    let r = run(TrainingLanguageTests.smallRun + "\nh")
    #expect(r.outcome == .ok, "\(r.err)")
    let lines = r.out.split(separator: "\n").map(String.init)
    #expect(lines[0] == "history: 2 epochs of 300 examples in batches of 10; sgd, lr 1, cross_entropy cost")
    #expect(lines[1].hasPrefix("epoch") && lines[1].contains("test accuracy") && lines[1].hasSuffix("speed[2]"))
    #expect(lines[2].hasPrefix("    0 ") && lines[2].contains("11.07%"), "\(lines[2])")
    #expect(lines[4].hasPrefix("    2 "))
    #expect(lines[5] == "speed[l] = ||dC/db[l]|| averaged over the first 300 training examples; accuracy on the 10000 test examples")
    #expect(lines[6].hasPrefix("speed[1] / speed[2] = "))
    #expect(lines.count == 7)
  }

  @Test func speedsAreTheDeltaNormsOfTheGradient() {
    let r = run("""
      seed(3); data = spiral(400, 3); net = mlp([2, 6, 6, 3], sigmoid)
      s = speeds(net, data, cost=cross_entropy)
      n = norms(grad(net, take(data, 1000), cost=cross_entropy)).delta
      s.shape
      max(abs(s - n) / n)
      """)
    let lines = r.out.split(separator: "\n")
    #expect(lines.first == "[3]", "\(r)")
    #expect(lines.count == 2 && Double(lines[1])! < 1e-12, "\(r)")
  }

  @Test func datasetsPrintTheirParts() {
    let r = run("data = fashion_mnist(); data; data.train; take(data, 5); data.test.size; xor()")
    #expect(r.out == """
      dataset: 60000 examples, 784 inputs → 10 outputs (one-hot classes); test part: 10000 examples
      dataset: 60000 examples, 784 inputs → 10 outputs (one-hot classes)
      dataset: 5 examples, 784 inputs → 10 outputs (one-hot classes); test part: 10000 examples
      10000
      dataset: 4 examples, 2 inputs → 1 output
      """)
  }

  /// train takes descend's method values and their constants.
  @Test func methodsAreDescendsValues() {
    let r = run("""
      seed(1); net = mlp([2, 4, 1], tanh) -> dense(1, 1, sigmoid)
      h = train(net, xor(), epochs=2, method=adam, beta1=0.8)
      h.epochs
      h
      """)
    #expect(r.outcome == .ok, "\(r.err)")
    let lines = r.out.split(separator: "\n")
    #expect(lines.first == "[0, 1, 2]")
    #expect(lines.dropFirst().first == "history: 2 epochs of 4 examples in batches of 4; adam, lr 0.001, quadratic cost")
  }

  @Test func historyAndDatasetsAreSaved() throws {
    let dir = try temporaryDirectory()
    let r = run("""
      seed(2); data = spiral(20, 3); net = mlp([2, 5, 3], sigmoid)
      h = train(net, data, epochs=1, lambda=0.5)
      save(h, "\(dir.path)/h.json")
      save(data, "\(dir.path)/d.csv")
      back = csv("\(dir.path)/d.csv")
      back.size
      max(abs(back.inputs - data.inputs))
      """)
    #expect(r.outcome == .ok, "\(r.err)")
    #expect(r.out == "60\n0")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("h.json"))) as! [String: Any]
    #expect(json["format"] as? String == "vanish.history/1")
    #expect((json["epochs"] as? [Double]) == [0, 1])
    #expect((json["speeds"] as? [[Double]])?.map(\.count) == [2, 2])
    #expect((json["settings"] as? [String: Any])?["lambda"] as? Double == 0.5)
    #expect(json["accuracy"] as? [Double] == [])
  }

  /// Each error: its message, where the caret points and the hint.
  @Test(arguments: [
    (
      "train(mlp([3, 2]), xor())",
      "error: 1:20: the network maps 3 inputs to 2 outputs but the data maps 2 to 1", nil
    ),
    (
      "train(mlp([2, 1]), xor(), method=sgdd)",
      "error: 1:34: unknown name 'sgdd'; did you mean 'sgd'?", nil
    ),
    (
      "train(mlp([2, 1]), xor(), method=tanh)",
      "error: 1:27: method must be one of sgd, momentum, adagrad, rmsprop, adam, not an activation", nil
    ),
    (
      "train(mlp([2, 1]), xor(), beta=0.5)",
      "error: 1:27: beta= does not apply to sgd; it belongs to momentum and rmsprop", nil
    ),
    (
      "train(mlp([2, 1]), xor(), lr=-1)",
      "error: 1:27: the learning rate must be a finite number ≥ 0", nil
    ),
    (
      "train(mlp([2, 1]), xor(), batch=0)",
      "error: 1:27: the batch size must be a whole number from 1 to 2147483647, not 0", nil
    ),
    (
      "train(mlp([2, 1], relu), xor(), cost=cross_entropy)",
      "error: 1:1: cross_entropy needs outputs in (0, 1): the output layer must be sigmoid, not relu", nil
    ),
    (
      "xor().test",
      "error: 1:1: this dataset has no test part", "fashion_mnist() and idx() with four files have one; take(data, n) keeps it"
    ),
    (
      "fashion_mnist(dir=\"/nonexistent\")",
      "error: 1:1: Fashion-MNIST is not installed: /nonexistent/train-images-idx3-ubyte.gz is missing",
      "install it with: sudo apt-get install dataset-fashion-mnist"
    ),
    (
      "idx(\"/nonexistent/a.gz\", \"/nonexistent/b.gz\")",
      "error: 1:5: cannot read /nonexistent/a.gz: no such file", nil
    ),
    (
      "csv(\"/nonexistent.csv\", target=\"y\")",
      "error: 1:5: cannot read /nonexistent.csv: no such file", nil
    ),
    (
      "take(xor(), 0)",
      "error: 1:13: the number of examples must be a whole number from 1 to 2147483647, not 0", nil
    ),
    (
      "accuracy(mlp([2, 1]), spiral(3, 3))",
      "error: 1:23: the network maps 2 inputs to 1 outputs but the data maps 2 to 3", nil
    ),
  ] as [(String, String, String?)])
  func errorsSayWhereAndWhat(_ source: String, _ message: String, _ hint: String?) {
    let r = run(source)
    #expect(r.outcome == .failed)
    let lines = r.err.split(separator: "\n").map(String.init)
    #expect(lines.first == message, "\(r.err)")
    if let hint { #expect(lines.last == "  hint: \(hint)", "\(r.err)") }
  }

  @Test func divergenceNamesEpochAndBatchAndKeepsTheWeights() {
    let session = Session()
    let r = run(
      "seed(1); net = mlp([2, 10, 2], linear); h = train(net, spiral(50, 2), batch=5, lr=1e6)",
      session: session)
    #expect(r.outcome == .failed)
    #expect(r.err.contains("training diverged: the cost became "), "\(r.err)")
    #expect(r.err.contains(" in epoch 1, batch "), "\(r.err)")
    #expect(r.err.contains("hint: lower the learning rate (lr=100000, say)"), "\(r.err)")
    #expect(run("h", session: session).err.contains("unknown name 'h'"))
    #expect(Double(run("max(abs(net.w[1]))", session: session).out)! > 1000)
  }

  @Test func csvTargetErrorsPointAtTheTarget() throws {
    let dir = try temporaryDirectory()
    try "a,b,label\n1.5,2,0\n3,4,2\n5,6,1\n".write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
    let session = Session()
    session.interpreter.workingDirectory = dir.path
    let ok = run("d = csv(\"t.csv\"); d; csv(\"t.csv\", target=\"a\"); csv(\"t.csv\", target=2, onehot=false)", session: session)
    #expect(ok.out == """
      dataset: 3 examples, 2 inputs → 3 outputs (one-hot classes)
      dataset: 3 examples, 2 inputs → 1 output
      dataset: 3 examples, 2 inputs → 1 output
      """, "\(ok.err)")
    let bad = run("csv(\"t.csv\", target=\"c\")", session: session)
    #expect(bad.err.hasPrefix("error: 1:14: \(dir.path)/t.csv has no column 'c'; its columns: a, b, label"), "\(bad.err)")
  }
}
