import DSQLClient

/// The schema of one DSQL database: tables, secondary indexes and sequences.
///
/// It is a value (Codable) because DDL replicates as log entries: every region applies the same DDL
/// to the same catalog with `applying(_:context:)` and gets the same new catalog and SQLite DDL.
public struct Catalog: Sendable, Hashable, Codable {
    public var tables: [String: TableDef] = [:]
    public var indexes: [String: IndexDef] = [:]
    public var sequences: [String: SequenceDef] = [:]
    /// Incremented by every applied DDL statement (the store can compare versions for OC001).
    public var version: Int = 0

    public init() {}

    /// SQLite table holding `sys.jobs` rows.
    public static let jobsTable = "__rs_sys_jobs"

    /// SQLite statements to run once on an empty database before any DDL.
    public static let bootstrapSQL: [String] = [
        """
        CREATE TABLE IF NOT EXISTS "\(jobsTable)" ("job_id" TEXT NOT NULL PRIMARY KEY, "status" TEXT, \
        "details" TEXT, "job_type" TEXT, "class_id" INTEGER, "object_id" INTEGER, "object_name" TEXT, \
        "start_time" TEXT, "update_time" TEXT)
        """,
    ]

    /// The catalog view of `sys.jobs` (dsql.md §5.4).
    public static let jobsTableDef = TableDef(
        name: jobsTable,
        columns: [
            ColumnDef(name: "job_id", type: .text, notNull: true),
            ColumnDef(name: "status", type: .text),
            ColumnDef(name: "details", type: .text),
            ColumnDef(name: "job_type", type: .text),
            ColumnDef(name: "class_id", type: .bigint),
            ColumnDef(name: "object_id", type: .bigint),
            ColumnDef(name: "object_name", type: .text),
            ColumnDef(name: "start_time", type: .timestamptz),
            ColumnDef(name: "update_time", type: .timestamptz),
        ],
        primaryKey: ["job_id"], primaryKeyName: "jobs_pkey", uniques: [], checks: [])

    /// Resolves a relation name as written in a query (`users`, `sys.jobs`).
    public func resolveTable(_ name: String) throws(DSQLError) -> TableDef {
        if name == "sys.jobs" { return Self.jobsTableDef }
        guard let t = tables[name] else { throw .undefinedTable(name) }
        return t
    }

    /// All relation names (tables and indexes share PostgreSQL's namespace).
    func relationExists(_ name: String) -> Bool {
        tables[name] != nil || indexes[name] != nil || sequences[name] != nil
            || tables.values.contains { $0.primaryKeyName == name || $0.uniques.contains { $0.name == name } }
    }

    /// The SQLite name of the relation `name` resolves to (identity except `sys.jobs`).
    public static func sqliteName(_ name: String) -> String { name == "sys.jobs" ? jobsTable : name }
}

/// Identifiers of async jobs: 26 lowercase base32 characters, like `qfzv5uemkrg2lbczil2fim3o2q`.
public enum JobID {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// A new job id drawn from `rng` (seeded in tests and simulations).
    public static func generate(using rng: inout some RandomNumberGenerator) -> String {
        String((0..<26).map { _ in alphabet[Int(rng.next() % 32)] })
    }
}
