/// A PostgreSQL data type as Aurora DSQL supports it, with its length or precision modifiers.
///
/// The catalog stores column types as `PGType`; the renderer uses it to pick the SQLite storage class
/// and the coercion function, and the result layer uses `pgName` to label output columns.
public struct PGType: Sendable, Hashable, Codable {
    /// The base type.
    public enum Base: String, Sendable, Hashable, Codable, CaseIterable {
        case uuid, text, varchar, char, smallint, integer, bigint, real, double, numeric, boolean
        case date, time, timestamp, timestamptz, interval, bytea, json, jsonb
        /// A literal or parameter whose type is not known yet (PostgreSQL's `unknown`).
        case unknown
    }

    public var base: Base
    /// `varchar(n)` / `char(n)` length, or `numeric` precision.
    public var length: Int?
    /// `numeric` scale.
    public var scale: Int?

    public init(_ base: Base, length: Int? = nil, scale: Int? = nil) {
        self.base = base
        self.length = length
        self.scale = scale
    }

    public static let text = PGType(.text)
    public static let bigint = PGType(.bigint)
    public static let integer = PGType(.integer)
    public static let boolean = PGType(.boolean)
    public static let numeric = PGType(.numeric)
    public static let double = PGType(.double)
    public static let uuid = PGType(.uuid)
    public static let timestamptz = PGType(.timestamptz)
    public static let timestamp = PGType(.timestamp)
    public static let unknown = PGType(.unknown)

    /// The name PostgreSQL prints for the type (`format_type`), e.g. `character varying(100)`.
    public var pgName: String {
        switch base {
        case .varchar: length.map { "character varying(\($0))" } ?? "character varying"
        case .char: "character(\(length ?? 1))"
        case .numeric:
            if let p = length { "numeric(\(p),\(scale ?? 0))" } else { "numeric" }
        case .double: "double precision"
        case .time: "time without time zone"
        case .timestamp: length.map { "timestamp(\($0)) without time zone" } ?? "timestamp without time zone"
        case .timestamptz: length.map { "timestamp(\($0)) with time zone" } ?? "timestamp with time zone"
        default: base.rawValue
        }
    }

    /// The short name used in error messages for input syntax (`integer`, `uuid`, `timestamp`...).
    public var inputName: String {
        switch base {
        case .varchar: "character varying"
        case .char: "character"
        case .double: "double precision"
        case .timestamptz: "timestamp with time zone"
        case .timestamp: "timestamp"
        case .time: "time"
        default: base.rawValue
        }
    }

    /// The SQLite column type (chooses the column affinity). Integers are declared `INT`, not
    /// `INTEGER`, so an integer primary key is not SQLite's rowid alias (which would turn an inserted
    /// NULL into a generated key instead of PostgreSQL's not-null error).
    public var sqliteType: String {
        switch base {
        case .smallint, .integer, .bigint, .boolean: "INT"
        case .real, .double: "REAL"
        case .numeric: "NUMERIC"
        case .bytea: "BLOB"
        default: "TEXT"
        }
    }

    /// A compact spec string that SQLite functions parse back (`varchar:100`, `numeric:18:6`).
    public var spec: String {
        var s = base.rawValue
        if let length { s += ":\(length)" }
        if let scale { s += ":\(scale)" }
        return s
    }

    /// Parses `spec` back into a type.
    public init?(spec: String) {
        let parts = spec.split(separator: ":")
        guard let first = parts.first, let base = Base(rawValue: String(first)) else { return nil }
        self.init(base, length: parts.count > 1 ? Int(parts[1]) : nil, scale: parts.count > 2 ? Int(parts[2]) : nil)
    }

    /// True for the integer types.
    public var isInteger: Bool { base == .smallint || base == .integer || base == .bigint }
    /// True for any numeric type.
    public var isNumeric: Bool { isInteger || base == .real || base == .double || base == .numeric }
    /// True for text-like types.
    public var isText: Bool { base == .text || base == .varchar || base == .char }
}
