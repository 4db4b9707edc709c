import Foundation
import Testing

@testable import LineEditing

@Suite struct FileNameCompletionTests {
  private func makeTree() throws -> TemporaryDirectory {
    let dir = try TemporaryDirectory()
    let fm = FileManager.default
    for sub in ["data", "data dir", "docs"] {
      try fm.createDirectory(at: dir.file(sub), withIntermediateDirectories: true)
    }
    for file in ["data/train.csv", "data/test.csv", "data dir/x y.txt", "notes.txt", ".hidden", "data/.cache"] {
      try Data().write(to: dir.file(file))
    }
    try fm.createSymbolicLink(atPath: dir.file("linked").path, withDestinationPath: dir.file("docs").path)
    return dir
  }

  @Test func listsMatchingEntriesWithSlashesOnDirectories() throws {
    let dir = try makeTree()
    #expect(FileNameCompletion.candidates(for: "da", base: dir.path) == ["data dir/", "data/"])
    #expect(FileNameCompletion.candidates(for: "", base: dir.path)
      == ["data dir/", "data/", "docs/", "linked/", "notes.txt"])
  }

  @Test func keepsTheDirectoryPartAsTyped() throws {
    let dir = try makeTree()
    #expect(FileNameCompletion.candidates(for: "data/t", base: dir.path)
      == ["data/test.csv", "data/train.csv"])
    #expect(FileNameCompletion.candidates(for: "data dir/", base: dir.path) == ["data dir/x y.txt"])
  }

  @Test func absolutePathsIgnoreTheBase() throws {
    let dir = try makeTree()
    #expect(FileNameCompletion.candidates(for: dir.path + "/no", base: "/nonexistent")
      == [dir.path + "/notes.txt"])
  }

  @Test func hiddenEntriesOnlyWhenAskedFor() throws {
    let dir = try makeTree()
    #expect(FileNameCompletion.candidates(for: ".", base: dir.path) == [".hidden"])
    #expect(FileNameCompletion.candidates(for: "data/.", base: dir.path) == ["data/.cache"])
    #expect(!FileNameCompletion.candidates(for: "data/", base: dir.path).contains("data/.cache"))
  }

  @Test func missingDirectoryGivesNothing() throws {
    let dir = try makeTree()
    #expect(FileNameCompletion.candidates(for: "nope/x", base: dir.path) == [])
  }
}
