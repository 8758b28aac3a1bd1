import DSQL
import DSQLDialect
import Foundation
import PGWire

/// Answers the catalog queries psql 15 sends for `\dt`, `\d` and `\d <table>`, from the DSQL
/// catalog.
///
/// It exists because those queries read `pg_class`, `pg_attribute`, `pg_index` and friends with
/// operators (`OPERATOR(pg_catalog.~)`, `::regclass`) that DSQL's dialect here does not serve;
/// each query is recognised by its shape (as psql writes it) and answered with the catalog's
/// tables, columns and indexes. Table OIDs are positions in the sorted table list.
enum PSQLDescribe {
    static let firstOID = 16_384

    static func answer(_ sql: String, catalog: Catalog) -> PGResult? {
        guard sql.contains("pg_catalog.") else { return nil }
        let tables = catalog.tables.keys.sorted().filter { !$0.hasPrefix("__rs") }.compactMap { catalog.tables[$0] }
        func oid(of name: String) -> Int? { tables.firstIndex { $0.name == name }.map { firstOID + $0 } }
        func table(oidIn sql: String) -> TableDef? {
            guard let range = sql.range(of: #"= '(\d+)'"#, options: .regularExpression) else { return nil }
            let digits = sql[range].filter(\.isNumber)
            guard let n = Int(digits), n >= firstOID, n - firstOID < tables.count else { return nil }
            return tables[n - firstOID]
        }
        if sql.contains("pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\"") {
            // \dt, \d: the relation list.
            guard sql.contains("'r'") else { return text(["Schema", "Name", "Type", "Owner"], []) }
            let rows = tables.filter { matches(sql, $0.name) }.map { ["public", $0.name, "table", "admin"] as [String?] }
            return text(["Schema", "Name", "Type", "Owner"], rows)
        }
        if sql.hasPrefix("SELECT c.oid,\n  n.nspname,\n  c.relname\nFROM pg_catalog.pg_class c") {
            let rows = tables.filter { matches(sql, $0.name) }.map { [String(oid(of: $0.name)!), "public", $0.name] as [String?] }
            return text(["oid", "nspname", "relname"], rows)
        }
        if sql.hasPrefix("SELECT c.relchecks, c.relkind, c.relhasindex") {
            guard let t = table(oidIn: sql) else { return text(Array(repeating: "?column?", count: 15), []) }
            let row: [String?] = [String(t.checks.count), "r", "t", "f", "f", "f", "f", "f", "f", "", "0", "", "p", "d", "heap"]
            return text(["relchecks", "relkind", "relhasindex", "relhasrules", "relhastriggers", "relrowsecurity",
                         "relforcerowsecurity", "relhasoids", "relispartition", "?column?", "reltablespace", "reloftype",
                         "relpersistence", "relreplident", "amname"], [row])
        }
        if sql.contains("FROM pg_catalog.pg_attribute a\nWHERE a.attrelid = '") {
            guard let t = table(oidIn: sql) else { return text(["attname"], []) }
            let rows = t.visibleColumns.map { c -> [String?] in
                [c.name, c.type.pgName, c.defaultSQL, c.notNull ? "t" : "f", nil, c.identity == nil ? "" : "d", ""]
            }
            return text(["attname", "format_type", "pg_get_expr", "attnotnull", "attcollation", "attidentity", "attgenerated"], rows)
        }
        if sql.contains("pg_catalog.pg_get_indexdef(i.indexrelid, 0, true)") {
            guard let t = table(oidIn: sql) else { return text(["relname"], []) }
            var rows: [[String?]] = []
            func add(_ name: String, primary: Bool, unique: Bool, columns: [String], constraint: String?) {
                let def = "CREATE \(unique ? "UNIQUE " : "")INDEX \(name) ON public.\(t.name) USING btree (\(columns.joined(separator: ", ")))"
                let contype: String? = constraint == nil ? nil : (primary ? "p" : "u")
                rows.append([name, primary ? "t" : "f", unique ? "t" : "f", "f", "t", def, constraint, contype,
                             constraint == nil ? nil : "f", constraint == nil ? nil : "f", "f", "0"])
            }
            if t.primaryKey != [TableDef.hiddenKeyColumn] {
                add(t.primaryKeyName, primary: true, unique: true, columns: t.primaryKey,
                    constraint: "PRIMARY KEY (\(t.primaryKey.joined(separator: ", ")))")
            }
            for u in t.uniques where !u.isIndex {
                add(u.name, primary: false, unique: true, columns: u.columns, constraint: "UNIQUE (\(u.columns.joined(separator: ", ")))")
            }
            for ix in catalog.indexes.values.sorted(by: { $0.name < $1.name }) where ix.table == t.name {
                add(ix.name, primary: false, unique: ix.unique, columns: ix.columns, constraint: nil)
            }
            rows.sort { ($0[1] == "t" ? 0 : 1, $0[0] ?? "") < ($1[1] == "t" ? 0 : 1, $1[0] ?? "") }
            return text(["relname", "indisprimary", "indisunique", "indisclustered", "indisvalid", "pg_get_indexdef",
                         "pg_get_constraintdef", "contype", "condeferrable", "condeferred", "indisreplident", "reltablespace"], rows)
        }
        // The rest of \d's queries (policies, statistics, publications, inheritance): none in DSQL.
        for marker in ["FROM pg_catalog.pg_policy pol", "FROM pg_catalog.pg_statistic_ext", "FROM pg_catalog.pg_publication p",
                       "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i"] where sql.contains(marker) {
            return text(["?column?"], [])
        }
        return nil
    }

    /// psql's name pattern (`c.relname OPERATOR(pg_catalog.~) '^(t)$'`), or true when there is none.
    static func matches(_ sql: String, _ name: String) -> Bool {
        guard let range = sql.range(of: #"OPERATOR\(pg_catalog\.~\) '([^']*)'"#, options: .regularExpression) else { return true }
        let clause = sql[range]
        guard let open = clause.firstIndex(of: "'"), let close = clause.lastIndex(of: "'"), open < close else { return true }
        let pattern = String(clause[clause.index(after: open)..<close])
        return name.range(of: pattern, options: .regularExpression) != nil
    }

    static func text(_ names: [String], _ rows: [[String?]]) -> PGResult {
        PGResult(columns: names.map { PGColumn(name: $0, typeOID: PGTypeOID.text) }, rows: rows, commandTag: "SELECT \(rows.count)")
    }
}
