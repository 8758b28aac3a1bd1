/// A value as SQLite stores it: the unit that crosses between the DSQL dialect and the SQLite store.
///
/// The dialect renders PostgreSQL values into these (a `uuid` becomes `.text`, a `boolean` becomes
/// `.integer(0 or 1)`), the store binds them to statements and reads them back, and the result layer
/// turns them into PostgreSQL-typed output using the column's PostgreSQL type name.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension SQLValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let s): s
        case .blob(let b): "\\x" + b.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
