import DSQLClient

/// A table in the catalog: ordered columns, primary key, unique constraints and checks.
///
/// The renderer reads it for `*` expansion, hidden columns and type-aware coercion; the store reads
/// it to name constraints in errors and to build write keys (table + primary key).
public struct TableDef: Sendable, Hashable, Codable {
    public var name: String
    public var columns: [ColumnDef]
    /// Primary-key column names; a table declared without one has the hidden `__rs_rowid`.
    public var primaryKey: [String]
    /// PostgreSQL's name for the primary key constraint (`<table>_pkey` unless named).
    public var primaryKeyName: String
    public var uniques: [UniqueDef]
    public var checks: [CheckDef]

    /// The hidden primary-key column of tables declared without a primary key.
    public static let hiddenKeyColumn = "__rs_rowid"

    /// Columns that `SELECT *` shows (hidden ones excluded), in declaration order.
    public var visibleColumns: [ColumnDef] { columns.filter { !$0.hidden } }

    /// The column named `name`, if any.
    public func column(_ name: String) -> ColumnDef? { columns.first { $0.name == name } }

    /// Key columns in DSQL's sense (dsql.md §1.2): members of the primary key or of a unique index.
    /// An UPDATE that changes only other columns does not conflict with FOR KEY SHARE.
    public var keyColumns: Set<String> { Set(primaryKey + uniques.flatMap(\.columns)) }

    /// Column sets whose values are write keys at commit: the primary key, then each unique key.
    public var writeKeySets: [[String]] { [primaryKey] + uniques.map(\.columns) }

    /// True when `cols` (as a set) is the primary key or a unique constraint.
    public func hasUniqueKey(_ cols: [String]) -> Bool {
        let s = Set(cols)
        return Set(primaryKey) == s || uniques.contains { Set($0.columns) == s }
    }
}

/// A column of a table.
public struct ColumnDef: Sendable, Hashable, Codable {
    public var name: String
    public var type: PGType
    public var notNull: Bool
    /// DEFAULT as PostgreSQL source text (for display and re-rendering).
    public var defaultSQL: String?
    /// DEFAULT rendered as a SQLite expression (already wrapped in the column's coercion).
    public var defaultSQLite: String?
    public var identity: IdentitySpec?
    /// Hidden columns (the synthetic primary key) are never shown by `SELECT *`.
    public var hidden: Bool

    public init(name: String, type: PGType, notNull: Bool = false, defaultSQL: String? = nil,
                defaultSQLite: String? = nil, identity: IdentitySpec? = nil, hidden: Bool = false) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.defaultSQL = defaultSQL
        self.defaultSQLite = defaultSQLite
        self.identity = identity
        self.hidden = hidden
    }
}

/// A named unique constraint (from CREATE TABLE) or unique index (from CREATE UNIQUE INDEX ASYNC).
public struct UniqueDef: Sendable, Hashable, Codable {
    public var name: String
    public var columns: [String]
    /// True when it came from CREATE UNIQUE INDEX rather than a table constraint.
    public var isIndex: Bool
}

/// A CHECK constraint with its PostgreSQL name and source text.
public struct CheckDef: Sendable, Hashable, Codable {
    public var name: String
    public var exprSQL: String
}

/// A secondary index created with CREATE [UNIQUE] INDEX ASYNC.
public struct IndexDef: Sendable, Hashable, Codable {
    public var name: String
    public var table: String
    public var columns: [String]
    public var include: [String]
    public var unique: Bool
    /// The job that built it (a `sys.jobs` row).
    public var jobID: String
}

/// A sequence created with CREATE SEQUENCE (values are not served by this emulator yet).
public struct SequenceDef: Sendable, Hashable, Codable {
    public var name: String
    public var start: Int64
    public var increment: Int64
    public var cache: Int64
    /// `table.column` of the identity column that owns it (dropped with its table).
    public var ownedBy: String? = nil
}
