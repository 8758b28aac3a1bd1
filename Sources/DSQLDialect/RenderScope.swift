import DSQLClient

/// Name-resolution scope used while rendering: the FROM items visible at each query level.
///
/// Levels nest for correlated subqueries; the innermost level is searched first, as in PostgreSQL.
struct RenderScope: Sendable {
    /// One FROM item as seen by expressions.
    struct Item: Sendable {
        /// The name expressions qualify with (`u` in `users u`, the table name otherwise).
        var alias: String
        var columns: [ColumnDef]
        /// The catalog table, when the item is a base table.
        var table: TableDef?
        /// True on the nullable side of an outer join (FOR UPDATE refuses it).
        var nullable = false
    }

    var levels: [[Item]] = [[]]
    /// Columns merged by `JOIN ... USING`, resolvable unqualified at the innermost level.
    var usingColumns: Set<String> = []

    /// A scope with one more (empty) level on top.
    func pushed() -> RenderScope {
        var s = self
        s.levels.append([])
        s.usingColumns = []
        return s
    }

    var innermost: [Item] { levels.last ?? [] }

    mutating func add(_ item: Item) throws(DSQLError) {
        if innermost.contains(where: { $0.alias == item.alias }) {
            throw DSQLError(sqlstate: "42712", message: "table name \"\(item.alias)\" specified more than once")
        }
        levels[levels.count - 1].append(item)
    }

    /// Resolves `[table.]name` to (qualifier, column); the qualifier is nil for a USING column.
    func resolve(table: String?, name: String) throws(DSQLError) -> (String?, ColumnDef) {
        for (depth, level) in levels.enumerated().reversed() {
            if let table {
                guard let item = level.first(where: { $0.alias == table }) else { continue }
                guard let col = item.columns.first(where: { $0.name == name }) else {
                    throw .undefinedColumn(name, table: table)
                }
                return (item.alias, col)
            }
            let hits = level.compactMap { item in item.columns.first { $0.name == name }.map { (item.alias, $0) } }
            if hits.count > 1 {
                if depth == levels.count - 1, usingColumns.contains(name) { return (nil, hits[0].1) }
                throw .ambiguousColumn(name)
            }
            if let hit = hits.first { return hit }
        }
        if let table {
            throw DSQLError(sqlstate: "42P01", message: "missing FROM-clause entry for table \"\(table)\"")
        }
        throw .undefinedColumn(name)
    }
}

/// A rendered expression: SQLite text plus what PostgreSQL would know about it.
struct Typed: Sendable {
    var sql: String
    var type: PGType
    /// PostgreSQL's output column name for the expression (`?column?` when it has none).
    var name: String = "?column?"
    /// The value, when the expression is a literal (used to fold casts at render time).
    var literal: SQLValue?
    /// The parameter number, when the expression is a bare `$n`.
    var param: Int?
}

/// SQL text helpers.
public enum SQLText {
    /// `"name"` with embedded quotes doubled.
    public static func ident(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// `'text'` with embedded quotes doubled.
    public static func string(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A SQLite literal for a value.
    static func literal(_ v: SQLValue) -> String {
        switch v {
        case .null: "NULL"
        case .integer(let i): String(i)
        case .real(let d): d.isFinite ? "\(d)" : (d > 0 ? "9e999" : (d < 0 ? "-9e999" : "NULL"))
        case .text(let s): string(s)
        case .blob(let b): "X'" + PGText.hex(b).dropFirst(2) + "'"
        }
    }
}
