// vanish-bench: the workloads of issues 7 and 15 with vanish and, where python3 with numpy is
// present, with the peers in bench/peers.py, in one run; W1's whole `train` call as the language
// makes it; then the start-up time of `vanish -e '1'`.
//
//   vanish-bench                 everything, each implementation in its own process (so that
//                                each has its own peak memory), peers included; prints the table
//                                and the targets
//   vanish-bench w1|w2|w3|w4|w5  one workload with vanish, three runs; prints its RESULT line
//   vanish-bench calls           W1's train calls and its training loop alone (TrainCall.swift)
//   vanish-bench check           whether W5's numpy peer computes what vanish does (Check.swift);
//                                exits with 1 when it does not
//
// Run it from the repository (scripts/bench does): peers are found at bench/peers.py, the
// vanish executable next to this one. Fashion-MNIST is read from /usr/share/datasets.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
do {
  switch arguments.first {
  case nil: driver()
  case "w1": print(try TrainingWorkload.w1.run().line)
  case "w2": print(try TrainingWorkload.w2.run().line)
  case "w3": print(try TrainingWorkload.w3.run().line)
  case "w4": print(try chainWorkload().line)
  case "w5": print(try TrainingWorkload.w5.run().line)
  case "calls": for r in try TrainCalls.run() { print(r.line) }
  case "check": if try !check(peers: "bench/peers.py") { exit(1) }
  default:
    FileHandle.standardError.write(Data("usage: vanish-bench [w1|w2|w3|w4|w5|calls|check]\n".utf8))
    exit(2)
  }
} catch {
  FileHandle.standardError.write(Data("vanish-bench: \(error)\n".utf8))
  exit(1)
}
