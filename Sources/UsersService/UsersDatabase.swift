import DSQLClient
import Lambda

/// The database the users service talks to: one autocommit statement at a time.
///
/// The seed's Lambda sends single statements (`SELECT ...`, `INSERT ... RETURNING ...`), so the
/// service needs no more than this. The stack adapts a DSQL cluster session to it; tests use an
/// in-memory double. Keeping the protocol this small lets the service compile without knowing how
/// the cluster is wired.
public protocol UsersDatabase: Sendable {
    /// Runs one statement with `$n` parameters; rows come back in PostgreSQL text form.
    func execute(_ sql: String, _ params: [SQLValue]) async throws(DSQLError) -> UsersQueryResult
}

/// The result of one statement: column names and rows of PostgreSQL text values (nil is NULL).
///
/// Text form is what a PostgreSQL driver gives before type conversion, and what the seed's
/// `json.dumps(default=str)` prints for timestamps and UUIDs, so no typed decoding is needed.
public struct UsersQueryResult: Sendable, Equatable {
    /// Column names in select-list order.
    public var columns: [String]
    /// Rows, each with one value per column.
    public var rows: [[String?]]
    /// Rows affected (for INSERT/UPDATE/DELETE without RETURNING), if known.
    public var rowsAffected: Int

    /// Creates a result.
    public init(columns: [String] = [], rows: [[String?]] = [], rowsAffected: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.rowsAffected = rowsAffected
    }

    /// The rows as dictionaries keyed by column name.
    public var records: [[String: String?]] {
        rows.map { row in
            var record: [String: String?] = [:]
            for (index, column) in columns.enumerated() where index < row.count { record[column] = row[index] }
            return record
        }
    }
}

/// Carries a `UsersDatabase` through `LambdaResources` (resources are looked up by concrete type).
public struct UsersDatabaseResource: Sendable {
    /// The region's database.
    public let database: any UsersDatabase

    /// Wraps a database.
    public init(_ database: any UsersDatabase) { self.database = database }
}

extension LambdaResources {
    /// A copy carrying `database` for the users service and db-init handlers.
    public func withUsersDatabase(_ database: any UsersDatabase) -> LambdaResources {
        with(UsersDatabaseResource(database))
    }
}
