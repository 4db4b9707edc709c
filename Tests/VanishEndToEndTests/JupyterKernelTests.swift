import Foundation
import Testing

/// The Jupyter kernel (jupyter/vanish_kernel) over this build's `vanish --machine`: its Python
/// tests through jupyter_client, and samples/tour.ipynb executed with nbclient. They need
/// ipykernel, jupyter_client, nbclient and nbformat (scripts/setup installs them).
@Suite(.serialized) struct JupyterKernelTests {
  static let jupyter = repositoryRoot.appendingPathComponent("jupyter")

  /// python3 with this checkout's kernel importable and the binary under test to run; stopped
  /// after 20 minutes (the Python tests' own timeouts are shorter) so that nothing can hang the suite.
  func python(_ arguments: [String], directory: URL) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment.merging(transcriptKernel) { _, kernel in kernel }
    environment["VANISH_BINARY"] = vanishBinary.path
    environment["PYTHONPATH"] = Self.jupyter.path
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    environment["NO_COLOR"] = "1"
    environment["COLUMNS"] = nil
    return try runProcess(
      URL(fileURLWithPath: "/usr/bin/env"), ["timeout", "--kill-after=10", "1200", "python3"] + arguments,
      environment: environment, directory: directory)
  }

  func requireJupyter() throws {
    let r = try python(["-c", "import ipykernel, jupyter_client, nbclient, nbformat"], directory: repositoryRoot)
    try #require(
      r.status == 0, "python3 lacks the Jupyter libraries (scripts/setup installs them):\n\(r.stderr)")
  }

  /// Cells with a network, norms(grad(...)), a plot as SVG, completion of `sigm`, inspection of
  /// `dense`, interrupts of a descent and of a training (with its progress display), an error
  /// after which the variables are still there, bad input, :quit and a crash of vanish.
  @Test func theKernelAnswersThroughJupyterClient() throws {
    try requireJupyter()
    let r = try python(["-m", "unittest", "-v", "test_kernel"], directory: Self.jupyter.appendingPathComponent("tests"))
    #expect(r.status == 0, "jupyter/tests/test_kernel.py failed:\n\(r.stderr)\n\(r.stdout)")
    #expect(r.stderr.contains("\nOK\n"), "\(r.stderr)")
  }

  /// The tour as a notebook, executed: its outputs' text (each value's text/plain, the streams)
  /// is the tour's transcript, compared as SampleTranscriptTests compares the script's.
  @Test func theTourNotebookGivesTheTourTranscript() throws {
    try requireJupyter()
    let r = try python(
      [Self.jupyter.appendingPathComponent("tests/run_notebook.py").path, "samples/tour.ipynb"], directory: repositoryRoot)
    try #require(r.status == 0, "executing samples/tour.ipynb failed:\n\(r.stderr)")
    let golden = try String(contentsOf: repositoryRoot.appendingPathComponent("samples/tour.out"), encoding: .utf8)
    let got = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let want = golden.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(got.count == want.count, "the notebook's outputs have \(got.count) lines, samples/tour.out \(want.count)")
    if let first = zip(got, want).enumerated().first(where: { !SampleTranscriptTests.sameLine($0.element.0, $0.element.1) }) {
      Issue.record("the notebook's outputs differ from samples/tour.out at line \(first.offset + 1):\n got: \(first.element.0)\nwant: \(first.element.1)")
    }
  }

  /// samples/tour.ipynb is samples/tour.nn as `python3 -m vanish_kernel notebook` makes it
  /// (scripts/update-golden remakes it), so the notebook cannot drift from the tour.
  @Test func theTourNotebookIsTheTour() throws {
    try requireJupyter()
    let r = try python(["-m", "vanish_kernel", "notebook", "samples/tour.nn"], directory: repositoryRoot)
    try #require(r.status == 0, "\(r.stderr)")
    let checkedIn = try String(contentsOf: repositoryRoot.appendingPathComponent("samples/tour.ipynb"), encoding: .utf8)
    #expect(r.stdout == checkedIn, "samples/tour.ipynb is not samples/tour.nn's notebook: run scripts/update-golden")
  }
}
