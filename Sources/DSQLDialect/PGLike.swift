import DSQLClient

/// PostgreSQL LIKE / ILIKE matching (SQLite's own LIKE is case-insensitive for ASCII, PostgreSQL's is
/// case-sensitive): `%` matches any run, `_` one character, the escape character (default `\`) quotes
/// the next one.
public enum PGLike {
    public static func matches(_ value: String, pattern: String, escape: Character? = "\\",
                               caseInsensitive: Bool = false) throws(DSQLError) -> Bool {
        let v = Array(caseInsensitive ? value.lowercased() : value)
        // Compile to tokens: nil = any run (%), "_" wildcard flagged separately.
        enum Tok: Equatable { case any, one, char(Character) }
        var toks: [Tok] = []
        var p = Array(caseInsensitive ? pattern.lowercased() : pattern)[...]
        while let c = p.first {
            p = p.dropFirst()
            if let escape, c == escape {
                guard let n = p.first else {
                    throw DSQLError(sqlstate: "22025", message: "LIKE pattern must not end with escape character")
                }
                p = p.dropFirst()
                toks.append(.char(n))
            } else if c == "%" {
                if toks.last != .any { toks.append(.any) }
            } else if c == "_" {
                toks.append(.one)
            } else {
                toks.append(.char(c))
            }
        }
        // Greedy matching with backtracking to the last `%`.
        var vi = 0, ti = 0
        var star = -1, starV = 0
        while vi < v.count {
            if ti < toks.count, toks[ti] == .one || toks[ti] == .char(v[vi]) {
                vi += 1; ti += 1
            } else if ti < toks.count, toks[ti] == .any {
                star = ti; starV = vi; ti += 1
            } else if star >= 0 {
                ti = star + 1; starV += 1; vi = starV
            } else {
                return false
            }
        }
        while ti < toks.count, toks[ti] == .any { ti += 1 }
        return ti == toks.count
    }
}
