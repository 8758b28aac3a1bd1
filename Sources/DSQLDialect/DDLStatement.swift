import DSQLClient

/// `CREATE TABLE [IF NOT EXISTS] t (columns, constraints)`.
///
/// Kept separate from `Statement` so the catalog can apply it as a pure function.
public struct CreateTableStatement: Sendable, Hashable, Codable {
    public var name: String
    public var ifNotExists: Bool
    public var columns: [ColumnSpec]
    public var constraints: [TableConstraint]
}

/// One column definition of CREATE TABLE or ALTER TABLE ADD COLUMN.
public struct ColumnSpec: Sendable, Hashable, Codable {
    public var name: String
    public var type: PGType
    public var notNull = false
    public var primaryKey = false
    public var unique = false
    /// The DEFAULT expression as PostgreSQL-dialect source text (re-parsed when rendering).
    public var defaultSQL: String?
    /// Named or unnamed CHECK constraints on the column: (name, PG source text).
    public var checks: [CheckSpec] = []
    public var identity: IdentitySpec?
    /// Explicit `CONSTRAINT name` for the PRIMARY KEY / UNIQUE of this column.
    public var primaryKeyName: String?
    public var uniqueName: String?
}

/// A CHECK constraint: optional explicit name and the expression's source text.
public struct CheckSpec: Sendable, Hashable, Codable {
    public var name: String?
    public var exprSQL: String
}

/// `GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(CACHE n)]`.
public struct IdentitySpec: Sendable, Hashable, Codable {
    public var always: Bool
    public var cache: Int64
}

/// A table-level constraint.
public enum TableConstraint: Sendable, Hashable, Codable {
    case primaryKey(name: String?, columns: [String])
    case unique(name: String?, columns: [String])
    case check(CheckSpec)
}

/// `CREATE [UNIQUE] INDEX ASYNC [IF NOT EXISTS] [name] ON t (cols) [INCLUDE (cols)]`.
public struct CreateIndexStatement: Sendable, Hashable, Codable {
    public var name: String?
    public var table: String
    public var unique: Bool
    public var ifNotExists: Bool
    public var columns: [String]
    public var include: [String]
    /// `NULLS NOT DISTINCT`.
    public var nullsNotDistinct: Bool
}

/// `ALTER TABLE t ADD COLUMN ... | DROP COLUMN ...`.
public struct AlterTableStatement: Sendable, Hashable, Codable {
    public enum Action: Sendable, Hashable, Codable {
        case addColumn(ColumnSpec, ifNotExists: Bool)
        case dropColumn(String, ifExists: Bool)
    }
    public var table: String
    public var ifExists: Bool
    public var action: Action
}

/// `CREATE SEQUENCE [IF NOT EXISTS] name [AS bigint] [CACHE n] ...`.
public struct CreateSequenceStatement: Sendable, Hashable, Codable {
    public var name: String
    public var ifNotExists: Bool
    public var cache: Int64
    public var start: Int64
    public var increment: Int64
}
