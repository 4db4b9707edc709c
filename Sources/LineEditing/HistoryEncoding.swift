/// One history entry per line of the file. Entries may span several lines (a
/// pasted block), so newlines and the escape character itself are escaped;
/// decoding is the exact inverse, so every entry round-trips.
enum HistoryEncoding {
  static func encode(_ entry: String) -> String {
    var out = ""
    out.reserveCapacity(entry.utf8.count)
    for scalar in entry.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  static func decode(_ line: Substring) -> String {
    var out = ""
    var escaping = false
    for scalar in line.unicodeScalars {
      if escaping {
        switch scalar {
        case "n": out += "\n"
        case "r": out += "\r"
        case "\\": out += "\\"
        // Not written by `encode`; keep it verbatim rather than lose text.
        default: out += "\\"; out.unicodeScalars.append(scalar)
        }
        escaping = false
      } else if scalar == "\\" {
        escaping = true
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    if escaping { out += "\\" }
    return out
  }

  static func decodeFile(_ text: String) -> [String] {
    // Split on scalars, not Characters: "\r\n" is one Character and would hide
    // the line break of a file edited elsewhere.
    text.unicodeScalars.split(separator: "\n").map { decode(Substring($0)) }
  }

  static func encodeFile(_ entries: [String]) -> String {
    entries.map { encode($0) + "\n" }.joined()
  }
}
