import DSQLClient

/// SQLite's own errors for rendered SQL, in PostgreSQL's terms.
///
/// The renderer refuses what PostgreSQL refuses before SQLite sees it; what still reaches SQLite
/// is either a limit of SQLite's (parser stack, expression depth, compound SELECT, join width,
/// bound variables) or a case the renderer does not catch yet. Either way the client gets a
/// SQLSTATE and a message in PostgreSQL's words where PostgreSQL has an equivalent, and in this
/// emulator's words otherwise: never SQLite's raw text.
extension DialectErrors {
    /// The PostgreSQL error for SQLite result `code` with `message`, or nil to leave the error to
    /// the store's own mapping (constraint violations, I/O, disk full, corruption, busy).
    public static func translate(sqliteCode code: Int32, message msg: String) -> DSQLError? {
        switch code {
        case 1:  // SQLITE_ERROR: SQL errors
            break
        case 7:  // SQLITE_NOMEM
            return DSQLError(sqlstate: "53200", message: "out of memory")
        case 18:  // SQLITE_TOOBIG
            return DSQLError(sqlstate: "54000", message: "value or statement too large for this emulator's storage engine")
        case 20, 25:  // SQLITE_MISMATCH, SQLITE_RANGE
            return DSQLError(sqlstate: "XX000", message: "internal error: a parameter could not be bound to the rendered statement")
        default:
            return nil
        }
        if msg.contains("parser stack overflow") || msg.hasPrefix("Expression tree is too large") {
            return .stackDepthExceeded
        }
        if msg.hasPrefix("too many terms in compound SELECT") {
            return DSQLError(sqlstate: "54001", message: "statement too complex: too many UNION arms (this emulator evaluates at most 500)")
        }
        if msg.hasPrefix("at most 64 tables in a join") {
            return DSQLError(sqlstate: "54001", message: "statement too complex: more than 64 tables in one join (this emulator's limit)")
        }
        if msg.hasPrefix("too many columns") {
            return DSQLError(sqlstate: "54011", message: "target lists can have at most 2000 entries")
        }
        if msg.hasPrefix("variable number must be between") || msg.hasPrefix("too many SQL variables") {
            return DSQLError(sqlstate: "54000", message: "statement uses more parameters than this emulator binds (at most 32766)")
        }
        if msg.hasPrefix("misuse of aggregate function") {
            return DSQLError(sqlstate: "42803", message: "aggregate function calls cannot be nested")
        }
        if msg.hasPrefix("misuse of aggregate") {
            return DSQLError(sqlstate: "42803", message: "aggregate functions are not allowed here")
        }
        if msg.hasPrefix("misuse of window function") || msg.contains("window function") {
            return .notYetSupported("window functions")
        }
        if let token = msg.dropPrefix("unrecognized token: ") {
            return .syntaxNear(unquoted(token))
        }
        if msg.hasSuffix(": syntax error"), let rest = msg.dropPrefix("near ") {
            return .syntaxNear(unquoted(String(rest.dropLast(": syntax error".count))))
        }
        if msg == "incomplete input" { return .syntaxAtEnd }
        if msg.hasPrefix("default value of column") {
            return DSQLError(sqlstate: "0A000", message: "DEFAULT expression must be constant in this emulator")
        }
        if msg.hasPrefix("non-deterministic") || msg.hasPrefix("non-deterministic functions prohibited") {
            return .notYetSupported("non-immutable functions in this position")
        }
        if msg.hasPrefix("parameters prohibited") || msg.hasPrefix("parameters are not allowed") {
            return DSQLError(sqlstate: "42P02", message: "there is no parameter $1")
        }
        if msg.hasPrefix("subqueries prohibited") {
            return DSQLError(sqlstate: "0A000", message: "cannot use subquery in this position")
        }
        if msg.hasPrefix("no such function: ") {
            return DSQLError(sqlstate: "42883", message: "function \(msg.dropFirst("no such function: ".count)) does not exist")
        }
        if msg.hasPrefix("no such column: ") {
            return .undefinedColumn(String(msg.dropFirst("no such column: ".count)))
        }
        if msg.hasPrefix("no such table: ") {
            return .undefinedTable(String(msg.dropFirst("no such table: ".count)))
        }
        if msg.hasPrefix("ambiguous column name: ") {
            return .ambiguousColumn(String(msg.dropFirst("ambiguous column name: ".count)))
        }
        if msg.hasPrefix("malformed JSON") || msg.hasPrefix("JSON cannot hold BLOB values") {
            return DSQLError(sqlstate: "22P02", message: "invalid input syntax for type json")
        }
        if msg.hasPrefix("bad JSON path") {
            return DSQLError(sqlstate: "22P02", message: "invalid input syntax for type json path")
        }
        if msg.hasPrefix("integer overflow") {
            return .outOfRange("bigint")
        }
        if msg.contains("ORDER BY term out of range") || msg.contains("GROUP BY term out of range") {
            return DSQLError(sqlstate: "42P10", message: "position in ORDER BY or GROUP BY is not in select list")
        }
        return DSQLError(sqlstate: "XX000", message: "internal error: this emulator rendered SQL that its storage engine refused")
    }

    private static func unquoted(_ token: String) -> String {
        if token.count >= 2, token.first == "\"", token.last == "\"" { return String(token.dropFirst().dropLast()) }
        return token
    }
}
