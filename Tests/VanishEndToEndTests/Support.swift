import Foundation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The built `vanish` beside the test bundle (`swift build` puts both in .build/<config>).
let vanishBinary: URL = {
  if let path = ProcessInfo.processInfo.environment["VANISH_BINARY"] { return URL(fileURLWithPath: path) }
  var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = dir.appendingPathComponent("vanish")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    dir = dir.deletingLastPathComponent()
  }
  return repositoryRoot.appendingPathComponent(".build/debug/vanish")
}()

struct ProcessResult {
  var stdout: String
  var stderr: String
  var status: Int32
}

/// Runs a program to completion with the given standard input.
func runProcess(
  _ executable: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
  directory: URL? = nil
) throws -> ProcessResult {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let directory { process.currentDirectoryURL = directory }
  let out = Pipe()
  let err = Pipe()
  let input = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = input
  try process.run()
  if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
  try input.fileHandleForWriting.close()
  // Read both pipes to the end before waiting, so a large output cannot block the child.
  var outData = Data()
  var errData = Data()
  let group = DispatchGroup()
  let queue = DispatchQueue(label: "pipes", attributes: .concurrent)
  nonisolated(unsafe) var o = Data()
  nonisolated(unsafe) var e = Data()
  group.enter()
  queue.async {
    o = out.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  group.enter()
  queue.async {
    e = err.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  group.wait()
  outData = o
  errData = e
  process.waitUntilExit()
  return ProcessResult(
    stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
    status: process.terminationStatus)
}

func vanish(
  _ arguments: [String], stdin: String? = nil, directory: URL? = nil, environment extra: [String: String] = [:]
) throws -> ProcessResult {
  var env = ProcessInfo.processInfo.environment
  env["NO_COLOR"] = "1"
  env["COLUMNS"] = nil  // plots take the width of a terminal; transcripts use the default 80
  env.merge(extra) { _, new in new }
  return try runProcess(vanishBinary, arguments, stdin: stdin, environment: env, directory: directory)
}

/// OpenBLAS's kernel for the golden transcripts: Haswell's (AVX2 and FMA), which every x86-64
/// machine we test on has, so that a training run's rounding is the same on an AVX-512 machine
/// (whose own SkylakeX kernels sum in another order: 34.77% instead of 34.75% after an epoch of
/// samples/remedies.nn) as where the transcripts were written. `scripts/update-golden` uses the
/// same. Empty where the CPU lacks them (then OpenBLAS chooses).
let transcriptKernel: [String: String] = {
  let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
  return flags.contains("avx2") && flags.contains("fma") ? ["OPENBLAS_CORETYPE": "Haswell"] : [:]
}()
