import Foundation
import Testing
@testable import VanishLanguage

/// `save` of vectors, matrices, paths, norms tables and traces: the files hold the same numbers,
/// bit for bit, and `csv` reads the CSV tables back.
@Suite struct SaveValueTests {
  /// A session working in a fresh directory, and that directory.
  func session() throws -> (Session, URL) {
    let dir = try temporaryDirectory()
    let s = Session()
    s.interpreter.workingDirectory = dir.path
    return (s, dir)
  }

  func rows(_ name: String, _ s: Session) throws -> [[Double]] {
    switch s.interpreter.lookup(name) {
    case .matrix(let m)?: return m.rowArrays
    case .vector(let v)?: return [v]
    case let other: throw Failure("\(name) is \(String(describing: other))")
    }
  }

  func vector(_ name: String, _ s: Session) throws -> [Double] {
    guard case .vector(let v)? = s.interpreter.lookup(name) else { throw Failure("\(name) is not a vector") }
    return v
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
  }

  /// Numbers whose shortest forms are long or unusual: they must come back as the same Doubles.
  static let awkward = "[0.1, 0.30000000000000004, -2.5, 1e-300, 123456789.125, 7, -0.0078125]"

  @Test func aMatrixIsARowALineThatCsvReadsBack() throws {
    let (s, dir) = try session()
    let r = run("m = [\(Self.awkward), [1, 2, 3, 4, 5, 6, 0.7]]; save(m, \"m.csv\"); d = csv(\"m.csv\"); x = d.inputs; y = d.targets", session: s)
    #expect(r.err == "" && r.out == "")
    let text = try String(contentsOf: dir.appendingPathComponent("m.csv"), encoding: .utf8)
    #expect(text == "0.1,0.30000000000000004,-2.5,1e-300,123456789.125,7,-0.0078125\n1,2,3,4,5,6,0.7\n")
    let (m, x, y) = (try rows("m", s), try rows("x", s), try rows("y", s))
    #expect(x == m.map { Array($0.dropLast()) })
    #expect(y == m.map { [$0.last!] })
  }

  @Test func aVectorIsOneNumberALine() throws {
    let (s, dir) = try session()
    #expect(run("v = \(Self.awkward); save(v, \"v.csv\"); save(v, \"v.json\")", session: s).err == "")
    let v = try vector("v", s)
    let csv = try String(contentsOf: dir.appendingPathComponent("v.csv"), encoding: .utf8)
    #expect(csv.split(separator: "\n").map { Double($0) } == v.map { Optional($0) })
    let json = try JSONDecoder().decode([Double].self, from: Data(contentsOf: dir.appendingPathComponent("v.json")))
    #expect(json == v)
  }

  /// A path: a header of the step, the parameters and f, then a row per kept point.
  @Test func aPathIsARowPerPointThatCsvReadsBackByItsHeader() throws {
    let (s, dir) = try session()
    let r = run(
      """
      loss(a, b) = 0.001*a^2 + b^2 + 0.1*a*b
      p = descend(loss, from=[1, 1], lr=0.3, steps=50, method=adam)
      save(p, "p.csv"); save(p, "p.json")
      d = csv("p.csv", target="loss"); x = d.inputs; y = d.targets; points = p.points; values = p.values
      """, session: s)
    #expect(r.err == "" && r.out == "", "\(r.err)")
    let text = try String(contentsOf: dir.appendingPathComponent("p.csv"), encoding: .utf8)
    #expect(text.hasPrefix("step,a,b,loss\n0,1,1,1.101\n1,"), "\(text.prefix(80))")
    let (points, values, x, y) = (try rows("points", s), try vector("values", s), try rows("x", s), try rows("y", s))
    #expect(points.count == 51)
    #expect(x == points.enumerated().map { [Double($0.offset)] + $0.element })
    #expect(y.map { $0[0] } == values)

    struct PathFile: Decodable {
      let format: String
      let function: String
      let parameters: [String]
      let method: String
      let lr: Double
      let steps: Int
      let stopped: String
      let step: [Int]
      let points: [[Double]]
      let values: [Double]
    }
    let file = try JSONDecoder().decode(PathFile.self, from: Data(contentsOf: dir.appendingPathComponent("p.json")))
    #expect(file.format == "vanish.path/1" && file.function == "loss" && file.parameters == ["a", "b"])
    #expect(file.method == "adam" && file.lr == 0.3 && file.steps == 50 && file.stopped == "it took the 50 steps allowed")
    #expect(file.step == Array(0...50) && file.points == points && file.values == values)
  }

  @Test func aNormsTableIsARowPerLayerWithItsFieldsAsColumns() throws {
    let (s, dir) = try session()
    let r = run(
      """
      seed(3); g = grad(mlp([3, 4, 4, 2], sigmoid), [1, 2, 3], [0, 1]); n = norms(g)
      save(n, "n.csv"); save(n, "n.json")
      d = csv("n.csv", target="delta"); x = d.inputs; y = d.targets
      delta = n.delta; fro = n.dw_fro; two = n.dw_2; bound = n.bound; tight = n.bound_tight
      dwbound = n.dw_bound; saturated = n.saturated
      """, session: s)
    #expect(r.err == "" && r.out == "", "\(r.err)")
    let text = try String(contentsOf: dir.appendingPathComponent("n.csv"), encoding: .utf8)
    // Its columns are its vector fields, in their order.
    #expect(text.hasPrefix("layer,delta,dw_fro,dw_2,bound,bound_tight,dw_bound,saturated\n1,"))
    let (delta, x, y) = (try vector("delta", s), try rows("x", s), try rows("y", s))
    #expect(y.map { $0[0] } == delta)
    let columns = try ["fro", "two", "bound", "tight", "dwbound", "saturated"].map { try vector($0, s) }
    let expected: [[Double]] = (0..<3).map { (l: Int) -> [Double] in [Double(l + 1)] + columns.map { $0[l] } }
    #expect(x == expected)

    // JSONDecoder, not JSONSerialization: Foundation's JSONSerialization on Linux may read a
    // long decimal one unit in the last place off.
    struct NormsFile: Decodable {
      let format: String
      let cost: String
      let examples: Int
      let layer: [Int]
      let delta: [Double]
      let bound_tight: [Double]
      let ratio: Double
    }
    let json = try JSONDecoder().decode(NormsFile.self, from: Data(contentsOf: dir.appendingPathComponent("n.json")))
    #expect(json.format == "vanish.norms/1" && json.cost == "quadratic" && json.examples == 1)
    #expect(json.layer == [1, 2, 3] && json.delta == delta && json.bound_tight == columns[3])
    #expect(json.ratio == delta[0] / delta[2])
  }

  /// A trace: the input and each layer's z and a, shaped as the fields are.
  @Test func aTraceIsSavedAsJSONWithEveryLayer() throws {
    let (s, dir) = try session()
    let r = run(
      """
      seed(2); net = dense(2, 3, sigmoid) -> dense(3, 1, tanh)
      save(trace(net, [1, 2]), "one.json"); save(trace(net, [[1, 2], [3, 4], [5, 6]]), "batch.json")
      t = trace(net, [[1, 2], [3, 4], [5, 6]]); z2 = t.z[2]; a1 = t.a[1]; z1 = trace(net, [1, 2]).z[1]
      """, session: s)
    #expect(r.err == "" && r.out == "", "\(r.err)")
    struct TraceFile<Shape: Decodable>: Decodable {
      struct Layer: Decodable {
        let layer: Int
        let activation: String
        let z: Shape
        let a: Shape
      }
      let format: String
      let examples: Int
      let input: Shape
      let layers: [Layer]
    }
    let one = try JSONDecoder().decode(TraceFile<[Double]>.self, from: Data(contentsOf: dir.appendingPathComponent("one.json")))
    #expect(one.format == "vanish.trace/1" && one.examples == 1 && one.input == [1, 2])
    #expect(one.layers.map(\.layer) == [1, 2] && one.layers.map(\.activation) == ["sigmoid", "tanh"])
    let (z1, z2, a1) = (try vector("z1", s), try rows("z2", s), try rows("a1", s))
    #expect(one.layers[0].z == z1)
    let batch = try JSONDecoder().decode(TraceFile<[[Double]]>.self, from: Data(contentsOf: dir.appendingPathComponent("batch.json")))
    #expect(batch.examples == 3 && batch.input == [[1, 2], [3, 4], [5, 6]])
    #expect(batch.layers[1].z == z2 && batch.layers[0].a == a1)
  }

  /// Only a file brings NaN and infinities in; saved again they are written as numpy writes
  /// them in CSV (nan, inf, -inf) and as Python's json in JSON (NaN, Infinity, -Infinity).
  @Test func nanAndInfinitiesAreWrittenAsNumpyAndPythonWriteThem() throws {
    let (s, dir) = try session()
    #expect(run("net = dense(1, 3, linear); net.w[1] = [[1], [2], [3]]; save(net, \"n.json\")", session: s).err == "")
    let file = dir.appendingPathComponent("n.json")
    try String(contentsOf: file, encoding: .utf8)
      .replacingOccurrences(of: "[1.0]", with: "[NaN]").replacingOccurrences(of: "[2.0]", with: "[Infinity]")
      .replacingOccurrences(of: "[3.0]", with: "[-Infinity]")
      .write(to: file, atomically: true, encoding: .utf8)
    let r = run("w = load(\"n.json\").w[1]; save(w, \"w.csv\"); save(w, \"w.json\")", session: s)
    #expect(r.err == "", "\(r.err)")
    #expect(try String(contentsOf: dir.appendingPathComponent("w.csv"), encoding: .utf8) == "nan\ninf\n-inf\n")
    #expect(try String(contentsOf: dir.appendingPathComponent("w.json"), encoding: .utf8) == "[\n  [NaN],\n  [Infinity],\n  [-Infinity]\n]\n")
  }

  @Test func theFileNameChoosesTheFormatAndAnyOtherIsAnErrorAtTheName() throws {
    let (s, dir) = try session()
    #expect(run("save([1, 2], \"V.CSV\"); save([[1, 2]], \"M.Json\")", session: s).err == "")
    #expect(try String(contentsOf: dir.appendingPathComponent("V.CSV"), encoding: .utf8) == "1\n2\n")
    #expect(try String(contentsOf: dir.appendingPathComponent("M.Json"), encoding: .utf8) == "[\n  [1.0, 2.0]\n]\n")
    let r = run("save([1, 2], \"v.npy\")", session: s)
    #expect(r.err.hasPrefix("error: 1:14: save writes a vector as .csv or .json, not .npy\n  save([1, 2], \"v.npy\")\n               ^^^^^^^"), "\(r.err)")
  }
}
