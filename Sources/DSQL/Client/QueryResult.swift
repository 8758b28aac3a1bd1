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

    public init(commandTag: String, columns: [Column] = [], values: [[SQLValue]] = [], notice: String? = nil) {
        self.commandTag = commandTag
        self.columns = columns
        self.values = values
        self.notice = notice
        rows = values.map { row in
            row.enumerated().map { i, v in
                i < columns.count ? PGText.format(v, as: columns[i].type) : (v == .null ? nil : v.description)
            }
        }
    }

    init(commandTag: String, resultColumns: [ResultColumn], values: [[SQLValue]], notice: String? = nil) {
        self.init(commandTag: commandTag, columns: resultColumns.map { Column(name: $0.name, type: $0.type) },
                  values: values, notice: notice)
    }
}
