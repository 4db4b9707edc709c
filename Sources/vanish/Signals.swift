import Foundation
import VanishCore

/// SIGINT sets the core's interrupt flag (long computations stop at their next safe point;
/// the line editor discards the line being typed). SIGPIPE is ignored so that a closed pipe
/// (`vanish script.nn | head -1`) ends the output quietly instead of killing the process.
enum Signals {
  static func install() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: a blocking read returns EINTR so the prompt can react
    sigaction(SIGINT, &action, nil)
    // A blocked signal never reaches the handler, and the mask is inherited: a parent that
    // blocks SIGINT (a test runner's Process, some supervisors) would make Ctrl-C do nothing.
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    sigprocmask(SIG_UNBLOCK, &interrupt, nil)
    signal(SIGPIPE, SIG_IGN)
  }
}
