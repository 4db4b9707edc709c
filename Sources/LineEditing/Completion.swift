/// The outcome of one Tab press, independent of libedit: the full replacements
/// for `request.word` and what to type after a unique one.
struct Completion: Equatable {
  /// The word the replacements replace (`CompletionRequest.word`).
  var word: String
  var replacements: [String]
  /// Typed after a unique replacement; nil types nothing.
  var suffix: Character?

  /// Outside a string the completer decides; inside one, the completer's
  /// answer (if any) is followed by file names, since string literals are where
  /// paths are typed. `restOfLine` is the text after the cursor.
  static func make(
    for request: CompletionRequest,
    restOfLine: String,
    completer: ((CompletionRequest) -> [String])?,
    fileNames: (String) -> [String]
  ) -> Completion {
    var replacements = completer?(request) ?? []
    if request.insideString {
      for name in fileNames(request.word) where !replacements.contains(name) {
        replacements.append(name)
      }
    }
    guard replacements.count == 1, let only = replacements.first else {
      return Completion(word: request.word, replacements: replacements, suffix: nil)
    }
    return Completion(
      word: request.word, replacements: replacements,
      suffix: suffix(after: only, request, restOfLine))
  }

  /// Outside strings nothing follows a unique match, as in the Julia REPL:
  /// a completed name is as often followed by "(", "." or "[" as by a space.
  /// A unique file inside a string gets its closing quote, unless one is
  /// already there; a directory ("data/") gets nothing, since the path goes on.
  private static func suffix(
    after match: String, _ request: CompletionRequest, _ restOfLine: String
  ) -> Character? {
    guard request.insideString, !match.hasSuffix("/") else { return nil }
    return restOfLine.hasPrefix("\"") ? nil : "\""
  }

  /// libedit replaces its own notion of the word before the cursor
  /// (`libeditWord`, split by its break characters and quote rules), which
  /// need not be ours. Re-express each replacement of our word as a
  /// replacement of libedit's, so the line ends up as intended either way.
  /// Both words are suffixes of `lineBeforeCursor`.
  static func rebase(
    _ replacements: [String], word: String, libeditWord: String, lineBeforeCursor: String
  ) -> [String] {
    let line = Array(lineBeforeCursor.unicodeScalars)
    let ourStart = line.count - word.unicodeScalars.count
    let theirStart = line.count - libeditWord.unicodeScalars.count
    guard ourStart >= 0, theirStart >= 0 else { return [] }
    if theirStart <= ourStart {
      let kept = String(String.UnicodeScalarView(line[theirStart..<ourStart]))
      return replacements.map { kept + $0 }
    }
    let dropped = String(String.UnicodeScalarView(line[ourStart..<theirStart]))
    return replacements.compactMap { replacement in
      guard replacement.unicodeScalars.starts(with: dropped.unicodeScalars) else { return nil }
      return String(String.UnicodeScalarView(replacement.unicodeScalars.dropFirst(dropped.unicodeScalars.count)))
    }
  }
}

extension CompletionRequest {
  /// What Tab offers for this request, for a front end other than libedit (the machine mode's
  /// complete request): the completer's replacements for `word` and, inside a string, file
  /// names; a unique one with what Tab types after it (a file's closing quote).
  public func replacements(restOfLine: String, completer: @escaping (CompletionRequest) -> [String]) -> [String] {
    let completion = Completion.make(
      for: self, restOfLine: restOfLine, completer: completer, fileNames: { FileNameCompletion.candidates(for: $0) })
    if let suffix = completion.suffix, let only = completion.replacements.first, completion.replacements.count == 1 {
      return [only + String(suffix)]
    }
    return completion.replacements
  }
}
