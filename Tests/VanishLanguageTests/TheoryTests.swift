import Foundation
import Testing
import VanishCore
@testable import VanishLanguage

/// The theory tools through the language: `svd`, `eig` and `cond` on known matrices, `jacobian`
/// against central differences taken in the language and against the core, `spectrum` against
/// `svd(jacobian(...))`, and the table it prints. (The core's tests compare the LAPACK wrappers
/// with numpy and the Jacobians with differences and the product of layer Jacobians.)
@Suite struct TheoryTests {
  func output(_ source: String, session: Session = Session()) -> String {
    let r = run(source, session: session)
    #expect(r.err == "", "\(source)\n\(r.err)")
    return r.out
  }

  @Test func matrices() {
    #expect(output("svd([[3, 0], [0, -4]])") == "[4, 3]")
    #expect(output("svd([[1, 2, 3]])") == "[3.7416573867739413]")  // sqrt(14)
    #expect(output("svd([[1], [2], [3]])") == "[3.7416573867739413]")
    #expect(output("svd(zeros(2, 3))") == "[0, 0]")
    #expect(output("eig([[2, 0], [0, -1]])") == "[-1, 2]")
    #expect(output("eig([[0, 1], [1, 0]])") == "[-1, 1]")
    #expect(output("cond([[1, 0], [0, 1e-3]])") == "1000")
    #expect(output("cond([[5]])") == "1")
    // Symmetric to rounding is symmetric: 1e-13 apart on a matrix of 1s.
    #expect(output("eig([[1, 1 + 1e-13], [1, 1]])").hasPrefix("[-4.99"))
    // norm is the largest singular value, cond the largest over the smallest.
    #expect(output("m = [[1, 2], [3, 4], [5, 6]]; s = svd(m); norm(m) - s[1]; cond(m) - s[1] / s[2]") == "0\n0")
    // eig(m' @ m) are the squares of svd(m), smallest first.
    let squares = output("m = [[1, 2], [3, 4]]; s = svd(m); e = eig(m' @ m); e[2] / s[1]^2; e[1] / s[2]^2")
      .split(separator: "\n").map { Double($0)! }
    #expect(squares.allSatisfy { abs($0 - 1) < 1e-14 }, "\(squares)")
  }

  static let network = """
    seed(3)
    net = dense(3, 4, tanh) -> residual(dense(4, 4, tanh) -> layernorm(4)) -> dense(4, 2, sigmoid)
    x = [0.3, -0.2, 0.5]
    """

  /// jacobian(net, x) against the differences (net(x + h e_k) - net(x - h e_k)) / 2h that the
  /// language itself takes, and bit for bit against the core's Network.jacobians.
  @Test func jacobianEqualsDifferencesAndTheCore() throws {
    let session = Session()
    let relative = output(
      TheoryTests.network + """

        e = eye(3); h = 1e-5
        d(k) = (net(x + h*e[k]) - net(x - h*e[k])) / (2*h)
        D = [d(1), d(2), d(3)]
        J = jacobian(net, x)
        frobenius(J' - D) / frobenius(D)
        """, session: session)
    #expect(Double(relative)! < 1e-9, "\(relative)")
    guard case .network(let box) = try #require(session.interpreter.globals["net"]),
      case .matrix(let j) = try #require(session.interpreter.globals["J"])
    else { throw Diagnostic("net and J") }
    let core = try box.network.jacobians(at: [0.3, -0.2, 0.5])
    #expect(j == core[0])
    #expect(output("frobenius(jacobian(net, x, from=0) - J); shape(jacobian(net, x, from=2)); shape(J)", session: session) == "0\n[2, 4]\n[2, 3]")
    for l in 1...3 {
      _ = output("Jl = jacobian(net, x, from=\(l))", session: session)
      guard case .matrix(let m) = try #require(session.interpreter.globals["Jl"]) else { throw Diagnostic("a matrix") }
      #expect(m == core[l])
    }
  }

  @Test func spectrumIsTheSingularValuesOfTheJacobians() throws {
    let session = Session()
    _ = output(TheoryTests.network + "\ns = spectrum(net, x)", session: session)
    for l in 0...3 {
      let check = output(
        "t = svd(jacobian(net, x, from=\(l))); s.max[\(l + 1)] - t[1]; s.min[\(l + 1)] - t[shape(t)[1]]", session: session)
      #expect(check == "0\n0", "a[\(l)]: \(check)")
      // rms is computed as the norm over sqrt(count): equal to rounding.
      let rms = output("abs(s.rms[\(l + 1)] / sqrt(mean(t^2)) - 1)", session: session)
      #expect(Double(rms)! <= 4e-16, "a[\(l)]: \(rms)")
    }
  }

  @Test func spectrumTable() {
    let text = output("""
      net = dense(2, 2, linear, bias=const(0)) x 2; net.w[1] = [[2, 0], [0, 0.5]]; net.w[2] = [[1, 0], [0, 3]]
      s = spectrum(net, [1, 1]); s; s.max; s.min; s.rms
      """)
    #expect(text == """
      from  units  largest  smallest      rms  singular values, log scale 1e0..1e1
      a[0]      2        2       1.5  1.76777      ███▎
      a[1]      2        3         1  2.23607  ███████████▌
      singular values of d a[2] / d a[l], min(2, units) of them; the bar spans the smallest to the largest
      d a[2] / d a[0]: singular values 1.5 to 2 (cond 1.33333): all within a factor of 2 of 1, near dynamical isometry
      [2, 3]
      [1.5, 1]
      [1.7677669529663687, 2.23606797749979]
      """)
    // A sigmoid chain: every singular value far below 1, and said so.
    let chain = output("spectrum(mlp([8, 8, 8, 8, 8, 8], sigmoid), ones(8))")
    #expect(chain.hasSuffix(": all below 1, the gradient shrinks in every direction towards the input"), "\(chain)")
    // A layer of dead relu units: nothing of the input reaches the output.
    #expect(output("spectrum(dense(3, 1, relu, bias=const(-100)), [1, 1, 1])").hasSuffix(
      "d a[1] / d a[0] is 0: nothing of the input reaches the output"))
  }

  @Test func helpListsTheTheoryTools() {
    let overview = Help.text(for: nil, interpreter: Interpreter())
    #expect(overview.contains("Theory tools:\n  svd "))
    for name in ["svd", "eig", "cond", "jacobian", "spectrum"] {
      #expect(Builtins.named(name)?.group == .theory)
    }
  }
}
