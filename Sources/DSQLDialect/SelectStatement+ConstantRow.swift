import DSQLClient

/// SELECTs whose one row is known without reading anything: `SELECT 1 AS health_check`.
extension SelectStatement {
    /// The row of a SELECT whose list holds only integer, string and NULL literals and which has
    /// no other clause (no FROM, WHERE, GROUP BY, HAVING, UNION, ORDER BY, LIMIT, OFFSET, DISTINCT
    /// or locking); nil for anything else.
    ///
    /// It exists because health checks run such a statement on every request, and its answer
    /// needs neither a snapshot nor the region's SQLite thread: the values are exactly what SQLite
    /// returns for these literals (integers as integers, strings as text, NULL as NULL), which
    /// `ConstantRowTests` checks against SQLite itself. The statement is still parsed, prepared
    /// and admitted by the transaction's rules like any other, so types, names and errors agree.
    public var constantRow: [SQLValue]? {
        guard from.isEmpty, whereClause == nil, groupBy.isEmpty, having == nil, unions.isEmpty, orderBy.isEmpty,
            limit == nil, offset == nil, lock == nil, !distinct, !items.isEmpty
        else { return nil }
        var row: [SQLValue] = []
        row.reserveCapacity(items.count)
        for item in items {
            switch item.expr {
            case .integer(let v): row.append(.integer(v))
            case .string(let s): row.append(.text(s))
            case .null: row.append(.null)
            default: return nil
            }
        }
        return row
    }
}

extension Statement {
    /// The row of a constant SELECT (see `SelectStatement.constantRow`), else nil.
    public var constantRow: [SQLValue]? {
        if case .select(let s) = self { return s.constantRow }
        return nil
    }
}
