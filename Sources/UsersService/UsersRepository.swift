import DSQLClient

/// The seed's `AuroraDSQLClient`: the three operations the API Lambda performs, with its result shapes.
///
/// Every statement goes through `withRetries`, so an optimistic-concurrency conflict (`40001`) is
/// retried with backoff before the handler sees an error. Errors surface as `UsersDatabaseError`,
/// whose text is what the seed puts in `details` (and searches for `duplicate`/`unique`).
public struct UsersRepository: Sendable {
    /// `SELECT ... ORDER BY created_at DESC LIMIT $1`.
    public static let selectUsersSQL =
        "SELECT id, name, email, created_at, updated_at FROM users ORDER BY created_at DESC LIMIT $1"
    /// `INSERT ... RETURNING id, name, email, created_at`.
    public static let createUserSQL =
        "INSERT INTO users (name, email, created_at, updated_at) VALUES ($1, $2, NOW(), NOW()) RETURNING id, name, email, created_at"
    /// The columns of a listed user, in the seed's order.
    static let userColumns = ["id", "name", "email", "created_at", "updated_at"]
    /// The health probe.
    public static let healthCheckSQL = "SELECT 1 as health_check"

    /// The region's database.
    public let database: any UsersDatabase
    /// The seed's module-level settings.
    public let settings: UsersSettings
    /// The conflict retry policy.
    public let retry: RetryPolicy

    /// Creates a repository.
    public init(database: any UsersDatabase, settings: UsersSettings, retry: RetryPolicy = .standard) {
        self.database = database
        self.settings = settings
        self.retry = retry
    }

    /// Runs one statement with conflict retries.
    func run(_ sql: String, _ params: [SQLValue]) async throws(UsersDatabaseError) -> UsersQueryResult {
        let database = self.database
        do {
            return try await withRetries(retry) { () async throws(DSQLError) -> UsersQueryResult in
                try await database.execute(sql, params)
            }
        } catch {
            throw UsersDatabaseError(error)
        }
    }

    /// `select_users(limit)`: the newest users first, as `{id, name, email, created_at, updated_at}`.
    public func selectUsers(limit: Int = 100) async throws(UsersDatabaseError) -> [PyJSON] {
        let result = try await run(Self.selectUsersSQL, [.integer(Int64(limit))])
        // Each column's position is looked up once per result, not once per row.
        let columns = Self.userColumns.map { ($0, result.columns.firstIndex(of: $0)) }
        return result.rows.map { row in
            .object(columns.map { column, index in
                (column, PyJSON.optional(index.flatMap { $0 < row.count ? row[$0] : nil }))
            })
        }
    }

    /// `create_user(name, email)`: `{id, name, email, created_at, region: REGION_TYPE}`.
    public func createUser(name: String, email: String) async throws(UsersDatabaseError) -> PyJSON {
        let result = try await run(Self.createUserSQL, [.text(name), .text(email)])
        guard let row = result.rows.first else {
            throw UsersDatabaseError(message: "User creation failed - no records returned")
        }
        func value(_ column: String) -> PyJSON {
            guard let index = result.columns.firstIndex(of: column), index < row.count else { return .null }
            return .optional(row[index])
        }
        return .object([
            ("id", value("id")), ("name", value("name")), ("email", value("email")),
            ("created_at", value("created_at")), ("region", .string(settings.regionType)),
        ])
    }

    /// `health_check()`: never throws; `query_successful` tells whether `SELECT 1` worked.
    public func healthCheck(now: UTCClock.Stamp) async -> (body: [(String, PyJSON)], ok: Bool) {
        var body: [(String, PyJSON)] = []
        var failure: String?
        do {
            let result = try await run(Self.healthCheckSQL, [])
            if result.rows.first?.first.flatMap({ $0 }) != "1" { failure = "Health check returned no result" }
        } catch {
            failure = error.message
        }
        body.append(("database_status", .string(failure == nil ? "healthy" : "unhealthy")))
        body.append(("region", .optional(settings.dsqlRegion)))
        body.append(("region_type", .string(settings.regionType)))
        body.append(("endpoint", .optional(settings.dsqlEndpoint)))
        body.append(("database_name", .string(settings.databaseName)))
        body.append(("timestamp", .string(now.isoformatZ)))
        body.append(("query_successful", .bool(failure == nil)))
        if let failure { body.append(("error", .string(failure))) }
        return (body, failure == nil)
    }
}

/// The seed's `DatabaseError`: a message as `str(e)` would print it.
public struct UsersDatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text (`details` in error bodies).
    public var message: String
    /// The underlying SQLSTATE, when the error came from the database.
    public var sqlstate: String?

    /// An error with a plain message.
    public init(message: String, sqlstate: String? = nil) {
        self.message = message
        self.sqlstate = sqlstate
    }

    /// Wraps a database error: the message, then PostgreSQL's DETAIL line if any (as psycopg prints it).
    public init(_ error: DSQLError) {
        var text = error.message
        if let detail = error.detail { text += "\nDETAIL:  \(detail)" }
        self.init(message: text, sqlstate: error.sqlstate)
    }

    /// True when the seed would answer 409: the text mentions `duplicate` or `unique`.
    public var isDuplicate: Bool {
        let lower = message.lowercased()
        return lower.contains("duplicate") || lower.contains("unique")
    }

    public var description: String { message }
}
