import CSQLite
import DSQLClient
@testable import DSQLDialect

/// Test-only harness: an in-memory SQLite with the dialect's functions, a catalog, and a tiny
/// statement runner that prepares PostgreSQL-dialect SQL and executes the rendered SQLite SQL.
final class DialectTestDB {
    let db: OpaquePointer
    let state: DialectConnectionState
    var catalog = Catalog()
    var jobCounter = 0

    struct Result {
        var columns: [ResultColumn]
        var rows: [[SQLValue]]
        var tag: String
        /// Rows as PostgreSQL text (nil for NULL).
        var text: [[String?]] {
            rows.map { row in zip(row, columns).map { PGText.format($0, as: $1.type) } }
        }
    }

    init() {
        var p: OpaquePointer?
        sqlite3_open(":memory:", &p)
        db = p!
        state = DialectFunctions.register(on: db)
        for s in Catalog.bootstrapSQL { _ = try? raw(s, []) }
    }

    deinit { sqlite3_close(db) }

    /// Runs one PostgreSQL-dialect statement.
    @discardableResult
    func run(_ sql: String, _ params: [SQLValue] = []) throws(DSQLError) -> Result {
        jobCounter += 1
        let ctx = DDLContext(jobID: "job\(jobCounter)", timestamp: 1_700_000_000_000_000)
        let p = try Dialect.prepare(sql, catalog: catalog, ddlContext: ctx)
        if let ddl = p.ddl {
            for s in ddl.sqlite { _ = try raw(s, []) }
            catalog = ddl.catalog
            return Result(columns: ddl.resultColumns, rows: ddl.resultRows, tag: ddl.commandTag)
        }
        if p.sql.isEmpty { return Result(columns: [], rows: [], tag: p.commandTag(rowCount: 0)) }
        let (rows, changes) = try raw(p.sql, params)
        let count = p.kind == .select || p.kind == .call ? rows.count : (p.returnsRows ? rows.count : changes)
        return Result(columns: p.columns, rows: rows, tag: p.commandTag(rowCount: count))
    }

    /// Executes SQLite SQL directly, mapping errors with `DialectErrors`.
    func raw(_ sql: String, _ params: [SQLValue]) throws(DSQLError) -> ([[SQLValue]], Int) {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK else {
            throw DSQLError(sqlstate: "XX000", message: "sqlite prepare: \(String(cString: sqlite3_errmsg(db))) in \(sql)")
        }
        defer { sqlite3_finalize(stmt) }
        for (i, v) in params.enumerated() {
            let idx = Int32(i + 1)
            switch v {
            case .null: sqlite3_bind_null(stmt, idx)
            case .integer(let n): sqlite3_bind_int64(stmt, idx, n)
            case .real(let d): sqlite3_bind_double(stmt, idx, d)
            case .text(let s): sqlite3_bind_text(stmt, idx, s, -1, csqlite_transient())
            case .blob(let b): _ = b.withUnsafeBytes { sqlite3_bind_blob(stmt, idx, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                let msg = String(cString: sqlite3_errmsg(db))
                throw DialectErrors.map(sqliteMessage: msg, catalog: catalog)
                    ?? DSQLError(sqlstate: "XX000", message: "sqlite: \(msg) in \(sql)")
            }
            var row: [SQLValue] = []
            for c in 0..<sqlite3_column_count(stmt) {
                switch sqlite3_column_type(stmt, c) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(stmt, c)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(stmt, c)))
                case SQLITE_TEXT: row.append(.text(String(cString: sqlite3_column_text(stmt, c))))
                case SQLITE_BLOB:
                    let n = Int(sqlite3_column_bytes(stmt, c))
                    row.append(.blob(n == 0 ? [] : Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(stmt, c), count: n))))
                default: row.append(.null)
                }
            }
            rows.append(row)
        }
        return (rows, Int(sqlite3_changes(db)))
    }
}
