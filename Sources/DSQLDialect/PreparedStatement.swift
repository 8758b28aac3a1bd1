import DSQLClient

/// Everything the store needs to run one PostgreSQL-dialect statement on SQLite.
///
/// Produced by `Dialect.prepare`. Parameters: `$n` is rendered as `?n`, so the store binds the
/// client's n-th parameter (1-based) to SQLite index n; `parameterTypes[n-1]` is the type inferred
/// from context (`unknown` when none; `rs_coerce` in the SQL converts text anyway).
public struct PreparedStatement: Sendable {
    /// What kind of statement this is.
    public enum Kind: String, Sendable, Hashable {
        case select, insert, update, delete, ddl, begin, commit, rollback, call
    }

    public var kind: Kind
    /// The parsed statement (DDL replicates by text; the store may keep the AST).
    public var statement: Statement
    /// SQLite SQL to run (empty for BEGIN / COMMIT / ROLLBACK and for DDL, which uses `ddl.sqlite`).
    public var sql: String
    public var parameterCount: Int
    public var parameterTypes: [PGType]
    /// SQLite table names read and written.
    public var tablesRead: Set<String>
    public var tablesWritten: Set<String>
    /// `SELECT ... FOR UPDATE` / `FOR KEY SHARE`: adjudicated as writes of the locked rows.
    public var lock: LockMode?
    /// For a locking SELECT: per locked table, SQL returning the primary keys of the rows it locks.
    public var lockTargets: [LockTarget]
    /// Result columns (SELECT list or RETURNING), with PostgreSQL names and types.
    public var columns: [ResultColumn]
    /// Columns assigned by UPDATE or ON CONFLICT DO UPDATE (empty otherwise). With
    /// `TableDef.keyColumns` the store can tell a non-key update (no conflict with FOR KEY SHARE).
    public var updatedColumns: Set<String> = []
    /// For DDL: the catalog change computed against the catalog given to `prepare`.
    public var ddl: DDLApplication?

    /// True when the statement returns rows (SELECT, RETURNING, CREATE INDEX ASYNC, CALL).
    public var returnsRows: Bool { !columns.isEmpty }

    /// True when the statement writes (DML, DDL) or locks rows (counts as a write for OCC).
    public var isWrite: Bool {
        switch kind {
        case .insert, .update, .delete, .ddl: true
        default: lock != nil
        }
    }

    /// PostgreSQL's command tag for `rowCount` affected or returned rows.
    public func commandTag(rowCount: Int) -> String {
        switch kind {
        case .select: "SELECT \(rowCount)"
        case .insert: "INSERT 0 \(rowCount)"
        case .update: "UPDATE \(rowCount)"
        case .delete: "DELETE \(rowCount)"
        case .ddl: ddl?.commandTag ?? "DDL"
        case .begin: "BEGIN"
        case .commit: "COMMIT"
        case .rollback: "ROLLBACK"
        case .call: "CALL"
        }
    }
}

/// Rows a locking SELECT locks in one table: run `sql` (same parameters as the statement); each
/// result row holds the values of `primaryKey` columns, in order.
public struct LockTarget: Sendable, Hashable {
    public var table: String
    public var primaryKey: [String]
    public var sql: String
}
