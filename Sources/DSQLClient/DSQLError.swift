/// An error as Aurora DSQL reports it to a PostgreSQL client: a SQLSTATE and a message text.
///
/// DSQL-facing errors are data, not strings: callers match on `sqlstate` (for example `40001` to
/// retry) and tests compare `message` with the exact texts that a real cluster returns
/// (see `shared/reference/dsql.md`). `detail` and `hint` carry PostgreSQL's optional DETAIL and
/// HINT lines.
public struct DSQLError: Error, Sendable, Hashable {
    /// The five-character SQLSTATE, for example `40001` or `0A000`.
    public var sqlstate: String
    /// The primary message, without the `ERROR:` prefix a client adds.
    public var message: String
    /// PostgreSQL's optional DETAIL text.
    public var detail: String?
    /// PostgreSQL's optional HINT text.
    public var hint: String?

    public init(sqlstate: String, message: String, detail: String? = nil, hint: String? = nil) {
        self.sqlstate = sqlstate
        self.message = message
        self.detail = detail
        self.hint = hint
    }
}

extension DSQLError: CustomStringConvertible {
    public var description: String {
        var s = "ERROR: \(message) (SQLSTATE \(sqlstate))"
        if let detail { s += " DETAIL: \(detail)" }
        if let hint { s += " HINT: \(hint)" }
        return s
    }
}

extension DSQLError {
    /// `0A000`: a feature that DSQL does not support.
    public static func unsupported(_ message: String) -> DSQLError {
        DSQLError(sqlstate: "0A000", message: message)
    }
    /// `42601`: a syntax error.
    public static func syntax(_ message: String) -> DSQLError {
        DSQLError(sqlstate: "42601", message: message)
    }
    /// `40001` OC000: a write-write conflict detected at commit.
    public static let dataConflict = DSQLError(
        sqlstate: "40001", message: "change conflicts with another transaction (OC000)")
    /// `40001` OC001: the catalog changed under the transaction.
    public static let schemaConflict = DSQLError(
        sqlstate: "40001", message: "schema has been updated by another transaction (OC001)")
    /// `25P02`: a statement after a failed one inside an explicit transaction.
    public static let transactionAborted = DSQLError(
        sqlstate: "25P02",
        message: "current transaction is aborted, commands ignored until end of transaction block")
    /// `XX000`: the region cannot reach a quorum.
    public static let serverUnavailable = DSQLError(sqlstate: "XX000", message: "server unavailable")
}
