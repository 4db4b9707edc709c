import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// Statements in, printed values out, as a user sees them.
@Suite struct InterpreterTests {
  @Test(arguments: [
    ("1 + 2 * 3", "7"),
    ("2 ^ 3 ^ 2", "512"),
    ("-2 ^ 2", "-4"),
    ("1 / 3", "0.3333333333333333"),
    ("1e-30 * 1e-10", "1.0000000000000001e-40"),
    ("[1, 2] + [3, 4]", "[4, 6]"),
    ("2 * [1, 2]", "[2, 4]"),
    ("[1, 2] @ [3, 4]", "11"),
    ("[[1, 2], [3, 4]] @ [[1, 0], [0, 1]]", "[[1, 2],\n [3, 4]]"),
    ("[[1, 2, 3]]'", "[[1],\n [2],\n [3]]"),
    ("[1, 2]'", "[[1, 2]]"),
    ("sigmoid(0)", "0.5"),
    ("sigmoid([0, 0])", "[0.5, 0.5]"),
    ("d(sigmoid)(0)", "0.25"),
    ("d(tanh)(0)", "1"),
    ("d(relu)(0)", "0"),
    ("leaky_relu(-1)", "-0.01"),
    ("gamma(sigmoid)", "0.25"),
    ("gamma(tanh)", "1"),
    ("softplus(0)", "0.6931471805599453"),
    ("x = [0.5]; x8 = 2; x8 * x", "[1]"),
    ("v = [1, 2, 3]; v[2] = 7; v", "[1, 7, 3]"),
    ("v = [1, 2, 3, 4]; v[2:3]", "[2, 3]"),
    ("f(a, b) = a * b + 1; f(2, 3)", "7"),
    ("f(a, b) = a * b + 1; f(b=2, a=3)", "7"),
    ("norm([3, 4])", "5"),
    ("shape([[1, 2, 3], [4, 5, 6]])", "[2, 3]"),
    ("zeros(2)", "[0, 0]"),
    ("net = dense(1,1,sigmoid,init=const(1),bias=const(0))x3; net([0])", "[0.6507776782147005]"),
    ("net = dense(2,1,linear,init=const(1),bias=const(0)); net([[1, 2], [3, 4]])", "[[3],\n [7]]"),
    ("net = dense(1,1)x4; net.depth", "4"),
    ("net = mlp([3, 5, 2], tanh); net.sizes", "[3, 5, 2]"),
    ("net = dense(1,1,init=const(1))x2; net.w[2] = [[2.5]]; net.w[2]", "[[2.5]]"),
    ("net = dense(1,1,init=const(1))x2; net.b[1] = 3; net.b", "[1] [3]\n[2] [0]"),
    ("a = dense(1,1,init=const(1)); b = a; b.w[1] = 5; a.w[1]", "[[5]]"),
    ("a = dense(1,1,init=const(1)); b = copy(a); b.w[1] = 5; a.w[1]", "[[1]]"),
    ("g = grad(dense(1,1,sigmoid,init=const(1),bias=const(0))x8, [1], [0]); g.a[0]", "[1]"),
    ("g = grad(dense(1,1,sigmoid,init=const(1),bias=const(0))x8, [1], [0]); g.delta[8]", "[0.1480905480948644]"),
    ("g = grad(dense(1,1,sigmoid,init=const(1),bias=const(0))x8, [1], [0]); g.cost", "0.21717221234334091"),
    ("net = dense(2,1,sigmoid,init=const(0),bias=const(0)); g = grad(net, dataset([[1, 1], [2, 2]], [[1], [0]])); g.examples", "2"),
    ("trace(dense(1,1,linear,init=const(2),bias=const(1))x2, [1]).z", "[1] [3]\n[2] [7]"),
    ("seed(3); a = dense(2, 2).w[1]; seed(3); b = dense(2, 2).w[1]; a - b", "[[0, 0],\n [0, 0]]"),
  ])
  func evaluates(_ source: String, _ expected: String) {
    let r = run(source)
    #expect(r.err == "", "\(source)")
    #expect(r.out == expected, "\(source)")
  }

  @Test(arguments: [
    ("sigmod(0)", "error: 1:1: unknown name 'sigmod'; did you mean 'sigmoid'?"),
    ("[1, 2] + [1, 2, 3]", "error: 1:1: cannot apply '+' to vectors of lengths 2 and 3"),
    ("[[1, 2], [3]]", "error: 1:10: matrix rows must have the same length: row 1 has 2, row 2 has 1"),
    ("dense(3, 4) -> dense(5, 2)", "error: 1:1: layer 2 takes 5 inputs but layer 1 gives 4"),
    ("net = dense(1,1)x2; net.w[3]", "error: 1:27: index 3 is out of range for a list of 2 layers: valid indices are 1 to 2"),
    ("net = dense(2,3); net.w[1] = [[1, 2]]", "error: 1:19: w[1] must be a 3×2 matrix (layer 1 has 3 neurons and 2 inputs), not a matrix(1×2)"),
    ("net = dense(1,1); net.wieghts", "error: 1:19: a network has no field 'wieghts'"),
    ("net = dense(1,1); net.ww", "error: 1:19: a network has no field 'ww'; did you mean 'w'?"),
    ("dense(1, 1, sigmoid, int=xavier)", "error: 1:22: dense has no argument 'int'; did you mean 'init'?"),
    ("dense(1.5, 2)", "error: 1:7: the number of inputs must be a whole number from 1 to 100000000, not 1.5"),
    ("dense(0, 2)", "error: 1:7: the number of inputs must be a whole number from 1 to 100000000, not 0"),
    ("grad(dense(2, 1), [1], [0])", "error: 1:19: the network takes 2 inputs but x has 1"),
    ("grad(dense(1, 1, tanh), [1], [0], cost=cross_entropy)", "error: 1:1: cross_entropy needs outputs in (0, 1): the output layer must be sigmoid, not tanh"),
    ("3(1)", "error: 1:1: a number cannot be called"),
    ("f(a) = a; f(1, 2)", "error: 1:11: f takes 1 argument (a), got 2"),
    ("f(a) = f(a); f(1)", "error: 1:8: functions call each other more than 200 levels deep"),
    ("load(\"/nonexistent.json\")", "error: 1:6: cannot read /nonexistent.json: no such file"),
    ("save(3, \"/tmp/x.json\")", "error: 1:6: save cannot write a number"),
    ("dense(1, 1) x 2.5", "error: 1:15: repetition count must be a whole number from 1 to 10000, not 2.5"),
    ("3 x 2", "error: 1:1: repetition 'x 2' needs a layer or network, not a number"),
    ("dense(2, 3) x 2", "error: 1:1: cannot repeat a 2→3 network: its output (3) must match its input (2)"),
  ])
  func reportsErrors(_ source: String, _ expectedFirstLine: String) {
    let r = run(source)
    #expect(r.outcome == .failed, "\(source)")
    #expect(r.err.split(separator: "\n").first.map(String.init) == expectedFirstLine, "\(source)\n\(r.err)")
  }

  @Test func variablesSurviveAnError() {
    let session = Session()
    _ = run("keep = [1, 2]", session: session)
    let failed = run("keep = sigmod(1)", session: session)
    #expect(failed.outcome == .failed)
    #expect(run("keep", session: session).out == "[1, 2]")
    #expect(run(":vars", session: session).out == "name  kind\nkeep  vector(2)")
  }

  /// `ans` is the value of the last statement that gave one, as in Julia: an expression's
  /// (printed) or an assignment's (not printed).
  @Test(arguments: [
    ("2 + 3; ans * 10", "5\n50"),
    ("[1, 2]; ans + ans", "[1, 2]\n[2, 4]"),
    ("x = 3; ans + 1", "4"),
    ("v = [1, 2, 3]; v[2] = 7; ans", "7"),
    ("f(a) = a + 1; ans(2)", "3"),
    ("5; seed(1); ans", "5\n5"),
    ("f(a) = a * ans; 4; f(2)", "4\n8"),
  ])
  func ansIsTheLastValue(_ source: String, _ expected: String) {
    let r = run(source)
    #expect(r.err == "", "\(source)")
    #expect(r.out == expected, "\(source)")
  }

  @Test func aStatementThatFailsLeavesAnsAsItWas() {
    let session = Session()
    #expect(run("ans", session: session).err == """
      error: 1:1: unknown name 'ans'
        ans
        ^^^
        hint: ans is the value of the last statement; no statement has given one yet
      """)
    #expect(run("6 * 7", session: session).out == "42")
    #expect(run("1 / 0", session: session).outcome == .failed)
    #expect(run("y = sigmod(1)", session: session).outcome == .failed)
    #expect(run("ans", session: session).out == "42")
    // A script stops at its error: the statements before it set ans.
    #expect(run("1; 2; [1] + [1, 2]; 4", session: session).outcome == .failed)
    #expect(run("ans", session: session).out == "2")
    // ans is not one of your variables, and :reset forgets it.
    #expect(run(":vars", session: session).out == "no variables yet")
    _ = run(":reset", session: session)
    #expect(run("ans", session: session).outcome == .failed)
  }

  // MARK: - Printing large arrays and :digits

  @Test func moreThanAThousandNumbersPrintTheirCornersWithSixDigits() {
    #expect(run("eye(100) / 3").out == """
      [[0.333333,        0,        0, …,        0,        0,        0],
       [       0, 0.333333,        0, …,        0,        0,        0],
       [       0,        0, 0.333333, …,        0,        0,        0],
       [       …,        …,        …, …,        …,        …,        …],
       [       0,        0,        0, …, 0.333333,        0,        0],
       [       0,        0,        0, …,        0, 0.333333,        0],
       [       0,        0,        0, …,        0,        0, 0.333333]]
      (100×100 matrix)
      """)
    #expect(run("v = ones(1001) / 3; v[1] = 1; v[1001] = 2e-7; v").out
      == "[1, 0.333333, 0.333333, …, 0.333333, 0.333333, 2e-07]  (1001 elements)")
    // Only the long dimension is cut: two rows stay two rows.
    #expect(run("ones(2, 600) / 4").out == """
      [[0.25, 0.25, 0.25, …, 0.25, 0.25, 0.25],
       [0.25, 0.25, 0.25, …, 0.25, 0.25, 0.25]]
      (2×600 matrix)
      """)
  }

  @Test func aThousandNumbersOrFewerPrintExactlyOnLinesThatFit() throws {
    let r = run("ones(1000) / 3")
    #expect(!r.out.contains("…"))
    let lines = r.out.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 })
    #expect(r.out.components(separatedBy: "0.3333333333333333").count - 1 == 1000)
    #expect(lines.first?.hasPrefix("[0.3333333333333333, ") == true)
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" 0.3333333333333333") })
    // A row too wide continues under its first number, wrapped at the same columns in every row.
    #expect(run("ones(2, 6) / 3").out == """
      [[0.3333333333333333, 0.3333333333333333, 0.3333333333333333,
        0.3333333333333333, 0.3333333333333333, 0.3333333333333333],
       [0.3333333333333333, 0.3333333333333333, 0.3333333333333333,
        0.3333333333333333, 0.3333333333333333, 0.3333333333333333]]
      """)
    // In a list, a vector stays beside its label.
    #expect(run("net = dense(2, 8, init=const(1), bias=const(1/3)) -> dense(8, 1, init=const(1), bias=const(1/3)); net.b").out == """
      [1] [0.3333333333333333, 0.3333333333333333, 0.3333333333333333,
           0.3333333333333333, 0.3333333333333333, 0.3333333333333333,
           0.3333333333333333, 0.3333333333333333]
      [2] [0.3333333333333333]
      """)
    // Small arrays print as before.
    #expect(run("[[1, 2], [3, 4.5]]").out == "[[1,   2],\n [3, 4.5]]")
  }

  @Test func digitsSetsTheSignificantDigitsOfWhatIsPrinted() {
    let session = Session()
    #expect(run(":digits", session: session).out == "numbers print exactly (:digits exact)")
    #expect(run(":digits 4\n1/3\n[1/3, 2/3, 1e-9]\n[[1/3, 1], [2, 2/3]]\neye(100)[1][1] / 3", session: session).out == """
      0.3333
      [0.3333, 0.6667, 1e-09]
      [[0.3333,      1],
       [     2, 0.6667]]
      0.3333
      """)
    #expect(run(":digits", session: session).out == "numbers print with 4 significant digits")
    #expect(run("eye(100) / 3", session: session).out.hasPrefix("[[0.3333,      0,"))
    #expect(run(":digits exact\n1/3", session: session).out == "0.3333333333333333")
    let refused = run(":digits 0", session: session)
    #expect(refused.outcome == .failed)
    #expect(refused.err == """
      error: 1:1: ':digits' takes a number of significant digits from 1 to 17, or exact; not '0'
        :digits 0
        ^^^^^^^^^
        hint: :digits 4 prints 0.3333 for 1/3; :digits exact prints 0.3333333333333333
      """)
    #expect(run(":digits 18", session: session).outcome == .failed)
    #expect(run("1/3", session: session).out == "0.3333333333333333")
  }

  @Test func saveWritesEveryDigitWhatever_digitsSays() throws {
    let dir = try temporaryDirectory()
    let path = dir.appendingPathComponent("net.json").path
    let session = Session()
    let r = run(":digits 2\nseed(7); a = mlp([3, 4, 2], tanh); save(a, \"\(path)\"); b = load(\"\(path)\"); sum(abs(a.w[1] - b.w[1]))\na.w[1][1][1]", session: session)
    #expect(r.err == "")
    let printed = r.out.split(separator: "\n").map(String.init)
    #expect(printed.first == "0")
    #expect(printed.last?.count ?? 0 <= 5, "two digits: \(printed)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.range(of: #"-?0\.[0-9]{15,}"#, options: .regularExpression) != nil, "full precision in the file")
  }

  @Test func saveAndLoadRoundTripExactly() throws {
    let dir = try temporaryDirectory()
    let path = dir.appendingPathComponent("net.json").path
    let session = Session()
    let r = run("seed(7); a = mlp([3, 4, 2], tanh); save(a, \"\(path)\"); b = load(\"\(path)\"); a.w[1] - b.w[1]; a.b[2] - b.b[2]", session: session)
    #expect(r.err == "")
    #expect(r.out == "[[0, 0, 0],\n [0, 0, 0],\n [0, 0, 0],\n [0, 0, 0]]\n[0, 0]")
    // A broken file leaves a clear error naming it.
    try "{\"format\": \"vanish.network/1\", \"layers\": [{\"in\": 1}]}".write(toFile: dir.appendingPathComponent("bad.json").path, atomically: true, encoding: .utf8)
    let bad = run("load(\"\(dir.appendingPathComponent("bad.json").path)\")")
    #expect(bad.err.hasPrefix("error: 1:6: \(dir.appendingPathComponent("bad.json").path): missing \"out\" in layers[1]"), "\(bad.err)")
  }
}

/// Colour is for terminals only; the same table without it is plain text.
@Suite struct ColourTests {
  @Test func tablesAreColouredOnlyWhenAsked() throws {
    let g = try Network(layers: (0..<8).map { _ in Layer(w: Matrix(rows: 1, cols: 1, storage: [1]), b: [0], activation: .sigmoid) })
      .backprop(Matrix(column: [1]), Matrix(column: [0]), cost: .quadratic)
    let plain = NormsTable(g).rendered(colour: false)
    #expect(!plain.contains("\u{1B}["))
    #expect(run("norms(grad(dense(1,1,sigmoid,init=const(1),bias=const(0))x8, [1], [0]))").out == plain)
    let coloured = NormsTable(g).rendered(colour: true)
    #expect(coloured.contains("\u{1B}[1mlayer"))
    #expect(coloured.contains("\u{1B}[38;5;167m||delta[1]|| / ||delta[8]||"))
    #expect(coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == plain)
  }

  @Test func loadAndTimeCommands() throws {
    let dir = try temporaryDirectory()
    let file = dir.appendingPathComponent("part.nn")
    try "loaded = 40 + 2\n".write(to: file, atomically: true, encoding: .utf8)
    let session = Session()
    #expect(run(":load \(file.path)", session: session).outcome == .ok)
    #expect(run("loaded", session: session).out == "42")
    let timed = run(":time on\n1 + 1", session: session)
    #expect(timed.out.range(of: #"^2\n\([0-9.e-]+ s\)$"#, options: .regularExpression) != nil, "\(timed.out)")
    #expect(run(":time off\n2", session: session).out == "2")
    #expect(run(":reset\nloaded", session: session).err.hasPrefix("error: 2:1: unknown name 'loaded'"))
  }
}
