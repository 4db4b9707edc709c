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

  /// `save` of a vector, a matrix, a path and a norms table as .csv and .json: numpy's loadtxt
  /// and Python's json read back the same Doubles, bit for bit, NaN and infinities included.
  @Test func numpyReadsSavedVectorsMatricesPathsAndNorms() throws {
    let dir = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
    let v = [0.1, 0.30000000000000004, -2.5, 1e-300, 123456789.125, 7, -0.0078125]
    let script = """
      v = [\(v.map { "\($0)" }.joined(separator: ", "))]; m = [v, [1, 2, 3, 4, 5, 6, 0.7]]
      save(v, "v.csv"); save(v, "v.json"); save(m, "m.csv"); save(m, "m.json")
      f(w1, w2) = 0.001*w1^2 + w2^2; p = descend(f, from=[1, 1], lr=0.5, steps=10)
      save(p, "p.csv"); save(p, "p.json"); p.values
      g = grad(dense(1, 1, sigmoid, init=const(1), bias=const(0)) x 8, [1], [0])
      save(norms(g), "n.csv"); save(norms(g), "n.json"); norms(g).delta
      """
    let r = try vanish(["-e", script], directory: dir)
    #expect(r.status == 0, "\(r.stderr)")
    // Long vectors wrap at 80 columns: a vector is everything from '[' to ']'.
    let joined = r.stdout.replacingOccurrences(of: ",\n", with: ", ").replacingOccurrences(of: "\n ", with: " ")
    let printed = joined.split(separator: "\n").map {
      $0.trimmingCharacters(in: .whitespaces).dropFirst().dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
    try #require(printed.count == 2 && printed[0].count == 11 && printed[1].count == 8, "\(r.stdout)")
    // Only a file brings NaN and infinities in: one as Python's json.dump writes them.
    try """
      {"format": "vanish.network/1", "layers": [{"in": 1, "out": 3, "activation": "linear",
        "w": [[NaN], [Infinity], [-Infinity]], "b": [0, 0, 0]}]}
      """.write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
    let w = try vanish(["-e", "w = load(\"bad.json\").w[1]; save(w, \"w.csv\"); save(w, \"w.json\")"], directory: dir)
    #expect(w.status == 0, "\(w.stderr)")

    let python = """
      import json, numpy as np
      out = {}
      out["v"] = np.loadtxt("v.csv", delimiter=",").tolist()
      out["vj"] = json.load(open("v.json"))
      out["m"] = np.loadtxt("m.csv", delimiter=",").tolist()
      out["mj"] = json.load(open("m.json"))
      p = np.loadtxt("p.csv", delimiter=",", skiprows=1)
      out["p_header"] = open("p.csv").readline().strip().split(",")
      out["p"] = p.tolist()
      pj = json.load(open("p.json"))
      out["pj"] = [pj["step"], pj["points"], pj["values"], pj["format"], pj["parameters"]]
      n = np.loadtxt("n.csv", delimiter=",", skiprows=1)
      out["n_header"] = open("n.csv").readline().strip().split(",")
      out["n"] = n.tolist()
      out["nj"] = json.load(open("n.json"))["delta"]
      out["w"] = [repr(float(x)) for x in np.loadtxt("w.csv", delimiter=",")]
      out["wj"] = [repr(x[0]) for x in json.load(open("w.json"))]
      print(json.dumps(out))
      """
    let p = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", python], directory: dir)
    #expect(p.status == 0, "python3 with numpy is needed: \(p.stderr)")
    struct Read: Decodable {
      let v, vj: [Double]
      let m, mj, p, n: [[Double]]
      let p_header, n_header, w, wj: [String]
      let nj: [Double]
      let pj: [Entry]
      enum Entry: Decodable {
        case ints([Int]), rows([[Double]]), numbers([Double]), text(String), names([String])
        init(from decoder: Decoder) throws {
          let c = try decoder.singleValueContainer()
          if let x = try? c.decode([Int].self) { self = .ints(x) }
          else if let x = try? c.decode([[Double]].self) { self = .rows(x) }
          else if let x = try? c.decode([Double].self) { self = .numbers(x) }
          else if let x = try? c.decode(String.self) { self = .text(x) }
          else { self = .names(try c.decode([String].self)) }
        }
      }
    }
    let read = try JSONDecoder().decode(Read.self, from: Data(p.stdout.utf8))
    #expect(read.v == v && read.vj == v)
    #expect(read.m == [v, [1, 2, 3, 4, 5, 6, 0.7]] && read.mj == read.m)
    // The path: w1 <- w1 - 0.5*(0.002*w1) each step, w2 is 0 after the first.
    var w1 = 1.0
    var points = [[1.0, 1.0]]
    for _ in 1...10 {
      w1 -= 0.5 * (0.002 * w1)
      points.append([w1, 0])
    }
    #expect(read.p_header == ["step", "w1", "w2", "f"])
    #expect(read.p == points.enumerated().map { [Double($0.offset)] + $0.element + [printed[0][$0.offset]] })
    guard read.pj.count == 5, case .ints(let steps) = read.pj[0], case .rows(let jsonPoints) = read.pj[1],
      case .numbers(let values) = read.pj[2], case .text(let format) = read.pj[3]
    else {
      Issue.record("p.json: \(read.pj)")
      return
    }
    #expect(steps == Array(0...10) && jsonPoints == points && values == printed[0] && format == "vanish.path/1")
    #expect(read.n_header == ["layer", "delta", "dw_fro", "dw_2", "bound", "bound_tight", "dw_bound", "saturated"])
    #expect(read.n.map { $0[0] } == (1...8).map(Double.init))
    #expect(read.n.map { $0[1] } == printed[1] && read.nj == printed[1])
    #expect(read.w == ["nan", "inf", "-inf"] && read.wj == ["nan", "inf", "-inf"])
  }
}
