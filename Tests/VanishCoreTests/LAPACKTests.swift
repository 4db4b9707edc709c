import Foundation
import Testing
@testable import VanishCore

/// The LAPACK wrappers (`checkedSingularValues`, `symmetricEigenvalues`) against numpy's
/// `linalg.svd(compute_uv=False)` and `linalg.eigvalsh`, run by python3 on the same matrices:
/// random Gaussian ones of every size 1..50, square and not, each value to 1e-12 relative.
/// numpy brings its own OpenBLAS (its wheel's), so the two sides share the algorithms (dgesdd,
/// dsyevd) but not the build, the kernels or the version.
@Suite struct LAPACKTests {
  /// The matrices: square n×n for n = 1...50, then 40 random shapes up to 50×50, then a few
  /// that are special (rank one, a column, a row, tiny and huge scales).
  static let general: [Matrix] = {
    var rng = SeededGenerator(seed: 2024)
    var ms: [Matrix] = []
    for n in 1...50 { ms.append(Initializer.gaussian(mean: 0, std: 1).weights(out: n, in: n, using: &rng)) }
    for _ in 0..<40 {
      let r = Int(rng.next() % 50) + 1
      let c = Int(rng.next() % 50) + 1
      ms.append(Initializer.gaussian(mean: 0, std: 1).weights(out: r, in: c, using: &rng))
    }
    ms.append(Initializer.gaussian(mean: 0, std: 1).weights(out: 50, in: 1, using: &rng))
    ms.append(Initializer.gaussian(mean: 0, std: 1).weights(out: 1, in: 50, using: &rng))
    ms.append(Initializer.gaussian(mean: 0, std: 1e-300).weights(out: 7, in: 5, using: &rng))
    ms.append(Initializer.gaussian(mean: 0, std: 1e300).weights(out: 5, in: 7, using: &rng))
    return ms
  }()

  /// Symmetric matrices, exactly: the upper triangle of a Gaussian one mirrored, for n =
  /// 1...50, and B^T B (positive semi-definite, rank 3) of a 3×12 B.
  static let symmetric: [Matrix] = {
    var rng = SeededGenerator(seed: 77)
    var ms: [Matrix] = []
    for n in 1...50 {
      var m = Initializer.gaussian(mean: 0, std: 1).weights(out: n, in: n, using: &rng)
      for i in 0..<n { for j in 0..<i { m[i, j] = m[j, i] } }
      ms.append(m)
    }
    let b = Initializer.gaussian(mean: 0, std: 1).weights(out: 3, in: 12, using: &rng)
    var gram = b.transposed.matmul(b)
    for i in 0..<12 { for j in 0..<i { gram[i, j] = gram[j, i] } }
    ms.append(gram)
    return ms
  }()

  static func json(_ ms: [Matrix]) -> String {
    "[" + ms.map { m in "[" + m.rowArrays.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]" }
      .joined(separator: ",") + "]"
  }

  /// numpy's answers: for each matrix its singular values (or eigenvalues) as Python's repr.
  static func numpy() throws -> (svd: [[Double]], eig: [[Double]]) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanish-lapack-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "{\"svd\": \(json(general)), \"eig\": \(json(symmetric))}".write(
      to: dir.appendingPathComponent("in.json"), atomically: true, encoding: .utf8)
    let python = """
      import json, numpy as np
      d = json.load(open("in.json"))
      out = {"svd": [np.linalg.svd(np.array(m, dtype=float), compute_uv=False).tolist() for m in d["svd"]],
             "eig": [np.linalg.eigvalsh(np.array(m, dtype=float)).tolist() for m in d["eig"]]}
      json.dump(out, open("out.json", "w"))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", python]
    process.currentDirectoryURL = dir
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with numpy is needed")
    struct Out: Decodable { let svd, eig: [[Double]] }
    let out = try JSONDecoder().decode(Out.self, from: Data(contentsOf: dir.appendingPathComponent("out.json")))
    return (out.svd, out.eig)
  }

  /// The largest |ours - numpy's| / |numpy's| over the values of one matrix (the size of
  /// the largest value where numpy's is 0).
  static func relativeError(_ ours: [Double], _ theirs: [Double]) -> Double {
    let top = theirs.map(abs).max() ?? 0
    return zip(ours, theirs).map { abs($0 - $1) / (abs($1) > 0 ? abs($1) : top) }.max() ?? 0
  }

  @Test func singularValuesAndEigenvaluesEqualNumpys() throws {
    let (svd, eig) = try LAPACKTests.numpy()
    try #require(svd.count == LAPACKTests.general.count && eig.count == LAPACKTests.symmetric.count)
    var worstSVD = 0.0
    for (m, theirs) in zip(LAPACKTests.general, svd) {
      let ours = try m.checkedSingularValues()
      #expect(ours.count == min(m.rows, m.cols))
      #expect(ours == ours.sorted(by: >))
      let e = LAPACKTests.relativeError(ours, theirs)
      worstSVD = max(worstSVD, e)
      #expect(e <= 1e-12, "\(m.rows)×\(m.cols): \(ours) vs numpy's \(theirs)")
    }
    var worstEig = 0.0
    for (m, theirs) in zip(LAPACKTests.symmetric, eig) {
      let ours = try m.symmetricEigenvalues()
      #expect(ours == ours.sorted())
      // The rank-3 Gram matrix has 9 eigenvalues that are 0 up to rounding: relative to the
      // largest there.
      let e = m.rows == 12 ? zip(ours, theirs).map { abs($0 - $1) }.max()! / theirs.last! : LAPACKTests.relativeError(ours, theirs)
      worstEig = max(worstEig, e)
      #expect(e <= 1e-12, "\(m.rows)×\(m.cols): \(ours) vs numpy's \(theirs)")
    }
    print("largest relative difference from numpy: svd \(worstSVD), eigvalsh \(worstEig)")
  }

  @Test func knownValues() throws {
    // Diagonal: exact, and sorted.
    #expect(try Matrix(rowArrays: [[3, 0], [0, -4]]).checkedSingularValues() == [4, 3])
    #expect(try Matrix(rowArrays: [[2, 0], [0, -1]]).symmetricEigenvalues() == [-1, 2])
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    let e = try Matrix(rowArrays: [[2, 1], [1, 2]]).symmetricEigenvalues()
    #expect(abs(e[0] - 1) <= 4e-16 && abs(e[1] - 3) <= 1e-15, "\(e)")
    // Zero and empty matrices; tiny scales stay exact.
    #expect(try Matrix(rows: 2, cols: 3).checkedSingularValues() == [0, 0])
    #expect(try Matrix(rows: 0, cols: 3).checkedSingularValues() == [])
    #expect(try Matrix(rowArrays: [[1e-300, 0], [0, 2e-300]]).checkedSingularValues() == [2e-300, 1e-300])
    #expect(try Matrix(rowArrays: [[5e-324]]).checkedSingularValues() == [5e-324])
    #expect(try Matrix(rowArrays: [[1e308, 0], [0, -1e308]]).symmetricEigenvalues() == [-1e308, 1e308])
    // NaN and infinities are answered without LAPACK.
    #expect(try Matrix(rowArrays: [[.infinity, 0], [0, 1]]).checkedSingularValues().map(\.description) == ["inf", "nan"])
    #expect(try Matrix(rowArrays: [[.nan, 0], [0, 1]]).checkedSingularValues().allSatisfy(\.isNaN))
    #expect(throws: CoreError.self) { try Matrix(rows: 2, cols: 3).symmetricEigenvalues() }
  }

  @Test func asymmetry() {
    #expect(Matrix(rowArrays: [[1, 2], [2, 1]]).largestAsymmetry == nil)
    let a = Matrix(rowArrays: [[1, 2, 3], [2, 1, 0], [3.5, 0, 1]]).largestAsymmetry
    #expect(a?.row == 0 && a?.col == 2 && a?.difference == 0.5)
  }
}
