import DSQLClient

/// A key that a transaction wrote, for write-write conflict detection at commit.
///
/// Every changed row gives `table + primary key`; every unique index whose value a row change
/// introduces or removes gives `table + index + value`. Two transactions conflict when their key
/// sets intersect.
public struct WriteKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var table: String
    /// The unique index name, or nil for the primary key.
    public var index: String?
    /// The key's column values, in index column order.
    public var values: [SQLValue]

    public init(table: String, index: String? = nil, values: [SQLValue]) {
        self.table = table
        self.index = index
        self.values = values
    }

    /// A canonical text form, e.g. `users(1)` or `users.users_email_key('a@b')`.
    public var description: String {
        let vals = values.map { v -> String in
            switch v {
            case .text(let s):
                s.utf8.contains(UInt8(ascii: "'"))
                    ? "'" + String(s.flatMap { $0 == "'" ? ["'", "'"] : [$0] }) + "'" : "'" + s + "'"
            default: v.description
            }
        }.joined(separator: ",")
        return index.map { "\(table).\($0)(\(vals))" } ?? "\(table)(\(vals))"
    }

    public static func < (a: WriteKey, b: WriteKey) -> Bool { a.description < b.description }
}
