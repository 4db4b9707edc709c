/// "Did you mean": the closest name by edit distance, when it is close enough to be a typo.
public enum Suggest {
  public static func closest(to name: String, in candidates: [String]) -> String? {
    let limit = max(1, min(3, name.count / 3))
    var best: (String, Int)? = nil
    for c in candidates where c != name {
      let d = distance(name.lowercased(), c.lowercased())
      if d <= limit && (best == nil || d < best!.1) { best = (c, d) }
    }
    return best?.0
  }

  /// The names a looked-up word may have meant, best first, at most `limit`: the same name
  /// in other case, then the names it starts (`fashion` → `fashion_mnist`), then those it is
  /// part of (`entropy` → `cross_entropy`, for words of three letters or more), then the
  /// close ones by edit distance (`sigmod` → `sigmoid`).
  public static func related(to word: String, in candidates: [String], limit: Int = 5) -> [String] {
    let w = word.lowercased()
    guard !w.isEmpty else { return [] }
    let names = Array(Set(candidates)).filter { $0 != word }.sorted { ($0.count, $0) < ($1.count, $1) }
    var found: [String] = []
    func add(_ matches: [String]) {
      for m in matches where !found.contains(m) { found.append(m) }
    }
    add(names.filter { $0.lowercased() == w })
    add(names.filter { $0.lowercased().hasPrefix(w) })
    if w.count >= 3 { add(names.filter { $0.lowercased().contains(w) }) }
    let limitDistance = max(1, min(3, word.count / 3))
    let close = names.map { ($0, distance(w, $0.lowercased())) }.filter { $0.1 <= limitDistance }
    add(close.sorted { ($0.1, $0.0.count, $0.0) < ($1.1, $1.0.count, $1.0) }.map(\.0))
    return Array(found.prefix(limit))
  }

  /// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
  public static func list(_ names: [String]) -> String {
    let quoted = names.map { "'\($0)'" }
    guard quoted.count > 1 else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
  }

  /// Damerau-Levenshtein (optimal string alignment) distance: a swapped pair counts as one edit.
  public static func distance(_ a: String, _ b: String) -> Int {
    let s = Array(a)
    let t = Array(b)
    if s.isEmpty { return t.count }
    if t.isEmpty { return s.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
    for i in 0...s.count { d[i][0] = i }
    for j in 0...t.count { d[0][j] = j }
    for i in 1...s.count {
      for j in 1...t.count {
        let cost = s[i - 1] == t[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[s.count][t.count]
  }
}
