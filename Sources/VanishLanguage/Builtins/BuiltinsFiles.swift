import Foundation
import VanishCore

extension Builtins {
  nonisolated(unsafe) static let fileBuiltins: [Builtin] = [
    Builtin(
      "save", .files, signature: "save(value, \"file.json\")",
      summary: "writes a network or gradient as JSON (vanish.network/1, vanish.gradient/1), a plot as SVG, data as CSV",
      example: "save(dense(2, 1), \"/tmp/vanish-help-net.json\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(2...2, usage: "save(net, \"net.json\")")
      let path = try c.interpreter.accessiblePath(try c.string(c.positional[1], "the file name"), at: c.positional[1].range)
      let text: String?
      switch c.positional[0].value {
      case .network(let box): text = JSONFiles.network(box.network)
      case .gradient(let g): text = JSONFiles.gradient(g.gradient)
      case .dataset(let d): text = try c.wrap { () throws(CoreError) in try d.csvText() }
      case .custom(let custom):
        do throws(Diagnostic) {
          text = try custom.savedText(path: path)
        } catch {
          // A kind that cannot be saved under this name: point at the name.
          throw Diagnostic(error.message, at: error.range ?? c.positional[1].range, hint: error.hint)
        }
      default: text = nil
      }
      guard let text else {
        throw Diagnostic("save cannot write \(c.positional[0].value.aKind)", at: c.positional[0].range,
          hint: "save writes networks and gradients as JSON, datasets as CSV, and plots as SVG")
      }
      do throws(Diagnostic) {
        try FileWriting.writeAtomically(text, to: path)
      } catch {
        throw Diagnostic(error.message, at: c.positional[1].range, hint: error.hint)
      }
      return .nothing
    },
    Builtin(
      "load", .files, signature: "load(\"file.json\")",
      summary: "reads a network saved as vanish.network/1",
      example: "save(dense(2, 1), \"/tmp/vanish-help-net.json\"); load(\"/tmp/vanish-help-net.json\")"
    ) { (c: inout CallContext) throws(Diagnostic) in
      try c.requireCount(1...1, usage: "load(\"net.json\")")
      let name = try c.string(c.positional[0], "the file name")
      let path = try c.interpreter.accessiblePath(name, at: c.positional[0].range)
      do throws(Diagnostic) {
        let data = try FileWriting.read(path)
        let net = try JSONFiles.readNetwork(data, file: name)
        if let warning = Numerics.loadWarning(net, file: name) { c.interpreter.output(warning) }
        return .network(NetworkBox(net))
      } catch {
        throw Diagnostic(error.message, at: c.positional[0].range, hint: error.hint)
      }
    },
  ]
}

extension Interpreter {
  /// A relative path is taken from the working directory of the session.
  func resolvePath(_ path: String) -> String {
    if path.isEmpty || path.hasPrefix("/") { return path }
    if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
      return home + path.dropFirst(1)
    }
    guard let dir = workingDirectory else { return path }
    return dir + "/" + path
  }
}
