import Foundation
import VanishCore

/// What `train` returns: the run's measurements epoch by epoch. Fields `epochs`, `cost`,
/// `accuracy` are vectors and `speeds` a matrix-like table (one row per measurement, one column
/// per layer),
/// all aligned: element i belongs to epoch `epochs[i]`. `save(h, "h.json")` writes vanish.history/1.
public struct HistoryValue: CustomValue {
  public let history: TrainingHistory

  public init(history: TrainingHistory) {
    self.history = history
  }

  public var kindName: String { "history" }
  public var kindWithShape: String {
    "history(\(history.completedEpochs) epoch\(history.completedEpochs == 1 ? "" : "s"), \(history.layers) layers)"
  }

  public var fieldNames: [String] { ["epochs", "cost", "accuracy", "speeds", "clipped"] }

  public func field(_ name: String) -> Value? {
    switch name {
    case "epochs": return .vector(history.epochs)
    case "cost": return .vector(history.costs)
    case "accuracy": return .vector(history.accuracies)
    case "speeds": return .custom(SpeedsValue(epochs: history.epochs, speeds: history.speeds))
    case "clipped": return .number(Double(history.clippedBatches))
    default: return nil
    }
  }

  /// A table: epoch, training cost, test accuracy, the speed of each layer.
  public var rendered: String {
    let h = history
    let s = h.settings
    var head = "history: \(h.completedEpochs) epoch\(h.completedEpochs == 1 ? "" : "s") of \(h.trainingSize) examples"
    head += " in batches of \(min(s.batchSize, h.trainingSize)); \(s.method.name), lr \(Format.number(s.lr)), \(s.cost.name) cost"
    if s.lambda > 0 { head += ", lambda \(Format.number(s.lambda))" }
    if let clip = s.clip { head += ", clip \(Format.number(clip)) (\(h.clippedBatches) batch\(h.clippedBatches == 1 ? "" : "es") clipped)" }
    // monitor=false: each epoch's mean batch cost, nothing measured.
    let measured = h.monitored
    var columns = ["epoch", measured ? "cost" : "batch cost"]
    if measured && h.testSize > 0 { columns.append("test accuracy") }
    if measured { columns += (1...h.layers).map { "speed[\($0)]" } }
    var rows = [columns]
    for i in h.epochs.indices {
      let e = h.epochs[i]
      var row = [e == e.rounded() ? Format.number(e) : String(format: "%.2f", e), Format.short(h.costs[i])]
      if measured {
        if h.testSize > 0 { row.append(String(format: "%.2f%%", 100 * h.accuracies[i])) }
        row += h.speeds[i].map(Format.short)
      }
      rows.append(row)
    }
    // Long runs show their first and last epochs.
    if rows.count > 31 {
      rows = Array(rows.prefix(11)) + [columns.map { _ in "…" }] + Array(rows.suffix(10))
    }
    var lines = [head, Format.table(rows)]
    if !measured {
      lines.append(
        "monitor=false: batch cost = the mean of each epoch's batch costs as they went through; no accuracy or speeds measured")
    } else {
      lines.append(
        "speed[l] = ||dC/db[l]|| averaged over the first \(h.probeSize) training examples"
          + (h.testSize > 0 ? "; accuracy on the \(h.testSize) test examples" : ""))
      if h.layers > 1, let first = h.speeds.first, let last = h.speeds.last {
        let L = h.layers
        let ratio = { (v: [Double]) in Format.short(v[0] / v[L - 1]) }
        lines.append(
          "speed[1] / speed[\(L)] = \(ratio(first)) at epoch 0"
            + (h.speeds.count > 1 ? ", \(ratio(last)) at the end" : ""))
      }
    }
    if let stop = h.interruption {
      lines.append("(stopped by Ctrl-C after batch \(stop.batch) of \(stop.batches) in epoch \(stop.epoch))")
    }
    return lines.joined(separator: "\n")
  }

  public func savedText(path: String) throws(Diagnostic) -> String? {
    guard path.hasSuffix(".json") else { return nil }
    let h = history
    let s = h.settings
    let interrupted = h.interruption.map { "{\"epoch\": \($0.epoch), \"batch\": \($0.batch), \"batches\": \($0.batches)}" } ?? "null"
    return """
      {
        "format": "vanish.history/1",
        "settings": {"epochs": \(s.epochs), "batch": \(s.batchSize), "lr": \(JSONFiles.number(s.lr)), \
      "cost": \(JSONFiles.string(s.cost.name)), "method": \(JSONFiles.string(s.method.name)), "lambda": \(JSONFiles.number(s.lambda)), \
      "monitor": \(s.monitor)},
        "training_examples": \(h.trainingSize),
        "test_examples": \(h.testSize),
        "probe_examples": \(h.probeSize),
        "epochs": \(JSONFiles.vector(h.epochs)),
        "cost": \(JSONFiles.vector(h.costs)),
        "accuracy": \(JSONFiles.vector(h.accuracies)),
        "speeds": [\(h.speeds.map(JSONFiles.vector).joined(separator: ", "))],
        "interrupted": \(interrupted)
      }

      """
  }
}
