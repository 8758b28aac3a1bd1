import DSQLClient

/// Read-only system views computed from the catalog: `information_schema.tables`,
/// `information_schema.columns` and `pg_indexes` (the seed's verification queries use the last two).
///
/// The renderer inlines them as derived tables, so they always reflect the statement's catalog.
extension Catalog {
    /// Names of the system views this emulator serves.
    static let virtualNames: Set<String> = [
        "information_schema.tables", "information_schema.columns", "pg_catalog.pg_indexes", "pg_indexes",
    ]

    /// The view's columns and rows, or nil when `name` is not a served view.
    func virtualTable(_ name: String) -> (columns: [ColumnDef], rows: [[SQLValue]])? {
        let ordered = tables.keys.sorted().compactMap { tables[$0] }
        switch name {
        case "information_schema.tables":
            let cols = ["table_catalog", "table_schema", "table_name", "table_type"].map { ColumnDef(name: $0, type: .text) }
            return (cols, ordered.map { [.text("postgres"), .text("public"), .text($0.name), .text("BASE TABLE")] })
        case "information_schema.columns":
            let cols = [
                ColumnDef(name: "table_catalog", type: .text), ColumnDef(name: "table_schema", type: .text),
                ColumnDef(name: "table_name", type: .text), ColumnDef(name: "column_name", type: .text),
                ColumnDef(name: "ordinal_position", type: .integer), ColumnDef(name: "column_default", type: .text),
                ColumnDef(name: "is_nullable", type: .text), ColumnDef(name: "data_type", type: .text),
                ColumnDef(name: "character_maximum_length", type: .integer),
                ColumnDef(name: "numeric_precision", type: .integer), ColumnDef(name: "numeric_scale", type: .integer),
                ColumnDef(name: "is_identity", type: .text),
            ]
            var rows: [[SQLValue]] = []
            for t in ordered {
                for (i, c) in t.visibleColumns.enumerated() {
                    let isChar = c.type.base == .varchar || c.type.base == .char
                    let dataType = c.type.base == .char ? "character" : PGType(c.type.base).pgName
                    rows.append([
                        .text("postgres"), .text("public"), .text(t.name), .text(c.name), .integer(Int64(i + 1)),
                        c.defaultSQL.map { .text($0) } ?? .null, .text(c.notNull ? "NO" : "YES"), .text(dataType),
                        isChar ? (c.type.length.map { .integer(Int64($0)) } ?? .null) : .null,
                        c.type.base == .numeric ? (c.type.length.map { .integer(Int64($0)) } ?? .null) : .null,
                        c.type.base == .numeric ? (c.type.scale.map { .integer(Int64($0)) } ?? .null) : .null,
                        .text(c.identity == nil ? "NO" : "YES"),
                    ])
                }
            }
            return (cols, rows)
        case "pg_indexes", "pg_catalog.pg_indexes":
            let cols = ["schemaname", "tablename", "indexname", "tablespace", "indexdef"].map { ColumnDef(name: $0, type: .text) }
            var rows: [[SQLValue]] = []
            func row(_ table: String, _ name: String, _ unique: Bool, _ columns: [String], _ include: [String] = []) {
                var def = "CREATE \(unique ? "UNIQUE " : "")INDEX \(name) ON public.\(table) USING btree (\(columns.joined(separator: ", ")))"
                if !include.isEmpty { def += " INCLUDE (\(include.joined(separator: ", ")))" }
                rows.append([.text("public"), .text(table), .text(name), .null, .text(def)])
            }
            for t in ordered {
                if t.primaryKey != [TableDef.hiddenKeyColumn] { row(t.name, t.primaryKeyName, true, t.primaryKey) }
                for u in t.uniques where !u.isIndex { row(t.name, u.name, true, u.columns) }
                for ix in indexes.values.sorted(by: { $0.name < $1.name }) where ix.table == t.name {
                    row(t.name, ix.name, ix.unique, ix.columns, ix.include)
                }
            }
            return (cols, rows)
        default:
            return nil
        }
    }

    /// The view rendered as a SQLite derived-table body.
    func virtualTableSQL(_ columns: [ColumnDef], _ rows: [[SQLValue]]) -> String {
        guard !rows.isEmpty else {
            return "SELECT " + columns.map { "NULL AS \(SQLText.ident($0.name))" }.joined(separator: ", ") + " WHERE 0"
        }
        return rows.map { row in
            "SELECT " + zip(row, columns).map { "\(SQLText.literal($0)) AS \(SQLText.ident($1.name))" }.joined(separator: ", ")
        }.joined(separator: " UNION ALL ")
    }
}
