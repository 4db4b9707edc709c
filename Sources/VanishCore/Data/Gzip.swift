import CZlib

/// gzip decompression through the system zlib, for data files such as MNIST's `*.gz`.
enum Gzip {
  /// gzip's magic number, 1f 8b, opens every gzip file.
  static func isCompressed(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
  }

  /// The decompressed contents of a gzip file (of all its members, as `gunzip` gives them).
  /// `name` is the file's name for error messages.
  static func decompress(_ input: [UInt8], name: String) throws(CoreError) -> [UInt8] {
    if input.count > Int(UInt32.max) { throw .invalidFile("cannot read \(name): over 4 GB of gzip data") }
    // gzip ends with the uncompressed size modulo 2^32: a good first guess for the output,
    // trusted no further than deflate's largest ratio (about 1032:1) in case the file is damaged.
    var guess = input.count * 2
    if input.count >= 18 {
      let n = input.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
      if n > 0 { guess = min(n, input.count * 1032) }
    }
    var output = [UInt8](repeating: 0, count: max(guess, 1024))
    var produced = 0
    var stream = z_stream()
    guard vanish_inflateInit2(&stream, 15 + 16) == Z_OK else {
      throw .invalidFile("cannot decompress \(name): zlib could not start")
    }
    defer { inflateEnd(&stream) }

    var status = Z_OK
    var problem: String?
    input.withUnsafeBufferPointer { source in
      stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
      stream.avail_in = UInt32(source.count)
      while problem == nil {
        if produced == output.count { output.append(contentsOf: repeatElement(0, count: output.count)) }
        output.withUnsafeMutableBufferPointer { target in
          let room = min(target.count - produced, Int(UInt32.max))
          stream.next_out = target.baseAddress! + produced
          stream.avail_out = UInt32(room)
          status = inflate(&stream, Z_NO_FLUSH)
          produced += room - Int(stream.avail_out)
        }
        switch status {
        case Z_OK:
          continue
        case Z_STREAM_END:
          // Another gzip member may follow (as `cat a.gz b.gz` makes); anything else ends the file.
          let rest = Int(stream.avail_in)
          let at = source.count - rest
          if rest >= 2 && source[at] == 0x1f && source[at + 1] == 0x8b {
            inflateReset(&stream)
            continue
          }
          return
        case Z_BUF_ERROR where stream.avail_in == 0:
          problem = "the gzip data is truncated: the file ends before the end of the compressed stream"
        case Z_BUF_ERROR:
          continue  // the output was full; it grows above
        case Z_MEM_ERROR:
          problem = "out of memory while decompressing"
        default:
          let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
          problem = "the gzip data is corrupt (\(detail))"
        }
      }
    }
    if let problem { throw .invalidFile("cannot read \(name): \(problem)") }
    output.removeLast(output.count - produced)
    return output
  }
}
