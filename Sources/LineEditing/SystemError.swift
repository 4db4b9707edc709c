#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call, phrased for a one-line warning: the OS's own reason
/// plus the path it concerned.
struct SystemError: Error, CustomStringConvertible {
  let description: String

  init(_ message: String) { description = message }

  /// Reads `errno` at once: any later call may overwrite it.
  static func fromErrno(_ path: String) -> SystemError {
    SystemError("\(String(cString: strerror(errno))) (\(path))")
  }
}
