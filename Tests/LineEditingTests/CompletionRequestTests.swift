import Testing

@testable import LineEditing

@Suite struct CompletionRequestTests {
  @Test(arguments: [
    ("", ""),
    ("sig", "sig"),
    ("y = sig", "sig"),
    ("f(x, sig", "sig"),
    ("a+b-c*d/e^f@g;h:i=j[k]l)m", "m"),
    ("model.we", "model.we"),
    ("loss(model.", "model."),
    ("x = ", ""),
    ("v[2:q", "q"),
    ("?sig", "sig"),
    ("x = a:b", "b"),
  ])
  func wordIsTheTextAfterTheLastSeparator(line: String, word: String) {
    let request = CompletionRequest.make(line: line)
    #expect(request.word == word)
    #expect(request.line == line)
    #expect(!request.insideString)
  }

  @Test(arguments: [
    (":hist", ":hist"),
    (":", ":"),
    ("  :q", ":q"),
    ("x = 1; :q", ":q"),
    ("x = 1;:he", ":he"),
  ])
  func aCommandAtTheStartOfAStatementKeepsItsColon(line: String, word: String) {
    let request = CompletionRequest.make(line: line)
    #expect(request.word == word)
    #expect(!request.insideString)
  }

  @Test func insideAStringTheWordIsEverythingAfterTheQuote() {
    let request = CompletionRequest.make(line: #"d = load("data dir/tr-a+b"#)
    #expect(request.insideString)
    #expect(request.word == "data dir/tr-a+b")
  }

  @Test func anEmptyStringJustOpened() {
    let request = CompletionRequest.make(line: #"load(""#)
    #expect(request.insideString)
    #expect(request.word == "")
  }

  @Test func aClosedStringIsASeparator() {
    let request = CompletionRequest.make(line: #"f("a b", sig"#)
    #expect(!request.insideString)
    #expect(request.word == "sig")
    let right = CompletionRequest.make(line: #"f("a b"sig"#)
    #expect(right.word == "sig")
  }

  @Test func escapedQuotesDoNotCloseTheString() {
    let request = CompletionRequest.make(line: #"print("say \"hi\" to da"#)
    #expect(request.insideString)
    #expect(request.word == #"say \"hi\" to da"#)
  }

  @Test func secondStringOnTheLine() {
    let request = CompletionRequest.make(line: #"f("a", "b/c"#)
    #expect(request.insideString)
    #expect(request.word == "b/c")
  }
}

@Suite struct CompletionTests {
  private func complete(
    _ line: String, after rest: String = "", completer: [String] = [], files: [String] = []
  ) -> Completion {
    Completion.make(
      for: .make(line: line), restOfLine: rest, completer: { _ in completer },
      fileNames: { _ in files })
  }

  @Test func uniqueNameIsFollowedByNothing() {
    let completion = complete("y = sig", completer: ["sigmoid"])
    #expect(completion.word == "sig")
    #expect(completion.replacements == ["sigmoid"])
    #expect(completion.suffix == nil)
  }

  @Test func noSpaceAfterAFieldPrefixDirectoryOrCall() {
    #expect(complete("mod", completer: ["model."]).suffix == nil)
    #expect(complete("mod", completer: ["models/"]).suffix == nil)
    #expect(complete("ex", completer: ["exp("]).suffix == nil)
  }

  @Test func noSpaceWhenOneAlreadyFollows() {
    #expect(complete("sig", after: " (x)", completer: ["sigmoid"]).suffix == nil)
  }

  @Test func severalMatchesHaveNoSuffix() {
    let completion = complete("si", completer: ["sigmoid", "sin"])
    #expect(completion.replacements == ["sigmoid", "sin"])
    #expect(completion.suffix == nil)
  }

  @Test func insideAStringFilesFollowTheCompleterAndAFileGetsTheClosingQuote() {
    let completion = complete(#"load("da"#, completer: [], files: ["data.csv"])
    #expect(completion.replacements == ["data.csv"])
    #expect(completion.suffix == "\"")
    #expect(complete(#"load("da"#, after: #"")"#, files: ["data.csv"]).suffix == nil)
    #expect(complete(#"load("da"#, files: ["data/"]).suffix == nil)
    let merged = complete(#"load("da"#, completer: ["data.csv", "dax"], files: ["data.csv"])
    #expect(merged.replacements == ["data.csv", "dax"])
  }

  @Test func outsideAStringFilesAreNotOffered() {
    #expect(complete("da", files: ["data.csv"]).replacements == [])
  }

  @Test func rebaseWhenLibeditsWordIsShorter() {
    // Ours: `data dir/tr` (inside the string); libedit's: `tr` (broken at "/").
    let rebased = Completion.rebase(
      ["data dir/train.csv", "data dir/test.csv", "other/x"], word: "data dir/tr",
      libeditWord: "tr", lineBeforeCursor: #"load("data dir/tr"#)
    #expect(rebased == ["train.csv", "test.csv"])
  }

  @Test func rebaseWhenLibeditsWordIsLonger() {
    let rebased = Completion.rebase(
      ["sigmoid"], word: "sig", libeditWord: "x.sig", lineBeforeCursor: "y = x.sig")
    #expect(rebased == ["x.sigmoid"])
  }

  @Test func rebaseACommandOntoLibeditsWordWithoutTheColon() {
    // libedit breaks words at ':', so its word is `q`; ours is `:q`.
    let completion = complete(":q", completer: [":quit"])
    #expect(completion.word == ":q")
    #expect(completion.suffix == nil)
    let rebased = Completion.rebase(
      completion.replacements, word: completion.word, libeditWord: "q", lineBeforeCursor: ":q")
    #expect(rebased == ["quit"])
  }

  @Test func rebaseCountsCharactersNotBytes() {
    let rebased = Completion.rebase(
      ["dé/ß.csv"], word: "dé/ß", libeditWord: "ß", lineBeforeCursor: #"f("dé/ß"#)
    #expect(rebased == ["ß.csv"])
  }
}
