import Foundation

/// Reading a whole data file into memory, gzip-compressed or not, with errors that name the file.
public enum DataFile {
  /// The bytes of the file at `path`, decompressed when they start with gzip's magic number
  /// (whatever the file is called), as they are otherwise.
  public static func contents(_ path: String) throws(CoreError) -> [UInt8] {
    let raw = try bytes(path)
    return Gzip.isCompressed(raw) ? try Gzip.decompress(raw, name: path) : raw
  }

  /// The raw bytes of a file, read in one piece into an array of the file's size.
  public static func bytes(_ path: String) throws(CoreError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    if fd < 0 { throw .invalidFile("cannot read \(path): \(reason(errno))") }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) != 0 { throw .invalidFile("cannot read \(path): \(reason(errno))") }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw .invalidFile("cannot read \(path): it is a directory") }
    var data = [UInt8](repeating: 0, count: Int(info.st_size))
    var done = 0
    var failure: Int32 = 0
    data.withUnsafeMutableBytes { buffer in
      while done < buffer.count {
        let n = read(fd, buffer.baseAddress! + done, buffer.count - done)
        if n < 0 && errno == EINTR { continue }
        if n < 0 { failure = errno }
        if n <= 0 { return }
        done += n
      }
    }
    if failure != 0 { throw .invalidFile("cannot read \(path): \(reason(failure))") }
    // A file that shrank while it was read is as good as truncated; the parsers say so.
    if done < data.count { data.removeLast(data.count - done) }
    return data
  }

  private static func reason(_ code: Int32) -> String {
    code == ENOENT ? "no such file" : String(cString: strerror(code))
  }
}
