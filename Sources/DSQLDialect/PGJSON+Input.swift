import DSQLClient

extension PGJSON {
    /// The text a `json` or `jsonb` column stores for `text`, or PostgreSQL's refusal: `22P02`
    /// for text that is not JSON, `54001` past `maxDepth`, `22P05` for `\u0000` in `jsonb`.
    static func input(_ text: String, jsonb: Bool) throws(DSQLError) -> String {
        do {
            let document = try parse(text)
            return jsonb ? try document.canonical(refusingNUL: true) : text
        } catch {
            throw error.sqlError
        }
    }
}

extension PGJSON.Failure {
    /// PostgreSQL's error for this refusal.
    var sqlError: DSQLError {
        switch self {
        case .syntax: DSQLError(sqlstate: "22P02", message: "invalid input syntax for type json")
        case .tooDeep: DSQLError(sqlstate: "54001", message: "stack depth limit exceeded")
        case .nulEscape:
            DSQLError(sqlstate: "22P05", message: "unsupported Unicode escape sequence", detail: "\\u0000 cannot be converted to text.")
        }
    }
}
