import VanishCore
import Foundation

/// Writes files so that an interrupted or failed write never leaves a half-written file:
/// the text goes to a temporary file beside the target, is flushed to disk, then renamed
/// over the target in one step.
enum FileWriting {
  static func writeAtomically(_ text: String, to path: String) throws(Diagnostic) {
    try writeAtomically(Array(text.utf8), to: path)
  }

  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Diagnostic) {
    if path.isEmpty { throw Diagnostic("cannot write a file with an empty name") }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw Diagnostic("cannot write \(path): it is a directory")
    }
    if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
      throw Diagnostic("cannot write \(path): the directory \(directory.path) does not exist")
    }
    if !isDirectory.boolValue {
      throw Diagnostic("cannot write \(path): \(directory.path) is a file, not a directory")
    }
    let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp")
    let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 {
      throw Diagnostic("cannot write \(path): \(String(cString: strerror(errno)).lowercased())")
    }
    var failure = RawOutput.writeAll(fd, bytes)
    if failure == 0 && fsync(fd) != 0 { failure = errno }
    close(fd)
    if failure == 0 && rename(temp.path, path) != 0 { failure = errno }
    if failure != 0 {
      unlink(temp.path)
      throw Diagnostic("cannot write \(path): \(String(cString: strerror(failure)).lowercased())")
    }
    // The rename itself reaches the disk when the directory is flushed.
    let directoryDescriptor = open(directory.path, O_RDONLY)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }

  /// The bytes of a file (gunzipped when they are gzip data), read by its size, so that a
  /// device such as /dev/zero reads as empty instead of forever.
  static func read(_ path: String) throws(Diagnostic) -> Data {
    if path.isEmpty { throw Diagnostic("cannot read a file with an empty name") }
    do {
      return Data(try DataFile.contents(path))
    } catch {
      throw Diagnostic(error.description)
    }
  }

  /// The bytes of a file as they are (a binary format such as safetensors is never gunzipped:
  /// its first bytes are a length, which may look like gzip's magic number).
  static func readRaw(_ path: String) throws(Diagnostic) -> [UInt8] {
    if path.isEmpty { throw Diagnostic("cannot read a file with an empty name") }
    do {
      return try DataFile.bytes(path)
    } catch {
      throw Diagnostic(error.description)
    }
  }
}
