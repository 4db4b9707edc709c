import Foundation
import Testing

/// The real `vanish` binary in a real terminal: a tmux session on its own server socket,
/// driven with send-keys and read with capture-pane.
final class Terminal {
  let socket = "vanish-test-\(UUID().uuidString.prefix(8))"
  let session = "T"
  let stateHome: URL

  /// Starts `vanish` with a private history location (XDG_STATE_HOME) unless one is given.
  init(arguments: [String] = [], stateHome: URL? = nil, width: Int = 120, height: Int = 40) throws {
    self.stateHome = try stateHome ?? FileManager.default.url(
      for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
    try start(arguments: arguments, width: width, height: height)
  }

  private func start(arguments: [String], width: Int, height: Int) throws {
    let command = (["env", "XDG_STATE_HOME=\(stateHome.path)", "NO_COLOR=1", "TERM=xterm-256color", vanishBinary.path] + arguments)
      .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    let (status, _) = Terminal.spawn(["tmux", "-L", socket, "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    if status != 0 { throw TerminalError.tmuxFailed }
  }

  /// Runs a program with posix_spawn and waits for it with waitpid, its output in a temporary
  /// file. (Foundation's Process is not used here: tmux leaves a server behind, and its client
  /// was sometimes left unreaped.)
  static func spawn(_ arguments: [String]) -> (status: Int32, output: String) {
    let outputPath = NSTemporaryDirectory() + "vanish-tmux-\(UUID().uuidString).out"
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // Nothing else is inherited: a tmux server outlives the test, and one that held the write
    // end of another test's pipe would keep that test waiting for the end of its output.
    // (glibc's posix_spawn_file_actions_addclosefrom_np is not visible from Swift; a close of a
    // descriptor that is gone by then is not an error for posix_spawn.)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
      if let fd = Int32(name), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
    }
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    // The test runner's threads block most signals, and a spawned process inherits the mask:
    // a tmux server that never sees SIGCHLD never reaps its pane and never exits. Start
    // with nothing blocked, as from a shell.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    guard posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ) == 0 else { return (-1, "") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    let exited = status & 0x7f == 0
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
  }

  /// Starts vanish again in the same terminal (after it exited), e.g. to see the history survive.
  func restart(arguments: [String] = []) throws {
    _ = Terminal.spawn(["tmux", "-L", socket, "kill-server"])
    try start(arguments: arguments, width: 120, height: 40)
  }

  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    Terminal.spawn(["tmux", "-L", socket] + arguments).output
  }

  /// Types keys: literal text, or tmux key names such as "Enter", "Tab", "Up", "C-c", "C-d".
  func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", session] + keys)
  }

  func type(_ text: String) throws {
    try tmux(["send-keys", "-t", session, "-l", text])
  }

  var screen: String {
    (try? tmux(["capture-pane", "-p", "-t", session])) ?? ""
  }

  /// The screen once `condition` holds, or nil after `timeout` seconds.
  func waitFor(timeout: Double = 15, _ condition: (String) -> Bool) -> String? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let s = screen
      if condition(s) { return s }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
  }

  /// capture-pane drops the spaces at the ends of lines; compare without them.
  static func trimmingLineEnds(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
      .joined(separator: "\n")
  }

  /// Waits until the screen contains `text` (line ends trimmed), or with `atEnd` until the
  /// screen's text ends with it (where the cursor is); records an issue with the screen if it
  /// never does.
  @discardableResult
  func expect(
    _ text: String, atEnd: Bool = false, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation
  ) -> String {
    let wanted = Terminal.trimmingLineEnds(text)
    let trimEnd = { (s: String) in s.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    let shows: (String) -> Bool = { screen in
      let trimmed = Terminal.trimmingLineEnds(screen)
      return atEnd ? trimEnd(trimmed).hasSuffix(trimEnd(wanted)) : trimmed.contains(wanted)
    }
    if let s = waitFor(timeout: timeout, shows) { return s }
    let s = screen
    Issue.record("the screen never showed \(text.debugDescription):\n\(s)", sourceLocation: sourceLocation)
    return s
  }

  /// True when the process in the pane has exited (the session is gone).
  var exited: Bool {
    Terminal.spawn(["tmux", "-L", socket, "has-session", "-t", session]).status != 0
  }

  enum TerminalError: Error { case tmuxFailed }

  deinit {
    _ = Terminal.spawn(["tmux", "-L", socket, "kill-server"])
  }
}
