import Foundation
import VanishCore
import VanishLanguage

/// W1 as a user trains it: a `train` statement of the language with its history (the cost over
/// the 60,000 training examples, the test accuracy and the learning speeds, measured before the
/// epoch and after it), in one process with the data already loaded: only the statement's
/// evaluation is timed, not loading the data nor drawing the network.
enum TrainCalls {
  /// Run once: the data.
  static let setup = "data = fashion_mnist()"
  /// Run before each timed call: W1's network, drawn as `TrainingWorkload.w1` draws it (the
  /// call then shuffles with the generator as the drawing left it, as W1 does).
  static let network = "seed(1)\nnet = dense(784, 30, sigmoid) -> dense(30, 10, sigmoid)"
  /// The timed statements, each with its label in the table (at most 46 characters); another
  /// variant is another line. The first is the one the target is set for.
  static let calls: [(label: String, statement: String)] = [
    ("train(net, data, ..., lr=3) with its history", "h = train(net, data, epochs=1, batch=10, lr=3)"),
    ("train(net, data, ..., lr=3, monitor=false)", "h = train(net, data, epochs=1, batch=10, lr=3, monitor=false)"),
  ]

  /// `vanish-bench calls`: each call three times, then W1's training loop alone (the core's
  /// `trainEpoch`, as `vanish-bench w1` times it) three times in the same process: a RESULT line
  /// for each (`call1`, `call2`, ..., `loop`) whose rates are 60,000 examples over the time
  /// taken, and whose accuracy is the network's on the test images after the first run.
  static func run() throws -> [Result] {
    let sink = Output()
    let session = Session(write: { sink.text += $0 + "\n" }, writeError: { sink.errors += $0 + "\n" })
    session.interpreter.progress = nil
    func execute(_ source: String) throws -> String {
      sink.text = ""
      guard session.run(source) == .ok else { throw BenchError("the language failed on `\(source)`: \(sink.errors)") }
      return sink.text
    }
    _ = try execute(setup)
    var out: [Result] = []
    for (i, call) in calls.enumerated() {
      var rates: [Double] = []
      var accuracy: Double?
      for run in 0..<3 {
        _ = try execute(network)
        let begin = DispatchTime.now()
        _ = try execute(call.statement)
        rates.append(60000 / elapsed(since: begin))
        if run == 0 {
          accuracy = Double(try execute("accuracy(net, data.test)").trimmingCharacters(in: .whitespacesAndNewlines))
        }
      }
      out.append(Result(workload: "call\(i + 1)", peer: "vanish", rates: rates, peakMB: peakMegabytes(), accuracy: accuracy))
    }
    var loop = try TrainingWorkload.w1.run()
    loop.workload = "loop"
    return out + [loop]
  }
}

/// What the session printed, collected (it prints on its worker thread, one statement at a time).
private final class Output: @unchecked Sendable {
  var text = ""
  var errors = ""
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
