import Foundation
import VanishCore

/// SIGINT sets the core's interrupt flag (long computations and the interpreter stop at their
/// next safe point; the line editor discards the line being typed). When a script runs
/// (not the REPL), a second SIGINT that comes before the first was acted on ends the process
/// at once with status 130: a computation that does not poll the flag (elementwise
/// arithmetic on 10^8 numbers) cannot keep a script from being stopped.
///
/// SIGPIPE keeps its default action: when the reader of standard output goes away
/// (`vanish script.nn | head -1`), vanish ends silently, as `cat` or `yes` do (the shell
/// reports status 141). Files are written to a temporary name and renamed, so this never
/// leaves a half-written file.
enum Signals {
  /// Set before the handler is installed, read inside it.
  nonisolated(unsafe) static var secondInterruptExits = false

  static func install(script: Bool) {
    secondInterruptExits = script
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      if Signals.secondInterruptExits && Interrupt.isRequested { _exit(130) }
      Interrupt.request()
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: a blocking read returns EINTR so the prompt can react
    sigaction(SIGINT, &action, nil)
    // A blocked signal never reaches the handler, and the mask is inherited: a parent that
    // blocks SIGINT (a test runner's Process, some supervisors) would make Ctrl-C do nothing,
    // and one that blocks SIGHUP and SIGTERM would leave vanish running after its terminal
    // closed. (Ignoring a signal, as nohup does, is kept: that is a choice, not an accident.)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    for signal in [SIGINT, SIGPIPE, SIGHUP, SIGTERM, SIGQUIT] { sigaddset(&unblocked, signal) }
    sigprocmask(SIG_UNBLOCK, &unblocked, nil)
    // An ignored SIGPIPE is inherited too (some runners ignore it): restore the default.
    signal(SIGPIPE, SIG_DFL)
  }
}
