/// What one statement returned to a DSQL client: command tag, typed columns and rows.
///
/// It exists as the session's wire-independent result: the HTTP/Lambda layers format it as they
/// need. `rows` is PostgreSQL's text form (nil for NULL); `values` keeps the SQLite values.
public struct QueryResult: Sendable, Hashable {
    /// A result column: PostgreSQL name and type.
    public struct Column: Sendable, Hashable {
        public var name: String
        public var type: PGType
        public init(name: String, type: PGType) {
            self.name = name
            self.type = type
        }
    }

    /// PostgreSQL command tag (`SELECT 1`, `INSERT 0 1`, `COMMIT`, `ROLLBACK`, ...).
    public var commandTag: String
    public var columns: [Column]
    /// Rows in PostgreSQL text form (nil for NULL).
    public var rows: [[String?]]
    /// Rows as stored values.
    public var values: [[SQLValue]]
    /// A NOTICE (IF [NOT] EXISTS no-ops).
    public var notice: String?

    /// A result whose `rows` are already in PostgreSQL text form (the DSQL layer renders them
    /// from `values` and the column types).
    public init(commandTag: String, columns: [Column], rows: [[String?]], values: [[SQLValue]], notice: String? = nil) {
        self.commandTag = commandTag
        self.columns = columns
        self.rows = rows
        self.values = values
        self.notice = notice
    }
}
