import DSQLClient

/// Maps SQLite errors raised while running rendered SQL back to PostgreSQL's errors.
///
/// Two sources: messages from the dialect's functions (`DSQL:<SQLSTATE>:<message>[\u{1F}<detail>]`),
/// and SQLite constraint failures (`NOT NULL constraint failed: t.c`, `UNIQUE constraint failed: t.a, t.b`,
/// `CHECK constraint failed: name`), which are named with the catalog's PostgreSQL constraint names.
public enum DialectErrors {
    /// The PostgreSQL error for a SQLite error message, or nil when it is not one the dialect knows.
    public static func map(sqliteMessage msg: String, catalog: Catalog) -> DSQLError? {
        if msg.hasPrefix(DialectFunctions.errorPrefix) {
            let rest = msg.dropFirst(DialectFunctions.errorPrefix.count)
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            let state = String(rest[..<colon])
            var body = String(rest[rest.index(after: colon)...])
            var detail: String?
            if let sep = body.firstIndex(of: "\u{1F}") {
                detail = String(body[body.index(after: sep)...])
                body = String(body[..<sep])
            }
            return DSQLError(sqlstate: state, message: body, detail: detail)
        }
        if let rest = msg.dropPrefix("NOT NULL constraint failed: ") {
            let parts = rest.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            return .notNullViolation(column: parts[1], table: parts[0])
        }
        if let rest = msg.dropPrefix("UNIQUE constraint failed: ") {
            if let idx = rest.dropPrefix("index '") {
                return .uniqueViolation(constraint: String(idx.dropLast()))
            }
            let refs = rest.components(separatedBy: ", ").map { $0.split(separator: ".", maxSplits: 1).map(String.init) }
            guard let table = refs.first?.first, let def = catalog.tables[table] else { return nil }
            let cols = Set(refs.compactMap { $0.count == 2 ? $0[1] : nil })
            if Set(def.primaryKey) == cols { return .uniqueViolation(constraint: def.primaryKeyName) }
            if let u = def.uniques.first(where: { Set($0.columns) == cols }) { return .uniqueViolation(constraint: u.name) }
            return .uniqueViolation(constraint: "\(table)_\(refs.compactMap { $0.last }.joined(separator: "_"))_key")
        }
        if let name = msg.dropPrefix("CHECK constraint failed: ") {
            let table = catalog.tables.values.first { $0.checks.contains { $0.name == name } }?.name ?? ""
            return .checkViolation(table: table, constraint: name)
        }
        return nil
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil.
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
