/// The text of `:help` and `:help NAME`.
public enum Help {
  public static func text(for name: String?, interpreter: Interpreter) -> String {
    guard let name else { return overview }
    if name == "grammar" { return Grammar.text }
    if let b = Builtins.named(name) {
      let details = b.details.isEmpty ? "" : "\n" + b.details.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
      return "\(b.signature)\n  \(b.summary)\(details)\n  example: \(b.example)"
    }
    let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
    if let c = Session.commands.first(where: { $0.name == bare }) {
      return "\(c.usage)\n  \(c.summary)"
    }
    if let value = Interpreter.constants[name] {
      guard let lines = ConstantHelp.lines(for: name) else { return "\(name): \(value.rendered)" }
      return ([value.rendered] + lines.map { "  " + $0 }).joined(separator: "\n")
    }
    let all = Builtins.all.map(\.name) + Session.commands.map(\.name) + Array(Interpreter.constants.keys) + ["grammar"]
    let related = Suggest.related(to: bare, in: all)
    if !related.isEmpty {
      return "no help for '\(name)'; did you mean \(Suggest.list(related))?"
    }
    return "no help for '\(name)'; :help lists every builtin"
  }

  static var overview: String {
    var lines: [String] = []
    for group in Builtin.Group.allCases {
      let members = Builtins.all.filter { $0.group == group }
      if members.isEmpty { continue }
      lines.append(group.rawValue + ":")
      let width = members.map(\.name.count).max() ?? 0
      for b in members {
        lines.append("  " + b.name + String(repeating: " ", count: width - b.name.count) + "  " + b.summary)
      }
    }
    lines.append("Values:")
    lines.append("  activations  " + VanishCoreNames.activations)
    lines.append("  initialisers nielsen (default), gaussian(mean, std), xavier, xavier_normal, he, const(v), orthogonal")
    lines.append("  costs        quadratic, cross_entropy")
    lines.append("  methods      " + Optimizer.Method.names.joined(separator: ", ") + " (method= of descend and train)")
    lines.append("Commands:")
    let width = Session.commands.map(\.usage.count).max() ?? 0
    for c in Session.commands {
      lines.append("  " + c.usage + String(repeating: " ", count: width - c.usage.count) + "  " + c.summary)
    }
    lines.append("Layers are numbered from 1 (a[0] is the input x); Nielsen's book numbers the input layer 1, so his layer l is our l-1.")
    lines.append(":help NAME (or ?NAME) explains one; :help grammar prints the grammar.")
    return lines.joined(separator: "\n")
  }
}

import VanishCore

enum VanishCoreNames {
  static let activations = Activation.allCases.map(\.name).joined(separator: ", ")
}
