import DSQLClient
import Lambda

/// The seed's db-init function (`init_db.lambda_handler`, named `${name_prefix}-db-init`), with
/// DSQL-valid DDL.
///
/// The seed's schema uses `SERIAL`, a trigger and plain `CREATE INDEX`, none of which DSQL runs
/// (seed-contract §3, §9.2 items 26-28). This handler creates the same table with a UUID key,
/// relies on the UNIQUE constraint's index for `email`, and builds the `created_at` index with
/// `CREATE INDEX ASYNC`. Each statement is its own transaction (DSQL allows one DDL per
/// transaction) and is retried on `40001`. Like the seed it never throws: it answers
/// `{"statusCode": 200|500, "body": {...}}` with `timestamp` holding the request id.
public struct DBInitHandler: LambdaHandler {
    /// The DSQL-valid schema, in execution order.
    public static let schemaStatements = [
        "CREATE TABLE IF NOT EXISTS users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name varchar(100) NOT NULL, email varchar(255) UNIQUE NOT NULL, created_at timestamp DEFAULT CURRENT_TIMESTAMP, updated_at timestamp DEFAULT CURRENT_TIMESTAMP)",
        "CREATE INDEX ASYNC IF NOT EXISTS idx_users_created_at ON users(created_at)",
    ]
    /// One sample row's insert.
    public static let sampleInsertSQL = "INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING"
    /// The seed's five sample users.
    public static let sampleUsers: [(name: String, email: String)] = [
        ("John Doe", "john.doe@example.com"),
        ("Jane Smith", "jane.smith@example.com"),
        ("Bob Johnson", "bob.johnson@example.com"),
        ("Alice Brown", "alice.brown@example.com"),
        ("Charlie Wilson", "charlie.wilson@example.com"),
    ]

    /// The database.
    public let database: any UsersDatabase
    /// `DATABASE_NAME`.
    public let databaseName: String
    /// `CREATE_SAMPLE_DATA` (true when it lower-cases to `true`).
    public let createSampleData: Bool
    /// The conflict retry policy.
    public let retry: RetryPolicy

    /// Cold start: environment and the database resource.
    public init(context: LambdaInitializationContext) async throws {
        self.init(
            database: try context.resources.require(UsersDatabaseResource.self).database,
            environment: context.environment, retry: context.resources[RetryPolicy.self] ?? .standard)
    }

    /// Creates a handler directly.
    public init(database: any UsersDatabase, environment: [String: String], retry: RetryPolicy = .standard) {
        self.database = database
        databaseName = environment["DATABASE_NAME"] ?? "postgres"
        createSampleData = (environment["CREATE_SAMPLE_DATA"] ?? "true").lowercased() == "true"
        self.retry = retry
    }

    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        Array(await run(requestID: context.requestID, logger: context.logger).text.utf8)
    }

    /// Creates the schema (and sample rows) and returns the seed's result document.
    public func run(requestID: String, logger: LambdaLogger? = nil) async -> PyJSON {
        let database = self.database
        do {
            for statement in Self.schemaStatements {
                _ = try await withRetries(retry) { () async throws(DSQLError) -> UsersQueryResult in
                    try await database.execute(statement, [])
                }
            }
            logger?.info("Database schema created successfully")
            if createSampleData {
                for user in Self.sampleUsers {
                    do {
                        _ = try await withRetries(retry) { () async throws(DSQLError) -> UsersQueryResult in
                            try await database.execute(Self.sampleInsertSQL, [.text(user.name), .text(user.email)])
                        }
                    } catch {
                        logger?.warning("Failed to insert sample user \(user.name): \(UsersDatabaseError(error).message)")
                    }
                }
                logger?.info("Sample data created successfully")
            }
        } catch {
            let message = UsersDatabaseError(error).message
            logger?.error("Database initialization failed: \(message)")
            return .object([
                ("statusCode", .int(500)),
                ("body", .object([
                    ("error", .string("Database initialization failed: \(message)")),
                    ("database_name", .string(databaseName)), ("timestamp", .string(requestID)),
                ])),
            ])
        }
        return .object([
            ("statusCode", .int(200)),
            ("body", .object([
                ("message", .string("Database initialization completed successfully")),
                ("database_name", .string(databaseName)), ("sample_data_created", .bool(createSampleData)),
                ("timestamp", .string(requestID)),
            ])),
        ])
    }
}
