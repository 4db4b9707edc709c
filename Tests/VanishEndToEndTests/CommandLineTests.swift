import Foundation
import Testing

/// The built `vanish` run as a user runs it: arguments in, output and exit status out.
@Suite struct CommandLineTests {
  @Test func repetitionPrintsAnEightRowSummary() throws {
    let r = try vanish(["-e", "net = dense(1,1,sigmoid)x8; net"])
    #expect(r.status == 0)
    let rows = r.stdout.split(separator: "\n").filter { $0.range(of: #"^\s+\d+\s+1→1\s+sigmoid\s+0\.25\s+2$"#, options: .regularExpression) != nil }
    #expect(rows.count == 8, "\(r.stdout)")
    #expect(r.stdout.contains("8 layers, 16 parameters"))
  }

  @Test func xAndX8AreNamesOutsideRepetition() throws {
    let r = try vanish(["-e", "x = [0.5]; x8 = 2; x8 * x"])
    #expect(r.stdout == "[1]\n")
    #expect(r.stderr == "")
    #expect(r.status == 0)
  }

  @Test func pipedInputRunsAsAScriptWithoutPrompts() throws {
    let r = try vanish([], stdin: "x = 2\nx * 3\n")
    #expect(r.stdout == "6\n")
    #expect(r.stderr == "")
    #expect(r.status == 0)
  }

  @Test func scriptErrorNamesFileLineAndColumnAndExitsOne() throws {
    let dir = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
    let file = dir.appendingPathComponent("bad.nn")
    try "x = 1\nnet = dense(784, 30, sigmoid x8\n".write(to: file, atomically: true, encoding: .utf8)
    let r = try vanish([file.path])
    #expect(r.status == 1)
    #expect(r.stdout == "")
    #expect(r.stderr == """
      error: \(file.path):2:32: expected ')' to close '(' opened at 2:12, found end of input
        net = dense(784, 30, sigmoid x8
                                       ^

      """)
  }

  @Test func everyParseErrorOfAFileIsReportedAndNothingRuns() throws {
    let dir = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
    let file = dir.appendingPathComponent("two.nn")
    try "shown = 1\nshown\nnet = dense(784, 30\nafter = 2\nx = {1, 2}\nafter\n".write(to: file, atomically: true, encoding: .utf8)
    let r = try vanish([file.path])
    #expect(r.status == 1)
    #expect(r.stdout == "", "a parse error anywhere means nothing runs")
    #expect(r.stderr == """
      error: \(file.path):3:20: expected ')' to close '(' opened at 3:12, found 'after' on line 4
        net = dense(784, 30
                           ^
        hint: an open bracket continues the statement onto the next line
      error: \(file.path):5:5: unexpected character '{'
        x = {1, 2}
            ^
        hint: vectors and matrices are written with square brackets: [1, 2]

      """)
  }

  @Test func runtimeErrorStopsTheScriptAfterEarlierOutput() throws {
    let r = try vanish(["-e", "1 + 1; sigmod(0); 3"])
    #expect(r.status == 1)
    #expect(r.stdout == "2\n")
    #expect(r.stderr == "error: 1:8: unknown name 'sigmod'; did you mean 'sigmoid'?\n  1 + 1; sigmod(0); 3\n         ^^^^^^\n")
  }

  @Test func shapeMismatchNamesBothLayers() throws {
    let r = try vanish(["-e", "dense(3, 4) -> dense(5, 2)"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("error: 1:1: layer 2 takes 5 inputs but layer 1 gives 4\n"))
  }

  @Test func missingFileIsAClearError() throws {
    let r = try vanish(["/nonexistent/script.nn"])
    #expect(r.status == 1)
    #expect(r.stderr == "error: cannot read /nonexistent/script.nn: no such file\n")
  }

  @Test func versionAndHelp() throws {
    let v = try vanish(["--version"])
    #expect(v.status == 0)
    #expect(v.stdout == "0.1.0\n")
    let h = try vanish(["--help"])
    #expect(h.status == 0)
    #expect(h.stdout.contains("USAGE: vanish [<file>] [-e <e>] [-i]"))
  }

  /// `save(g, ...)` writes vanish.gradient/1 that numpy reads back with the README's lines.
  @Test func numpyReadsASavedGradient() throws {
    let dir = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
    let r = try vanish(["-e", "net = dense(1,1,sigmoid,init=const(1),bias=const(0))x8; g = grad(net, [1], [0]); save(g, \"g.json\")"], directory: dir)
    #expect(r.status == 0, "\(r.stderr)")
    let python = """
      import json, numpy as np
      g = json.load(open("g.json"))
      dw = [np.array(layer["dw"]) for layer in g["layers"]]
      print(g["format"], len(dw), dw[0].shape, repr(float(dw[0][0, 0])))
      """
    let p = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", python], directory: dir)
    #expect(p.status == 0, "python3 with numpy is needed: \(p.stderr)")
    let words = p.stdout.split(separator: " ")
    #expect(words.prefix(4).joined(separator: " ") == "vanish.gradient/1 8 (1, 1)")
    // delta[1] of the chain, from mpmath at 50 digits: 3.63482420490485257377e-06.
    let dw = Double(words.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    #expect(abs(dw - 3.63482420490485257377e-06) <= 1e-15 * 3.6e-06, "\(p.stdout)")
  }
}
