import Foundation

/// File names for a path typed inside a string literal (`load("data/tr`).
enum FileNameCompletion {
  /// Full replacements for `word`: the directory part as typed, followed by
  /// each entry of that directory starting with the file part; directories end
  /// in "/" so that the next Tab descends into them. Hidden entries appear only
  /// when the file part starts with ".". Relative paths are resolved against
  /// `base` (the current directory when nil).
  static func candidates(for word: String, base: String? = nil) -> [String] {
    let directoryPart: String
    let filePart: String
    if let slash = word.lastIndex(of: "/") {
      directoryPart = String(word[...slash])
      filePart = String(word[word.index(after: slash)...])
    } else {
      directoryPart = ""
      filePart = word
    }
    let directory = resolve(directoryPart.isEmpty ? "." : directoryPart, base: base)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return []
    }
    let showHidden = filePart.hasPrefix(".")
    return names
      .filter { $0.hasPrefix(filePart) && (showHidden || !$0.hasPrefix(".")) }
      .map { name in
        var isDirectory: ObjCBool = false
        let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
        return directoryPart + name + (exists && isDirectory.boolValue ? "/" : "")
      }
      .sorted()
  }

  private static func resolve(_ path: String, base: String?) -> String {
    guard !path.hasPrefix("/"), let base else { return path }
    return base.hasSuffix("/") ? base + path : base + "/" + path
  }
}
