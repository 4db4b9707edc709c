import Foundation

/// Runs a program to its end; its standard output, the wall time and its exit status.
func run(_ arguments: [String], environment: [String: String]? = nil) -> (output: String, seconds: Double, status: Int32) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments = arguments
  if let environment { p.environment = environment }
  let pipe = Pipe()
  p.standardOutput = pipe
  let start = DispatchTime.now()
  do { try p.run() } catch { return ("", 0, -1) }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (String(decoding: data, as: UTF8.self), elapsed(since: start), p.terminationStatus)
}

/// Wall time of one run of a program, started with posix_spawn (less overhead than Process).
func spawnSeconds(_ arguments: [String]) -> Double? {
  var pid = pid_t()
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  defer { posix_spawn_file_actions_destroy(&actions) }
  let argv = arguments.map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  let start = DispatchTime.now()
  guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return nil }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  return status == 0 ? elapsed(since: start) : nil
}
